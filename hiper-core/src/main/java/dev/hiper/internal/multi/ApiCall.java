package dev.hiper.internal.multi;

/**
 * The multi's API calls and, as one table, which of them may be made from inside a callback
 * (contract rule 21; DESIGN: re-entrancy is a table in the code, not a scatter of flags).
 */
public enum ApiCall {
    SOCKET_ACTION(false),
    SOCKET_ALL(false),
    ADD_HANDLE(false),
    REMOVE_HANDLE(false),
    SETOPT(false),
    TIMEOUT(false),
    PERFORM(false),
    POLL(false),
    WAIT(false),
    CLEANUP(false),
    ASSIGN(true),
    INFO_READ(true),
    WAKEUP(true);

    /** Whether the call works from inside a socket, timer or transfer callback. */
    final boolean allowedInCallback;

    ApiCall(boolean allowedInCallback) {
        this.allowedInCallback = allowedInCallback;
    }
}
