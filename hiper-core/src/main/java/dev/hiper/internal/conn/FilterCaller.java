package dev.hiper.internal.conn;

/**
 * The transfer a connection's filters act for on one call, given as a parameter to each call
 * (as libcurl hands every connection-filter call its easy handle) rather than kept by the
 * filter: a connection outlives the transfer that made it, and later serves others, or several
 * at once (HTTP/2 streams), so whatever a layer has to say goes to the transfer of the call in
 * progress. Today that is the verbose trace of a TLS handshake; a proxy tunnel's CONNECT
 * exchange and its credentials will come through here too.
 */
public interface FilterCaller {
    /** A caller that hears nothing (connection shutdown during cleanup, tests). */
    FilterCaller NONE = text -> { };

    /** A line of the caller's verbose trace ("* ..." in curl -v). */
    void trace(String text);
}
