package io.teamtalkj.pdu;

/** Why a request got its handler's failure reply instead of a served one. */
public enum Failure {
    /** The executor's queue for the request was full, or the executor is stopping: retry later. */
    OVERLOADED,
    /** The handler threw while serving the request (for the dbproxy: MySQL or Redis failed). */
    HANDLER_ERROR
}
