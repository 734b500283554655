package dev.hiper.cli.args;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every option of curl's command line (curl 8.21): its long name, its short letter, and whether
 * it takes an argument. Looking a name up here tells an option hiper does not have yet (known,
 * refused with curl's "does not support this") from one nobody has (unknown).
 */
final class OptionTable {
    /** How an option takes its value, as curl's ARG_NONE / ARG_BOOL / ARG_STRG / ARG_FILE. */
    enum Kind { NONE, BOOL, STRING, FILE }

    /**
     * One option.
     *
     * @param name the long name, without dashes
     * @param letter the short letter, or 0
     * @param kind how it takes its value
     * @param noForm whether its usual form is {@code --no-name} (curl's ARG_NO: its short letter turns it off)
     * @param tls whether it needs TLS (refused without it)
     */
    record Spec(String name, char letter, Kind kind, boolean noForm, boolean tls) {
        boolean takesArgument() {
            return kind == Kind.STRING || kind == Kind.FILE;
        }
    }

    private static final Map<String, Spec> BY_NAME = new HashMap<>();
    private static final Map<Character, Spec> BY_LETTER = new HashMap<>();

    private OptionTable() {
    }

    static Spec find(String name) {
        return BY_NAME.get(name);
    }

    static Spec findLetter(char c) {
        return BY_LETTER.get(c);
    }

    private static void add(String name, char letter, Kind kind, boolean noForm, boolean tls) {
        Spec s = new Spec(name, letter, kind, noForm, tls);
        BY_NAME.put(name, s);
        if (letter != 0) {
            BY_LETTER.put(letter, s);
        }
    }

    private static void b(String name) {
        add(name, (char) 0, Kind.BOOL, false, false);
    }

    private static void b(String name, char letter) {
        add(name, letter, Kind.BOOL, false, false);
    }

    private static void s(String name) {
        add(name, (char) 0, Kind.STRING, false, false);
    }

    private static void s(String name, char letter) {
        add(name, letter, Kind.STRING, false, false);
    }

    private static void f(String name) {
        add(name, (char) 0, Kind.FILE, false, false);
    }

    private static void f(String name, char letter) {
        add(name, letter, Kind.FILE, false, false);
    }

    private static void n(String name) {
        add(name, (char) 0, Kind.NONE, false, false);
    }

    private static void n(String name, char letter) {
        add(name, letter, Kind.NONE, false, false);
    }

    /** Options of TLS that hiper's TLS lacks: refused (docs/TLS.md lists the ones it has). */
    private static final Set<String> TLS_BOOL = Set.of("ca-native", "cert-status", "doh-cert-status",
            "doh-insecure", "ftp-ssl", "ftp-ssl-ccc", "ftp-ssl-control", "ftp-ssl-reqd", "proxy-ca-native",
            "proxy-ssl-allow-beast", "proxy-ssl-auto-client-cert", "ssl", "ssl-allow-beast", "ssl-auto-client-cert",
            "ssl-no-revoke", "ssl-reqd", "ssl-revoke-best-effort", "tls-earlydata");
    private static final Set<String> TLS_STRING = Set.of("curves", "ech", "engine",
            "ftp-ssl-ccc-mode", "hsts", "proxy-cert-type", "proxy-ciphers",
            "proxy-key-type", "proxy-tls13-ciphers", "proxy-tlsauthtype", "proxy-tlspassword",
            "proxy-tlsuser", "tlsauthtype", "tlspassword", "tlsuser", "sigalgs");
    private static final Set<String> TLS_FILE = Set.of("crlfile", "proxy-cert", "proxy-crlfile", "proxy-key", "ssl-sessions");

    static {
        s("abstract-unix-socket");
        b("anyauth");
        b("append", 'a');
        s("alt-svc");
        s("aws-sigv4");
        b("basic");
        add("buffer", 'N', Kind.BOOL, true, false);
        add("clobber", (char) 0, Kind.BOOL, true, false);
        b("compressed");
        b("compressed-ssh");
        f("config", 'K');
        s("connect-timeout");
        s("connect-to");
        s("continue-at", 'C');
        s("cookie", 'b');
        s("cookie-jar", 'c');
        b("create-dirs");
        s("create-file-mode");
        b("crlf");
        s("data", 'd');
        s("data-ascii");
        s("data-binary");
        s("data-raw");
        s("data-urlencode");
        s("delegation");
        b("digest");
        b("disable", 'q');
        b("disable-eprt");
        b("disable-epsv");
        b("disallow-username-in-url");
        s("dns-interface");
        s("dns-ipv4-addr");
        s("dns-ipv6-addr");
        s("dns-servers");
        s("doh-url");
        n("dump-ca-embed");
        f("dump-header", 'D');
        s("egd-file");
        b("eprt");
        b("epsv");
        f("etag-compare");
        f("etag-save");
        s("expect100-timeout");
        b("fail", 'f');
        b("fail-early");
        b("fail-with-body");
        b("false-start");
        b("follow");
        s("form", 'F');
        b("form-escape");
        s("form-string");
        s("ftp-account");
        s("ftp-alternative-to-user");
        b("ftp-create-dirs");
        s("ftp-method");
        n("ftp-pasv");
        s("ftp-port", 'P');
        b("ftp-pret");
        b("ftp-skip-pasv-ip");
        b("get", 'G');
        b("globoff", 'g');
        s("happy-eyeballs-timeout-ms");
        s("haproxy-clientip");
        b("haproxy-protocol");
        b("head", 'I');
        s("header", 'H');
        b("help", 'h');
        s("hostpubmd5");
        s("hostpubsha256");
        b("http0.9");
        n("http1.0", '0');
        n("http1.1");
        n("http2");
        n("http2-prior-knowledge");
        n("http3");
        n("http3-only");
        b("ignore-content-length");
        b("include");
        b("insecure", 'k');
        s("interface");
        s("ip-tos");
        s("ipfs-gateway");
        n("ipv4", '4');
        n("ipv6", '6');
        s("json");
        b("junk-session-cookies", 'j');
        add("keepalive", (char) 0, Kind.BOOL, true, false);
        s("keepalive-cnt");
        s("keepalive-time");
        s("krb");
        s("krb4");
        s("libcurl");
        s("limit-rate");
        b("list-only", 'l');
        s("local-port");
        b("location", 'L');
        b("location-trusted");
        s("login-options");
        s("mail-auth");
        s("mail-from");
        s("mail-rcpt");
        b("mail-rcpt-allowfails");
        b("manual", 'M');
        s("max-filesize");
        s("max-redirs");
        s("max-time", 'm');
        b("metalink");
        b("mptcp");
        b("negotiate");
        b("netrc", 'n');
        f("netrc-file");
        b("netrc-optional");
        n("next", ':');
        s("noproxy");
        add("npn", (char) 0, Kind.BOOL, true, false);
        b("ntlm");
        b("ntlm-wb");
        s("oauth2-bearer");
        b("out-null");
        f("output", 'o');
        s("output-dir");
        b("parallel", 'Z');
        b("parallel-immediate");
        s("parallel-max");
        s("parallel-max-host");
        s("pass");
        b("path-as-is");
        b("post301");
        b("post302");
        b("post303");
        s("preproxy");
        b("progress-bar", '#');
        add("progress-meter", (char) 0, Kind.BOOL, true, false);
        s("proto");
        s("proto-default");
        s("proto-redir");
        s("proxy", 'x');
        b("proxy-anyauth");
        b("proxy-basic");
        b("proxy-digest");
        s("proxy-header");
        b("proxy-http2");
        b("proxy-insecure");
        b("proxy-negotiate");
        b("proxy-ntlm");
        s("proxy-pass");
        s("proxy-service-name");
        n("proxy-tlsv1");
        s("proxy-user", 'U');
        s("proxy1.0");
        b("proxytunnel", 'p');
        s("pubkey");
        s("quote", 'Q');
        f("random-file");
        s("range", 'r');
        s("rate");
        b("raw");
        s("referer", 'e');
        b("remote-header-name", 'J');
        b("remote-name", 'O');
        b("remote-name-all");
        b("remote-time", 'R');
        b("remove-on-error");
        s("request", 'X');
        s("request-target");
        s("resolve");
        s("retry");
        b("retry-all-errors");
        b("retry-connrefused");
        s("retry-delay");
        s("retry-max-time");
        s("sasl-authzid");
        b("sasl-ir");
        s("service-name");
        add("sessionid", (char) 0, Kind.BOOL, true, false);
        b("show-error", 'S');
        b("show-headers", 'i');
        b("silent", 's');
        b("skip-existing");
        s("socks4");
        s("socks4a");
        s("socks5");
        b("socks5-basic");
        b("socks5-gssapi");
        b("socks5-gssapi-nec");
        s("socks5-gssapi-service");
        s("socks5-hostname");
        s("speed-limit", 'Y');
        s("speed-time", 'y');
        n("sslv2", '2');
        n("sslv3", '3');
        f("stderr");
        b("styled-output");
        b("suppress-connect-headers");
        b("tcp-fastopen");
        b("tcp-nodelay");
        s("telnet-option", 't');
        b("test-duphandle");
        b("test-event");
        s("tftp-blksize");
        b("tftp-no-options");
        s("time-cond", 'z');
        n("tlsv1", '1');
        n("tlsv1.0");
        n("tlsv1.1");
        n("tlsv1.2");
        n("tlsv1.3");
        b("tr-encoding");
        f("trace");
        f("trace-ascii");
        s("trace-config");
        b("trace-ids");
        b("trace-time");
        f("unix-socket");
        f("upload-file", 'T');
        s("upload-flags");
        s("url");
        s("url-query");
        b("use-ascii", 'B');
        s("user", 'u');
        s("user-agent", 'A');
        s("variable");
        b("verbose", 'v');
        b("version", 'V');
        s("vlan-priority");
        s("write-out", 'w');
        b("xattr");
        for (String t : TLS_BOOL) {
            add(t, (char) 0, Kind.BOOL, false, true);
        }
        for (String t : TLS_STRING) {
            add(t, (char) 0, Kind.STRING, false, true);
        }
        for (String t : TLS_FILE) {
            add(t, (char) 0, Kind.FILE, false, true);
        }
        // the TLS options hiper has
        add("alpn", (char) 0, Kind.BOOL, true, false);
        f("cacert");
        f("proxy-cacert");
        f("proxy-capath");
        s("proxy-pinnedpubkey");
        f("capath");
        f("cert", 'E');
        s("cert-type");
        s("ciphers");
        f("key");
        s("key-type");
        s("pinnedpubkey");
        s("tls-max");
        s("tls13-ciphers");
        add("insecure", 'k', Kind.BOOL, false, false);
        add("proxy-tlsv1", (char) 0, Kind.NONE, false, true);
        add("dump-ca-embed", (char) 0, Kind.NONE, false, true);
    }
}
