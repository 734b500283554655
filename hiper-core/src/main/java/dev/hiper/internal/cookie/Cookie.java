package dev.hiper.internal.cookie;

/**
 * One cookie as the jar keeps it (RFC 6265 section 5.3), with the fields of a Netscape cookie
 * file line: domain (no leading dot), whether it also matches the domain's subdomains
 * ({@code tailmatch}: a {@code Domain} attribute was given), path, {@code Secure}, expiry in
 * seconds since the epoch (0 for a session cookie), name, value, and {@code HttpOnly} (the
 * {@code #HttpOnly_} prefix in a file).
 */
final class Cookie {
    String name;
    String value;
    /** Lower case, without a leading dot; null only for a cookie that never got one. */
    String domain;
    String path;
    boolean tailmatch;
    boolean secure;
    boolean httpOnly;
    /** Seconds since the epoch; 0 = a session cookie. */
    long expires;
    /** Set from a response while the engine runs (preferred over one read from a file). */
    boolean live;
    /** The order cookies came in, kept when one replaces another. */
    long creation;
    boolean prefixSecure;
    boolean prefixHost;

    /** The cookie as a line of a Netscape cookie file, without a line end. */
    String netscapeLine() {
        return (httpOnly ? "#HttpOnly_" : "")
                + (tailmatch && domain != null && !domain.startsWith(".") ? "." : "")
                + (domain != null ? domain : "unknown") + '\t'
                + (tailmatch ? "TRUE" : "FALSE") + '\t'
                + (path != null ? path : "/") + '\t'
                + (secure ? "TRUE" : "FALSE") + '\t'
                + expires + '\t'
                + name + '\t'
                + (value != null ? value : "");
    }

    /** The name's prefix (draft-ietf-httpbis-rfc6265bis section 4.1.3), matched case-sensitively. */
    void notePrefix() {
        prefixSecure = name.startsWith("__Secure-");
        prefixHost = !prefixSecure && name.startsWith("__Host-");
    }
}
