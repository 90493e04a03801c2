package com.medialogis.dmp.support.command;

import com.medialogis.dmp.connector.ConnectorException;

/** How a command says a DMP driver's failure: to be tried again later, or refused, with its code. */
public final class Refusals {

    private Refusals() {}

    /** @return "try again later: …" or "refused: …", then the driver's code in brackets when it gave one */
    public static String describe(ConnectorException e) {
        return (e.isTransient() ? "try again later: " : "refused: ") + e.getMessage()
                + (e.dmpCode().isEmpty() ? "" : " [" + e.dmpCode() + "]");
    }
}
