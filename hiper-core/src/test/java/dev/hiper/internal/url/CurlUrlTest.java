package dev.hiper.internal.url;

import dev.hiper.curl.CurlCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CurlUrlTest {

    private static final String MALFORMED = "URL rejected: Malformed input to a URL function";
    private static final String NO_HOST = "URL rejected: No host part in the URL";
    private static final String BAD_PORT =
            "URL rejected: Port number was not a decimal number between 0 and 65535";
    private static final String BAD_HOSTNAME = "URL rejected: Bad hostname";
    private static final String BAD_IPV6 = "URL rejected: Bad IPv6 address";
    private static final String BAD_SLASHES = "URL rejected: Unsupported number of slashes following scheme";
    private static final String BAD_FILE = "URL rejected: Bad file:// URL";
    private static final String BAD_CREDENTIALS = "URL using bad/illegal format or missing URL";

    /**
     * input, toString, scheme, host, port, explicit port, path, query, user, password,
     * Host header, authority. isIpv6Literal is expected exactly when the host holds a ':'.
     */
    private static Arguments ok(String input, String text, String scheme, String host, int port,
                                boolean explicitPort, String path, String query, String user,
                                String password, String hostHeader, String authority) {
        return Arguments.of(input, text, scheme, host, port, explicitPort, path, query, user,
                password, hostHeader, authority);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                // plain
                ok("http://example.com", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("https://example.com/index.html", "https://example.com/index.html", "https", "example.com", 443,
                        false, "/index.html", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/b?x=1&y=2", "http://example.com/a/b?x=1&y=2", "http", "example.com", 80,
                        false, "/a/b", "x=1&y=2", null, null, "example.com", "example.com"),
                ok("http://example.com/a/", "http://example.com/a/", "http", "example.com", 80, false,
                        "/a/", null, null, null, "example.com", "example.com"),
                // ports
                ok("http://example.com:8080/a", "http://example.com:8080/a", "http", "example.com", 8080, true,
                        "/a", null, null, null, "example.com:8080", "example.com:8080"),
                ok("https://example.com:443/", "https://example.com:443/", "https", "example.com", 443, true,
                        "/", null, null, null, "example.com", "example.com:443"),
                ok("http://example.com:80", "http://example.com:80/", "http", "example.com", 80, true,
                        "/", null, null, null, "example.com", "example.com:80"),
                ok("https://example.com:80/", "https://example.com:80/", "https", "example.com", 80, true,
                        "/", null, null, null, "example.com:80", "example.com:80"),
                ok("http://example.com:443/", "http://example.com:443/", "http", "example.com", 443, true,
                        "/", null, null, null, "example.com:443", "example.com:443"),
                ok("http://example.com:/x", "http://example.com/x", "http", "example.com", 80, false,
                        "/x", null, null, null, "example.com", "example.com"),
                ok("https://example.com:", "https://example.com/", "https", "example.com", 443, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("http://example.com:0080/", "http://example.com:80/", "http", "example.com", 80, true,
                        "/", null, null, null, "example.com", "example.com:80"),
                ok("http://h:0/", "http://h:0/", "http", "h", 0, true,
                        "/", null, null, null, "h:0", "h:0"),
                ok("http://h:65535", "http://h:65535/", "http", "h", 65535, true,
                        "/", null, null, null, "h:65535", "h:65535"),
                ok("ws://h/chat", "ws://h/chat", "ws", "h", 80, false,
                        "/chat", null, null, null, "h", "h"),
                ok("wss://h:8443/", "wss://h:8443/", "wss", "h", 8443, true,
                        "/", null, null, null, "h:8443", "h:8443"),
                ok("ftp://h/", "ftp://h/", "ftp", "h", 21, false,
                        "/", null, null, null, "h", "h"),
                ok("foo://example.com/x", "foo://example.com/x", "foo", "example.com", -1, false,
                        "/x", null, null, null, "example.com", "example.com"),
                ok("foo://example.com:99/", "foo://example.com:99/", "foo", "example.com", 99, true,
                        "/", null, null, null, "example.com:99", "example.com:99"),
                // scheme spelling and slashes
                ok("HTTP://EXAMPLE.COM/Path", "http://example.com/Path", "http", "example.com", 80, false,
                        "/Path", null, null, null, "EXAMPLE.COM", "example.com"),
                ok("HtTpS://Example.Org", "https://example.org/", "https", "example.org", 443, false,
                        "/", null, null, null, "Example.Org", "example.org"),
                ok("a+b.c-d://h/", "a+b.c-d://h/", "a+b.c-d", "h", -1, false,
                        "/", null, null, null, "h", "h"),
                ok("http:/example.com/x", "http://example.com/x", "http", "example.com", 80, false,
                        "/x", null, null, null, "example.com", "example.com"),
                ok("http:///example.com/x", "http://example.com/x", "http", "example.com", 80, false,
                        "/x", null, null, null, "example.com", "example.com"),
                // no scheme: guessed
                ok("example.com", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("example.com:8080/x?q", "http://example.com:8080/x?q", "http", "example.com", 8080, true,
                        "/x", "q", null, null, "example.com:8080", "example.com:8080"),
                ok("localhost", "http://localhost/", "http", "localhost", 80, false,
                        "/", null, null, null, "localhost", "localhost"),
                ok("ftp.example.com/file", "ftp://ftp.example.com/file", "ftp", "ftp.example.com", 21, false,
                        "/file", null, null, null, "ftp.example.com", "ftp.example.com"),
                ok("FTP.Example.com", "ftp://ftp.example.com/", "ftp", "ftp.example.com", 21, false,
                        "/", null, null, null, "FTP.Example.com", "ftp.example.com"),
                ok("dict.example.com", "dict://dict.example.com/", "dict", "dict.example.com", 2628, false,
                        "/", null, null, null, "dict.example.com", "dict.example.com"),
                ok("imap.example.com", "imap://imap.example.com/", "imap", "imap.example.com", 143, false,
                        "/", null, null, null, "imap.example.com", "imap.example.com"),
                ok("ftpexample.com", "http://ftpexample.com/", "http", "ftpexample.com", 80, false,
                        "/", null, null, null, "ftpexample.com", "ftpexample.com"),
                ok("user:pass@example.com", "http://user:pass@example.com/", "http", "example.com", 80, false,
                        "/", null, "user", "pass", "example.com", "example.com"),
                // user information
                ok("http://user:pass@example.com/", "http://user:pass@example.com/", "http", "example.com", 80,
                        false, "/", null, "user", "pass", "example.com", "example.com"),
                ok("http://user@example.com/", "http://user@example.com/", "http", "example.com", 80, false,
                        "/", null, "user", null, "example.com", "example.com"),
                ok("http://user:@example.com/", "http://user:@example.com/", "http", "example.com", 80, false,
                        "/", null, "user", "", "example.com", "example.com"),
                ok("http://:secret@example.com/", "http://:secret@example.com/", "http", "example.com", 80, false,
                        "/", null, "", "secret", "example.com", "example.com"),
                ok("http://@example.com/", "http://@example.com/", "http", "example.com", 80, false,
                        "/", null, "", null, "example.com", "example.com"),
                ok("http://user:pa:ss@example.com/", "http://user:pa:ss@example.com/", "http", "example.com", 80,
                        false, "/", null, "user", "pa:ss", "example.com", "example.com"),
                ok("http://us%40er:p%3Ass%20w%zz@example.com/", "http://us%40er:p%3Ass%20w%zz@example.com/",
                        "http", "example.com", 80, false, "/", null, "us@er", "p:ss w%zz", "example.com",
                        "example.com"),
                ok("http://j%C3%BCrgen:%E2%82%AC@example.com/", "http://j%C3%BCrgen:%E2%82%AC@example.com/",
                        "http", "example.com", 80, false, "/", null, "j\u00fcrgen", "\u20ac", "example.com",
                        "example.com"),
                ok("http://j\u00fcrgen@example.com/", "http://j%C3%BCrgen@example.com/", "http", "example.com", 80,
                        false, "/", null, "j\u00fcrgen", null, "example.com", "example.com"),
                ok("https://u:p@example.com:8443/x", "https://u:p@example.com:8443/x", "https", "example.com", 8443,
                        true, "/x", null, "u", "p", "example.com:8443", "example.com:8443"),
                ok("http://u:p%01@example.com/", "http://u:p%01@example.com/", "http", "example.com", 80, false,
                        "/", null, "u", "p\u0001", "example.com", "example.com"),
                // query and fragment
                ok("http://example.com?x=1", "http://example.com/?x=1", "http", "example.com", 80, false,
                        "/", "x=1", null, null, "example.com", "example.com"),
                ok("http://example.com:81?x=1", "http://example.com:81/?x=1", "http", "example.com", 81, true,
                        "/", "x=1", null, null, "example.com:81", "example.com:81"),
                ok("http://example.com/p?", "http://example.com/p?", "http", "example.com", 80, false,
                        "/p", "", null, null, "example.com", "example.com"),
                ok("http://example.com/p?a=b?c/d/../e", "http://example.com/p?a=b?c/d/../e", "http", "example.com",
                        80, false, "/p", "a=b?c/d/../e", null, null, "example.com", "example.com"),
                ok("http://example.com/p#frag", "http://example.com/p", "http", "example.com", 80, false,
                        "/p", null, null, null, "example.com", "example.com"),
                ok("http://example.com/p?q=1#frag?x", "http://example.com/p?q=1", "http", "example.com", 80, false,
                        "/p", "q=1", null, null, "example.com", "example.com"),
                ok("http://example.com#frag", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("http://example.com/p#", "http://example.com/p", "http", "example.com", 80, false,
                        "/p", null, null, null, "example.com", "example.com"),
                ok("http://example.com/p#a/../b?c", "http://example.com/p", "http", "example.com", 80, false,
                        "/p", null, null, null, "example.com", "example.com"),
                // dot segments
                ok("http://example.com/a/./b/../c", "http://example.com/a/c", "http", "example.com", 80, false,
                        "/a/c", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/b/../../..", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/b/..", "http://example.com/a/", "http", "example.com", 80, false,
                        "/a/", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/b/.", "http://example.com/a/b/", "http", "example.com", 80, false,
                        "/a/b/", null, null, null, "example.com", "example.com"),
                ok("http://example.com/../a", "http://example.com/a", "http", "example.com", 80, false,
                        "/a", null, null, null, "example.com", "example.com"),
                ok("http://example.com/./", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/..//b", "http://example.com//b", "http", "example.com", 80, false,
                        "//b", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/.../b/.c/..d", "http://example.com/a/.../b/.c/..d", "http", "example.com",
                        80, false, "/a/.../b/.c/..d", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/%2e%2e/b", "http://example.com/a/%2e%2e/b", "http", "example.com", 80,
                        false, "/a/%2e%2e/b", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a/b/../c?x=/../y", "http://example.com/a/c?x=/../y", "http", "example.com",
                        80, false, "/a/c", "x=/../y", null, null, "example.com", "example.com"),
                ok("http://example.com/a/..?q", "http://example.com/?q", "http", "example.com", 80, false,
                        "/", "q", null, null, "example.com", "example.com"),
                // path bytes
                ok("http://example.com/dir\\file", "http://example.com/dir\\file", "http", "example.com", 80, false,
                        "/dir\\file", null, null, null, "example.com", "example.com"),
                ok("http://example.com/\u00e4", "http://example.com/%C3%A4", "http", "example.com", 80, false,
                        "/%C3%A4", null, null, null, "example.com", "example.com"),
                ok("http://example.com/\u65e5\u672c?q=\u00fc", "http://example.com/%E6%97%A5%E6%9C%AC?q=%C3%BC",
                        "http", "example.com", 80, false, "/%E6%97%A5%E6%9C%AC", "q=%C3%BC", null, null,
                        "example.com", "example.com"),
                ok("http://example.com/\ud83d\ude00", "http://example.com/%F0%9F%98%80", "http", "example.com", 80,
                        false, "/%F0%9F%98%80", null, null, null, "example.com", "example.com"),
                ok("http://example.com/a%20b%zz%", "http://example.com/a%20b%zz%", "http", "example.com", 80, false,
                        "/a%20b%zz%", null, null, null, "example.com", "example.com"),
                ok("http://example.com/\"<>{}|^`", "http://example.com/\"<>{}|^`", "http", "example.com", 80, false,
                        "/\"<>{}|^`", null, null, null, "example.com", "example.com"),
                // IPv4
                ok("http://127.0.0.1:8080/", "http://127.0.0.1:8080/", "http", "127.0.0.1", 8080, true,
                        "/", null, null, null, "127.0.0.1:8080", "127.0.0.1:8080"),
                ok("http://127.1/", "http://127.0.0.1/", "http", "127.0.0.1", 80, false,
                        "/", null, null, null, "127.0.0.1", "127.0.0.1"),
                ok("127.1", "http://127.0.0.1/", "http", "127.0.0.1", 80, false,
                        "/", null, null, null, "127.0.0.1", "127.0.0.1"),
                ok("http://0x7f.1/", "http://127.0.0.1/", "http", "127.0.0.1", 80, false,
                        "/", null, null, null, "127.0.0.1", "127.0.0.1"),
                ok("http://0177.0.0.01/", "http://127.0.0.1/", "http", "127.0.0.1", 80, false,
                        "/", null, null, null, "127.0.0.1", "127.0.0.1"),
                ok("http://2130706433/", "http://127.0.0.1/", "http", "127.0.0.1", 80, false,
                        "/", null, null, null, "127.0.0.1", "127.0.0.1"),
                ok("http://0/", "http://0.0.0.0/", "http", "0.0.0.0", 80, false,
                        "/", null, null, null, "0.0.0.0", "0.0.0.0"),
                ok("http://10.1.258/", "http://10.1.1.2/", "http", "10.1.1.2", 80, false,
                        "/", null, null, null, "10.1.1.2", "10.1.1.2"),
                ok("http://0XC0A80001:81/", "http://192.168.0.1:81/", "http", "192.168.0.1", 81, true,
                        "/", null, null, null, "192.168.0.1:81", "192.168.0.1:81"),
                // numeric-looking names stay names, as in libcurl
                ok("http://256.1.1.1/", "http://256.1.1.1/", "http", "256.1.1.1", 80, false,
                        "/", null, null, null, "256.1.1.1", "256.1.1.1"),
                ok("http://1.2.3.4./", "http://1.2.3.4./", "http", "1.2.3.4.", 80, false,
                        "/", null, null, null, "1.2.3.4.", "1.2.3.4."),
                ok("http://08.1/", "http://08.1/", "http", "08.1", 80, false,
                        "/", null, null, null, "08.1", "08.1"),
                ok("http://4294967296/", "http://4294967296/", "http", "4294967296", 80, false,
                        "/", null, null, null, "4294967296", "4294967296"),
                ok("http://1.2.3.4.5/", "http://1.2.3.4.5/", "http", "1.2.3.4.5", 80, false,
                        "/", null, null, null, "1.2.3.4.5", "1.2.3.4.5"),
                ok("http://0x/", "http://0x/", "http", "0x", 80, false,
                        "/", null, null, null, "0x", "0x"),
                // IPv6
                ok("http://[::1]/", "http://[::1]/", "http", "::1", 80, false,
                        "/", null, null, null, "[::1]", "[::1]"),
                ok("http://[::1]:8080/x", "http://[::1]:8080/x", "http", "::1", 8080, true,
                        "/x", null, null, null, "[::1]:8080", "[::1]:8080"),
                ok("http://[::1]:/", "http://[::1]/", "http", "::1", 80, false,
                        "/", null, null, null, "[::1]", "[::1]"),
                ok("https://[2001:db8::1]:443/", "https://[2001:db8::1]:443/", "https", "2001:db8::1", 443, true,
                        "/", null, null, null, "[2001:db8::1]", "[2001:db8::1]:443"),
                ok("http://[::ffff:127.0.0.1]/", "http://[::ffff:127.0.0.1]/", "http", "::ffff:127.0.0.1", 80, false,
                        "/", null, null, null, "[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"),
                ok("http://[::FFFF:127.0.0.1]/", "http://[::ffff:127.0.0.1]/", "http", "::ffff:127.0.0.1", 80,
                        false, "/", null, null, null, "[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"),
                ok("http://[::ffff:7f00:1]/", "http://[::ffff:127.0.0.1]/", "http", "::ffff:127.0.0.1", 80, false,
                        "/", null, null, null, "[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"),
                ok("http://[::1.2.3.4]/", "http://[::1.2.3.4]/", "http", "::1.2.3.4", 80, false,
                        "/", null, null, null, "[::1.2.3.4]", "[::1.2.3.4]"),
                ok("http://[2001:DB8:0:0:0:0:0:1]/", "http://[2001:db8::1]/", "http", "2001:db8::1", 80, false,
                        "/", null, null, null, "[2001:db8::1]", "[2001:db8::1]"),
                ok("http://[2001:0db8:0:0:1:0:0:1]/", "http://[2001:db8::1:0:0:1]/", "http", "2001:db8::1:0:0:1",
                        80, false, "/", null, null, null, "[2001:db8::1:0:0:1]", "[2001:db8::1:0:0:1]"),
                ok("http://[1:0:1:0:1:0:1:0]/", "http://[1:0:1:0:1:0:1:0]/", "http", "1:0:1:0:1:0:1:0", 80, false,
                        "/", null, null, null, "[1:0:1:0:1:0:1:0]", "[1:0:1:0:1:0:1:0]"),
                ok("http://[1:2:3:4:5:6:7::]/", "http://[1:2:3:4:5:6:7:0]/", "http", "1:2:3:4:5:6:7:0", 80, false,
                        "/", null, null, null, "[1:2:3:4:5:6:7:0]", "[1:2:3:4:5:6:7:0]"),
                ok("http://[::]/", "http://[::]/", "http", "::", 80, false,
                        "/", null, null, null, "[::]", "[::]"),
                ok("http://[1::]/", "http://[1::]/", "http", "1::", 80, false,
                        "/", null, null, null, "[1::]", "[1::]"),
                ok("http://[fe80::1%25eth0]:8080/", "http://[fe80::1%25eth0]:8080/", "http", "fe80::1%eth0", 8080,
                        true, "/", null, null, null, "[fe80::1]:8080", "[fe80::1%25eth0]:8080"),
                ok("http://[FE80::1%eth0]/", "http://[fe80::1%25eth0]/", "http", "fe80::1%eth0", 80, false,
                        "/", null, null, null, "[fe80::1]", "[fe80::1%25eth0]"),
                ok("http://[fe80::1%25]/", "http://[fe80::1%2525]/", "http", "fe80::1%25", 80, false,
                        "/", null, null, null, "[fe80::1]", "[fe80::1%2525]"),
                ok("http://u:p@[::1]:8080/", "http://u:p@[::1]:8080/", "http", "::1", 8080, true,
                        "/", null, "u", "p", "[::1]:8080", "[::1]:8080"),
                // host names
                ok("http://my_host.example-1.com/", "http://my_host.example-1.com/", "http", "my_host.example-1.com",
                        80, false, "/", null, null, null, "my_host.example-1.com", "my_host.example-1.com"),
                ok("http://a~b|c/", "http://a~b|c/", "http", "a~b|c", 80, false,
                        "/", null, null, null, "a~b|c", "a~b|c"),
                ok("http://%65xample.COM/", "http://example.com/", "http", "example.com", 80, false,
                        "/", null, null, null, "example.COM", "example.com"),
                ok("http://example.com./", "http://example.com./", "http", "example.com.", 80, false,
                        "/", null, null, null, "example.com.", "example.com."),
                ok("http://b\u00fccher.de/", "http://xn--bcher-kva.de/", "http", "xn--bcher-kva.de", 80, false,
                        "/", null, null, null, "xn--bcher-kva.de", "xn--bcher-kva.de"),
                ok("https://B\u00dcCHER.de:8443/", "https://xn--bcher-kva.de:8443/", "https", "xn--bcher-kva.de",
                        8443, true, "/", null, null, null, "xn--bcher-kva.de:8443", "xn--bcher-kva.de:8443"),
                ok("http://%C3%BC.de/", "http://xn--tda.de/", "http", "xn--tda.de", 80, false,
                        "/", null, null, null, "xn--tda.de", "xn--tda.de"),
                // file
                ok("file:///etc/passwd", "file:///etc/passwd", "file", "", -1, false,
                        "/etc/passwd", null, null, null, "", ""),
                ok("file://localhost/etc/hosts", "file:///etc/hosts", "file", "", -1, false,
                        "/etc/hosts", null, null, null, "", ""),
                ok("FILE://127.0.0.1/tmp/../x", "file:///x", "file", "", -1, false,
                        "/x", null, null, null, "", ""),
                ok("file:/tmp/x?q#f", "file:///tmp/x", "file", "", -1, false,
                        "/tmp/x", "q", null, null, "", ""),
                ok("file:///", "file:///", "file", "", -1, false,
                        "/", null, null, null, "", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void parsesLikeLibcurl(String input, String text, String scheme, String host, int port,
                           boolean explicitPort, String path, String query, String user,
                           String password, String hostHeader, String authority) throws UrlException {
        CurlUrl u = CurlUrl.parse(input);
        String target = query == null ? path : path + "?" + query;
        assertAll(input,
                () -> assertEquals(text, u.toString(), "toString"),
                () -> assertEquals(scheme, u.scheme(), "scheme"),
                () -> assertEquals(host, u.host(), "host"),
                () -> assertEquals(host.contains(":"), u.isIpv6Literal(), "isIpv6Literal"),
                () -> assertEquals(port, u.port(), "port"),
                () -> assertEquals(explicitPort, u.hasExplicitPort(), "hasExplicitPort"),
                () -> assertEquals(path, u.path(), "path"),
                () -> assertEquals(query, u.query(), "query"),
                () -> assertEquals(target, u.target(), "target"),
                () -> assertEquals(user, u.user(), "user"),
                () -> assertEquals(password, u.password(), "password"),
                () -> assertEquals(hostHeader, u.hostHeader(), "hostHeader"),
                () -> assertEquals(authority, u.authority(), "authority"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // junk
                Arguments.of("", MALFORMED),
                Arguments.of("http://exa mple.com/", MALFORMED),
                Arguments.of(" http://example.com/", MALFORMED),
                Arguments.of("http://example.com/ ", MALFORMED),
                Arguments.of("http://example.com/a b", MALFORMED),
                Arguments.of("http://example.com/?q=a b", MALFORMED),
                Arguments.of("http://example.com/#a b", MALFORMED),
                Arguments.of("http://example.com/\t", MALFORMED),
                Arguments.of("http://example.com/\r\nHost: evil", MALFORMED),
                Arguments.of("http://example.com/\u007f", MALFORMED),
                Arguments.of("http://example.com/\u0000", MALFORMED),
                Arguments.of("http://example.com/\u001f", MALFORMED),
                Arguments.of("http://example.com/\ud800", MALFORMED),
                Arguments.of("http://example.com/\udc00x", MALFORMED),
                // slashes
                Arguments.of("http:////example.com/", BAD_SLASHES),
                Arguments.of("https://///example.com/", BAD_SLASHES),
                // no host
                Arguments.of("http://", NO_HOST),
                Arguments.of("http:///", NO_HOST),
                Arguments.of("http://:80/", NO_HOST),
                Arguments.of("http://user@/", NO_HOST),
                Arguments.of("http://u:p@:8080/", NO_HOST),
                Arguments.of("http://?x=1", NO_HOST),
                Arguments.of("http://#x", NO_HOST),
                Arguments.of("/just/a/path", NO_HOST),
                Arguments.of("?x", NO_HOST),
                // port
                Arguments.of("http://example.com:65536/", BAD_PORT),
                Arguments.of("http://example.com:99999999999999999999/", BAD_PORT),
                Arguments.of("http://example.com:-1/", BAD_PORT),
                Arguments.of("http://example.com:+80/", BAD_PORT),
                Arguments.of("http://example.com:8a/", BAD_PORT),
                Arguments.of("http://example.com:0x50/", BAD_PORT),
                Arguments.of("http://example.com:1:2/", BAD_PORT),
                Arguments.of("http://[::1]x/", BAD_PORT),
                Arguments.of("http://[::1]:x/", BAD_PORT),
                Arguments.of("localhost:", BAD_PORT),
                Arguments.of("http:x", BAD_PORT),
                Arguments.of("http:example.com", BAD_PORT),
                // host name
                Arguments.of("http://exa!mple.com/", BAD_HOSTNAME),
                Arguments.of("http://a@b@c/", BAD_HOSTNAME),
                Arguments.of("http://exam<ple.com/", BAD_HOSTNAME),
                Arguments.of("http://exam]ple.com/", BAD_HOSTNAME),
                Arguments.of("http://example.com\\foo/", BAD_HOSTNAME),
                Arguments.of("http://exa%mple.com/", BAD_HOSTNAME),
                Arguments.of("http://ex%00ample.com/", BAD_HOSTNAME),
                Arguments.of("http://ex%0aample.com/", BAD_HOSTNAME),
                Arguments.of("http://ex%2Fample.com/", BAD_HOSTNAME),
                Arguments.of("http://ex%2525ample.com/", BAD_HOSTNAME),
                Arguments.of("http://a+b.com/", BAD_HOSTNAME),
                Arguments.of("http://\u00fc\uff0f.com/", BAD_HOSTNAME),
                // IPv6
                Arguments.of("http://[::1/", BAD_IPV6),
                Arguments.of("http://[]/", BAD_IPV6),
                Arguments.of("http://[:]/", BAD_IPV6),
                Arguments.of("http://[:::1]/", BAD_IPV6),
                Arguments.of("http://[:1::2]/", BAD_IPV6),
                Arguments.of("http://[1::2::3]/", BAD_IPV6),
                Arguments.of("http://[1:2:3:4:5:6:7:8:9]/", BAD_IPV6),
                Arguments.of("http://[1:2:3:4:5:6:7]/", BAD_IPV6),
                Arguments.of("http://[1:2:3:4:5:6:7:8::]/", BAD_IPV6),
                Arguments.of("http://[12345::1]/", BAD_IPV6),
                Arguments.of("http://[::1:]/", BAD_IPV6),
                Arguments.of("http://[g::1]/", BAD_IPV6),
                Arguments.of("http://[1.2.3.4]/", BAD_IPV6),
                Arguments.of("http://[::ffff:1.2.3.256]/", BAD_IPV6),
                Arguments.of("http://[::ffff:01.2.3.4]/", BAD_IPV6),
                Arguments.of("http://[::ffff:1.2.3]/", BAD_IPV6),
                Arguments.of("http://[::1.2.3.4:5]/", BAD_IPV6),
                Arguments.of("http://[fe80::1%]/", BAD_IPV6),
                Arguments.of("http://[fe80::1%0123456789abcdef]/", BAD_IPV6),
                Arguments.of("http://[fe80::1%e\u00fc]/", BAD_IPV6),
                Arguments.of("http://[fe80::1x]/", BAD_IPV6),
                // file
                Arguments.of("file:/", BAD_FILE),
                Arguments.of("file://", BAD_FILE),
                Arguments.of("file://host/x", BAD_FILE),
                Arguments.of("file://localhost", BAD_FILE),
                Arguments.of("file:///c:/windows", BAD_FILE),
                Arguments.of("file://c:/windows", BAD_FILE),
                // credentials: a zero byte (HTTP) or any control byte (other schemes)
                Arguments.of("http://u%00@example.com/", BAD_CREDENTIALS),
                Arguments.of("https://u:p%00w@example.com/", BAD_CREDENTIALS),
                Arguments.of("ftp://u%01@example.com/", BAD_CREDENTIALS));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejectsLikeLibcurl(String input, String message) {
        UrlException e = assertThrows(UrlException.class, () -> CurlUrl.parse(input), input);
        assertEquals(CurlCode.CURLE_URL_MALFORMAT, e.code(), input);
        assertEquals(3, e.code().code(), input);
        assertEquals(message, e.getMessage(), input);
    }

    @Test
    void nullIsNoUrl() {
        UrlException e = assertThrows(UrlException.class, () -> CurlUrl.parse(null));
        assertEquals(CurlCode.CURLE_URL_MALFORMAT, e.code());
        assertEquals("No URL set", e.getMessage());
    }

    @Test
    void hostsThatCannotBeConvertedToAce() {
        UrlException invalidUtf8 = assertThrows(UrlException.class, () -> CurlUrl.parse("http://%ff.com/"));
        assertEquals(CurlCode.CURLE_URL_MALFORMAT, invalidUtf8.code());
        assertEquals("Failed to convert host name to ACE; invalid UTF-8", invalidUtf8.getMessage());

        // a C1 control character is prohibited by IDNA
        UrlException prohibited = assertThrows(UrlException.class, () -> CurlUrl.parse("http://a\u0085b.com/"));
        assertEquals(CurlCode.CURLE_URL_MALFORMAT, prohibited.code());
        assertTrue(prohibited.getMessage().startsWith("Failed to convert a\u0085b.com to ACE; "),
                prohibited.getMessage());

        String longLabel = "\u00fc".repeat(600);
        UrlException tooLong = assertThrows(UrlException.class, () -> CurlUrl.parse("http://" + longLabel + "/"));
        assertEquals("Failed to convert " + "\u00fc".repeat(64) + "... to ACE; host name too long",
                tooLong.getMessage());
    }

    @Test
    void lengthLimit() throws UrlException {
        String prefix = "http://example.com/";
        String longest = prefix + "a".repeat(CurlUrl.MAX_URL_LENGTH - prefix.length());
        assertEquals(CurlUrl.MAX_URL_LENGTH, CurlUrl.parse(longest).toString().length());

        UrlException e = assertThrows(UrlException.class, () -> CurlUrl.parse(longest + "a"));
        assertEquals(MALFORMED, e.getMessage());
        // the limit counts UTF-8 bytes, not chars
        String multiByte = longest.substring(0, longest.length() - 1) + "\u00e4";
        UrlException e2 = assertThrows(UrlException.class, () -> CurlUrl.parse(multiByte));
        assertEquals(MALFORMED, e2.getMessage());
    }

    @Test
    void schemeIsAtMostFortyCharacters() throws UrlException {
        String forty = "s".repeat(40);
        assertEquals(forty, CurlUrl.parse(forty + "://h/").scheme());
        // 41 letters cannot be a scheme, so "sss...:" becomes host "sss..." with an empty
        // port, which is refused without a scheme
        UrlException e = assertThrows(UrlException.class, () -> CurlUrl.parse(forty + "s://h/"));
        assertEquals(BAD_PORT, e.getMessage());
    }

    @Test
    void largeInputsParseInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String dots = "/a/..".repeat(400_000) + "/b";
            assertEquals("/b", CurlUrl.parse("http://h" + dots).path());
            String deep = "/x".repeat(1_000_000) + "/.." .repeat(1_000_000);
            assertEquals("/", CurlUrl.parse("http://h" + deep).path());
            String colons = "http://[" + ":".repeat(1_000_000) + "]/";
            assertThrows(UrlException.class, () -> CurlUrl.parse(colons));
            String ats = "http://" + "@".repeat(1_000_000) + "h/";
            assertThrows(UrlException.class, () -> CurlUrl.parse(ats));
            String digits = "http://" + "9".repeat(1_000_000) + "/";
            assertEquals("9".repeat(1_000_000), CurlUrl.parse(digits).host());
            String percent = "http://h/?" + "%".repeat(1_000_000);
            assertEquals(1_000_000, CurlUrl.parse(percent).query().length());
        });
    }

    @Test
    void randomInputsOnlyEverThrowUrlException() {
        Random random = new Random(0x5eed_c0deL);
        String[] pieces = {
            "http", "https", "HTTP", "file", "ftp.", "://", ":/", ":", "/", "//", "\\", "?", "#", "@", "[", "]",
            "%", "%25", "%2e", "%00", "%ff", "%C3%BC", ".", "..", "/./", "/../", "::", "::ffff:", "1.2.3.4",
            "0x", "0", "08", "127", "65535", "65536", "localhost", "example.com", "a", "Z", "-", "_", "~", "|",
            "+", "=", "&", ";", ",", "!", "*", "'", "\"", "<", ">", "{", "}", "^", "`", "$", "(", ")",
            " ", "\t", "\r", "\n", "\u0000", "\u007f", "\u0085", "\u00fc", "\u00df", "\u65e5", "\uff0f", "\u3002",
            "\ud83d\ude00", "\ud800", "\udc00", "\u200d", "\u00ad", "xn--", "fe80::1%eth0", "%25eth0"
        };
        int ok = 0;
        int failed = 0;
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                if (random.nextInt(4) == 0) {
                    sb.append((char) random.nextInt(0x10000)); // anything at all, lone surrogates too
                } else {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String input = sb.toString();
            try {
                CurlUrl u = CurlUrl.parse(input);
                ok++;
                checkInvariants(input, u);
            } catch (UrlException e) {
                failed++;
                assertEquals(CurlCode.CURLE_URL_MALFORMAT, e.code(), input);
                assertNotNull(e.getMessage(), input);
            } catch (RuntimeException e) {
                fail("parse(" + escape(input) + ") threw " + e, e);
            }
        }
        // the generator must exercise both outcomes
        assertTrue(ok > 200, "successful parses: " + ok);
        assertTrue(failed > 200, "failed parses: " + failed);
    }

    private static void checkInvariants(String input, CurlUrl u) throws UrlException {
        String where = escape(input);
        assertTrue(u.path().startsWith("/"), where);
        assertTrue(isPrintableAscii(u.toString()), where + " -> " + escape(u.toString()));
        assertTrue(isPrintableAscii(u.target()), where);
        assertTrue(isPrintableAscii(u.hostHeader()), where);
        assertTrue(u.target().indexOf('#') < 0, where);
        assertTrue(u.port() >= -1 && u.port() <= 65535, where);
        // the normalized form parses again and is then stable
        CurlUrl again = CurlUrl.parse(u.toString());
        String stable = CurlUrl.parse(again.toString()).toString();
        assertEquals(again.toString(), stable, where);
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void redirectTargetsAsLibcurlComputesThem() throws UrlException {
        CurlUrl base = CurlUrl.parse("http://u:p@h.example:8080/a/b/c?q=1");
        assertEquals("http://u:p@h.example:8080/a/b/d", base.redirect("d"));
        assertEquals("http://u:p@h.example:8080/a/x?y=2", base.redirect("../x?y=2"));
        assertEquals("http://u:p@h.example:8080/root", base.redirect("/root"));
        assertEquals("http://u:p@h.example:8080/a/b/c?z", base.redirect("?z"));
        assertEquals("http://other/p", base.redirect("//other/p"));
        assertEquals("https://moo.moo.moo/", base.redirect("https://moo.moo.moo"));
        assertEquals("ht3p://localhost/", base.redirect("ht3p://localhost/"));
        assertEquals("http://u:p@h.example:8080/a/b/sp%20ace?x+y", base.redirect("sp ace?x y"));
        assertEquals("http://u:p@h.example:8080/a/b/%E9", base.redirect("\u00e9"));
        assertEquals("http://bad host/", base.redirect("http://bad host/"), "unparsable: as it is");
        assertEquals("http://example.net/tes%20t%20case=/6620002?a+b",
                base.redirect("http://example.net/tes t case=/6620002?a b"), "absolute: escaped after the host");
        assertEquals("http://x.example/a%E9", base.redirect("http://x.example/a\u00e9"));
        assertEquals("http://x.example/a\tb", base.redirect("http://x.example/a\tb"), "a control byte: refused");
    }

    @Test
    void pathAsIsKeepsTheDotSegments() throws UrlException {
        String url = "http://h.example:8990/../../hej/but/who/../1241?stupid=me/../1241#soo/../x";
        CurlUrl asIs = CurlUrl.parse(url, true);
        assertEquals("/../../hej/but/who/../1241", asIs.path());
        assertEquals("stupid=me/../1241", asIs.query());
        assertEquals("http://h.example:8990/../../hej/but/who/../1241?stupid=me/../1241", asIs.toString());
        assertEquals("/hej/but/1241", CurlUrl.parse(url, false).path());
        assertEquals("/./a/../b", CurlUrl.parse("file:///./a/../b", true).path());
    }
}
