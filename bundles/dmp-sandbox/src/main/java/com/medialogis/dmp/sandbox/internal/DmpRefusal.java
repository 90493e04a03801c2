package com.medialogis.dmp.sandbox.internal;

/** The simulated DMP refuses a request, with its code and message, as the real one does. */
final class DmpRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    DmpRefusal(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
