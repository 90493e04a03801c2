package com.medialogis.dmp.support.health;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/**
 * How the bundles' health checks speak (Apache Felix Health Checks): each is tagged {@value #DMP}
 * and with its concerns; its result says what it saw and, when it is not OK, what to do, in an
 * entry starting with {@value #TO_DO}. A check tagged {@value #READY} passes readiness when it is
 * OK or WARN.
 */
public final class Checks {

    /** Every check of the bundle set. */
    public static final String DMP = "dmp";
    public static final String CARDS = "cards";
    public static final String CONNECTOR = "connector";
    public static final String SESSION = "session";
    public static final String QUEUE = "queue";
    public static final String SHELL = "shell";
    /** WARN while a simulator serves: the virtual cards, the DMP sandbox. */
    public static final String DEMO = "demo";
    /** What the container's readiness waits for. */
    public static final String READY = "ready";
    /** The start of the entry that says what to do. */
    public static final String TO_DO = "to do: ";

    private Checks() {}

    /** @return an OK result saying what the check saw */
    public static Result ok(String saw) {
        return new Report().ok(saw).result();
    }

    /**
     * @param status WARN, TEMPORARILY_UNAVAILABLE or CRITICAL
     * @return a result saying what the check saw and what to do
     */
    public static Result problem(Result.Status status, String saw, String toDo) {
        return new Report().problem(status, saw, toDo).result();
    }

    /** What a check saw, finding by finding; its result is the worst finding's status. */
    public static final class Report {
        private final ResultLog log = new ResultLog();

        public Report ok(String saw) {
            log.add(new ResultLog.Entry(Result.Status.OK, saw));
            return this;
        }

        /** @param status WARN, TEMPORARILY_UNAVAILABLE or CRITICAL */
        public Report problem(Result.Status status, String saw, String toDo) {
            if (status == Result.Status.OK || status == Result.Status.HEALTH_CHECK_ERROR) {
                throw new IllegalArgumentException("a problem is WARN, TEMPORARILY_UNAVAILABLE or CRITICAL, not " + status);
            }
            log.add(new ResultLog.Entry(status, saw));
            log.add(new ResultLog.Entry(status, TO_DO + toDo));
            return this;
        }

        public Result result() {
            return new Result(log);
        }
    }
}
