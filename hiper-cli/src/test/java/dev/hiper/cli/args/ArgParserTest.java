package dev.hiper.cli.args;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Command lines into {@link ToolConfig} values, as curl 8.21 reads them; nothing runs. */
@Timeout(30)
class ArgParserTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    private ToolConfig parse(String... args) {
        ToolEnv te = new ToolEnv(new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), dir, env, () -> false, false);
        return ArgParser.parse(args, te);
    }

    private ToolConfig ok(String... args) {
        ToolConfig c = parse(args);
        assertEquals(ToolConfig.Action.TRANSFER, c.action(), c.messages().toString());
        assertEquals(0, c.exitCode());
        return c;
    }

    private static Operation only(ToolConfig c) {
        assertEquals(1, c.operations().size());
        return c.operations().get(0);
    }

    @Test
    void urlsPairWithOutputsAndUploadsInOrder() {
        Operation op = only(ok("-o", "a", "http://h/1", "-T", "up", "http://h/2", "-O", "-o", "c"));
        assertEquals(List.of(
                new UrlNode("http://h/1", "a", false, true, "up", false),
                new UrlNode("http://h/2", null, true, true, null, false),
                new UrlNode(null, "c", false, true, null, false)), op.urls);
    }

    @Test
    void shortOptionsCluster() {
        ToolConfig c = ok("-sSiXPUT", "http://h/");
        assertTrue(c.global().silent());
        assertTrue(c.global().showError());
        Operation op = only(c);
        assertTrue(op.showHeaders);
        assertEquals("PUT", op.customRequest);
    }

    @Test
    void longOptionsWithValuesNegationAndEquals() {
        Operation op = only(ok("--header", "X-A: 1", "--header=X-B: 2", "--include", "--no-include",
                "--user-agent", "ua/1", "http://h/"));
        assertEquals(List.of("X-A: 1", "X-B: 2"), op.headers);
        assertFalse(op.showHeaders);
        assertEquals("ua/1", op.userAgent);
    }

    @Test
    void compressedAndTrEncoding() {
        Operation op = only(ok("--compressed", "--tr-encoding", "http://h/"));
        assertTrue(op.compressed);
        assertTrue(op.trEncoding);
        Operation off = only(ok("--compressed", "--no-compressed", "http://h/"));
        assertFalse(off.compressed);
        assertFalse(off.trEncoding);
    }

    @Test
    void cookieOptions() {
        Operation op = only(ok("-b", "a=1", "-b", "jar.txt", "--cookie", "b=2; c=3", "-b", "", "-c", "out.txt", "-j",
                "http://h/"));
        assertEquals(List.of("a=1", "b=2; c=3"), op.cookies, "a value with '=' is cookie content");
        assertEquals(List.of("jar.txt", ""), op.cookieFiles, "anything else is a file to read");
        assertEquals("out.txt", op.cookieJar);
        assertTrue(op.cookieSession);
    }

    @Test
    void nextStartsANewOperation() {
        ToolConfig c = ok("-H", "A: 1", "http://h/1", "--next", "-d", "x", "http://h/2");
        assertEquals(2, c.operations().size());
        assertEquals(List.of("A: 1"), c.operations().get(0).headers);
        assertNull(c.operations().get(0).postFields);
        assertEquals("x", c.operations().get(1).postFields);
        // as curl: -d makes the request a POST when the transfer is set up, not while parsing
        assertEquals(Operation.RequestKind.UNSPEC, c.operations().get(1).requestKind);
    }

    @Test
    void dataVariantsJoinWithAmpersands() throws IOException {
        Files.writeString(dir.resolve("body"), "line1\r\nline2\n");
        assertEquals("a=1&line1line2&b c=d%26", only(ok("-d", "a=1", "-d", "@body", "--data-urlencode", "b c=d&",
                "http://h/")).postFields);
        assertEquals("line1\r\nline2\n", only(ok("--data-binary", "@body", "http://h/")).postFields);
        assertEquals("@body", only(ok("--data-raw", "@body", "http://h/")).postFields);
        assertEquals("from stdin", only(ok("-d", "@-", "http://h/")).postFields);
    }

    @Test
    void jsonSetsItsHeadersAndBody() {
        Operation op = only(ok("--json", "{\"a\":1}", "http://h/"));
        assertTrue(op.json);
        assertEquals("{\"a\":1}", op.postFields);
    }

    @Test
    void getWithDataAndHead() {
        Operation op = only(ok("-G", "-d", "q=1", "http://h/"));
        assertTrue(op.useGet);
        assertEquals("q=1", op.postFields);
        op = only(ok("-I", "http://h/"));
        assertTrue(op.noBody);
        assertEquals(Operation.RequestKind.HEAD, op.requestKind);
    }

    @Test
    void conflictingRequestKindsAreRefused() {
        ToolConfig c = parse("-I", "-G", "-I", "--no-head", "http://h/");
        assertEquals(ToolConfig.Action.FAILED, c.action());
        assertEquals(2, c.exitCode());
        // wrapped at 79 columns as curl wraps warnings
        String all = String.join("", c.messages()).replace("\nWarning: ", "");
        assertEquals("Warning: You can only select one HTTP request method! You asked for both GET (-G, --get) "
                + "and HEAD (-I, --head).\nhiper: option --no-head: is badly used here\n"
                + "hiper: try 'hiper --help' for more information\n", all);
    }

    @Test
    void unknownOptionAndMissingValue() {
        ToolConfig c = parse("--bogus", "http://h/");
        assertEquals(2, c.exitCode());
        assertEquals(List.of("hiper: option --bogus: is unknown\n",
                "hiper: try 'hiper --help' for more information\n"), c.messages());
        c = parse("http://h/", "-o");
        assertEquals(2, c.exitCode());
        assertEquals("hiper: option -o: requires parameter\n", c.messages().get(0));
    }

    @Test
    void numbersAndTimes() {
        Operation op = only(ok("-m", "1.5", "--connect-timeout", "0.25", "--retry", "3", "--retry-delay", "2",
                "--max-filesize", "2k", "http://h/"));
        assertEquals(1500, op.timeoutMs);
        assertEquals(250, op.connectTimeoutMs);
        assertEquals(3, op.retry);
        assertEquals(2000, op.retryDelayMs);
        assertEquals(2048, op.maxFilesize);
        ToolConfig bad = parse("-m", "abc", "http://h/");
        assertEquals(2, bad.exitCode());
        assertEquals("hiper: option -m: expected a proper numerical parameter\n", bad.messages().get(0));
    }

    @Test
    void speedLimits() {
        Operation op = only(ok("--limit-rate", "100K", "-Y", "500", "-y", "7", "http://h/"));
        assertEquals(100 * 1024, op.limitRate);
        assertEquals(500, op.speedLimit);
        assertEquals(7, op.speedTime);
        assertEquals(3L << 30, only(ok("--limit-rate", "3g", "http://h/")).limitRate);
        ToolConfig bad = parse("--limit-rate", "5x", "http://h/");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.messages().get(0).contains("unsupported rate unit. Use G, M, K or B!"), bad.messages().toString());
        assertEquals(2, parse("-Y", "-1", "http://h/").exitCode());
    }

    @Test
    void rangeResumeAndTimeCondition() {
        Operation op = only(ok("-r", "0-99", "http://h/"));
        assertEquals("0-99", op.range);
        op = only(ok("-C", "-", "http://h/"));
        assertTrue(op.useResume);
        assertTrue(op.resumeFromCurrent);
        op = only(ok("-C", "100", "http://h/"));
        assertEquals(100, op.resumeFrom);
        op = only(ok("-z", "-Sun, 06 Nov 1994 08:49:37 GMT", "http://h/"));
        assertEquals(Operation.TimeCond.IF_UNMODIFIED_SINCE, op.timeCond);
        assertEquals(784111777L, op.condTime);
    }

    @Test
    void globalOptionsForTheWholeRun() {
        ToolConfig c = ok("-Z", "--parallel-max", "500", "-#", "--trace-ascii", "t.txt", "--trace-time",
                "http://h/", "--next", "http://h/2");
        GlobalConfig g = c.global();
        assertTrue(g.parallel());
        assertEquals(GlobalConfig.PARALLEL_MAX, g.parallelMax());
        assertTrue(g.progressBar());
        assertEquals(GlobalConfig.Trace.ASCII, g.trace());
        assertEquals("t.txt", g.traceFile());
        assertTrue(g.traceTime());
        assertEquals(2, c.operations().size());
    }

    @Test
    void helpAndVersionAreActions() {
        assertEquals(ToolConfig.Action.HELP, parse("--help").action());
        assertEquals(ToolConfig.Action.VERSION, parse("-V").action());
    }

    @Test
    void configFileOptionsAndQuoting() throws IOException {
        Files.writeString(dir.resolve("cfg"), """
                # a comment
                url = "http://h/from config"
                header: "X-Q: a\\tb"
                -s
                """);
        ToolConfig c = ok("-K", "cfg");
        assertTrue(c.global().silent());
        Operation op = only(c);
        assertEquals("http://h/from config", op.urls.get(0).url());
        assertEquals(List.of("X-Q: a\tb"), op.headers);
        ToolConfig missing = parse("-K", "nope", "http://h/");
        assertEquals(26, missing.exitCode());
    }

    @Test
    void curlrcIsReadUnlessTheFirstArgumentIsDisable() throws IOException {
        Files.writeString(dir.resolve(".curlrc"), "header = \"X-Rc: 1\"\n");
        env.put("HOME", dir.toString());
        assertEquals(List.of("X-Rc: 1"), only(ok("http://h/")).headers);
        assertEquals(List.of(), only(ok("-q", "http://h/")).headers);
    }

    @Test
    void variablesExpandOnlyWithExpand() {
        env.put("WHO", "world");
        Operation op = only(ok("--variable", "%WHO", "--variable", "n=1 2", "--expand-url",
                "http://h/{{WHO}}/{{n:url}}", "-H", "X: {{n}}"));
        assertEquals("http://h/world/1%202", op.urls.get(0).url());
        assertEquals(List.of("X: {{n}}"), op.headers);
    }

    @Test
    void featuresHiperLacksAreRefused() {
        ToolConfig c = parse("--ntlm", "http://h/");
        assertEquals(ToolConfig.Action.FAILED, c.action());
        assertNotEquals(0, c.exitCode());
        assertFalse(c.messages().isEmpty());
    }

    @Test
    void tlsOptions() {
        Operation op = only(ok("-k", "--cacert", "ca.pem", "--capath", "cas", "-E", "my\\:cert.pem:pw", "--key", "k.pem",
                "--tlsv1.2", "--tls-max", "1.3", "--no-alpn", "--pinnedpubkey", "sha256//x", "https://h/"));
        assertTrue(op.insecure);
        assertEquals("ca.pem", op.cacert);
        assertEquals("cas", op.capath);
        assertEquals("my:cert.pem", op.cert);
        assertEquals("pw", op.keyPasswd);
        assertEquals("k.pem", op.key);
        assertEquals(dev.hiper.curl.Curl.CURL_SSLVERSION_TLSv1_2, op.sslVersion);
        assertEquals(dev.hiper.curl.Curl.CURL_SSLVERSION_MAX_TLSv1_3, op.sslVersionMax);
        assertTrue(op.noAlpn);
        assertEquals("sha256//x", op.pinnedPubKey);
        assertEquals(2, parse("--tls-max", "2.0", "https://h/").exitCode());
        assertEquals(2, parse("--curves", "x", "https://h/").exitCode(), "what hiper's TLS lacks is refused");
    }

    @Test
    void redirectFlagsBecomeTheirOptions() {
        Operation op = only(ok("-L", "--max-redirs", "7", "--post301", "--post303", "http://h/"));
        assertEquals(1, op.followLocation);
        assertEquals(7, op.maxRedirs);
        assertEquals(dev.hiper.curl.Curl.CURL_REDIR_POST_301 | dev.hiper.curl.Curl.CURL_REDIR_POST_303, op.postRedir);
        assertFalse(op.unrestrictedAuth);
        Operation trusted = only(ok("--location-trusted", "--proto-redir", "=https", "http://h/"));
        assertEquals(1, trusted.followLocation);
        assertTrue(trusted.unrestrictedAuth);
        assertEquals("https", trusted.protoRedir);
        assertEquals(50, only(ok("http://h/")).maxRedirs, "the command's default, as curl's");
        ToolConfig both = ok("-L", "--follow", "http://h/");
        assertEquals(2, only(both).followLocation);
        assertTrue(both.messages().toString().contains("--follow overrides --location"), both.messages().toString());
    }

    @Test
    void httpVersionFlagsBecomeTheirVersionsTheLastWinning() {
        assertEquals(dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0, only(ok("--http2", "http://h/")).httpVersion);
        assertEquals(dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
                only(ok("--http2-prior-knowledge", "http://h/")).httpVersion);
        assertEquals(dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1, only(ok("--http1.1", "http://h/")).httpVersion);
        assertEquals(dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_0, only(ok("-0", "http://h/")).httpVersion);
        assertEquals(0, only(ok("http://h/")).httpVersion, "unset: the library's default (2TLS)");
        ToolConfig both = ok("--http2", "--http1.1", "http://h/");
        assertEquals(dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1, only(both).httpVersion);
        assertTrue(both.messages().toString().contains("Warning: Overrides previous HTTP version option"),
                both.messages().toString());
        assertTrue(ok("--http2", "--http2", "http://h/").messages().isEmpty(), "the same one again: no warning");
        assertEquals(2, parse("--http3", "https://h/").exitCode(), "HTTP/3 is refused");
    }

    @Test
    void authenticationFlagsCombineAsCurls() {
        long basic = dev.hiper.curl.Curl.CURLAUTH_BASIC;
        long digest = dev.hiper.curl.Curl.CURLAUTH_DIGEST;
        assertEquals(digest, only(ok("--digest", "http://h/")).authType);
        assertEquals(basic | digest, only(ok("--basic", "--digest", "http://h/")).authType);
        assertEquals(basic, only(ok("--digest", "--basic", "--no-digest", "http://h/")).authType);
        assertEquals(dev.hiper.curl.Curl.CURLAUTH_ANY, only(ok("--digest", "--anyauth", "http://h/")).authType);
        assertEquals(digest, only(ok("--proxy-digest", "http://h/")).proxy.auth);
        ToolConfig ntlm = parse("--ntlm", "http://h/");
        assertEquals(2, ntlm.exitCode(), "NTLM is not built in: curl's refusal");
    }

    @Test
    void awsSigV4AddsItsSchemeAndKeepsItsParameter() {
        long aws = dev.hiper.curl.Curl.CURLAUTH_AWS_SIGV4;
        Operation op = only(ok("--aws-sigv4", "aws:amz:us-east-1:s3", "-u", "k:s", "http://h/"));
        assertEquals(aws, op.authType);
        assertEquals("aws:amz:us-east-1:s3", op.awsSigV4);
        assertEquals(aws | dev.hiper.curl.Curl.CURLAUTH_DIGEST,
                only(ok("--digest", "--aws-sigv4", "", "http://h/")).authType, "an empty parameter is allowed");
    }

    @Test
    void parallelOptionsAreGlobal() {
        ToolConfig c = ok("-Z", "--parallel-max", "7", "--parallel-max-host", "2", "--parallel-immediate", "http://h/");
        assertTrue(c.global().parallel());
        assertEquals(7, c.global().parallelMax());
        assertEquals(2, c.global().parallelHost());
        assertTrue(c.global().parallelImmediate());
        assertEquals(0, ok("-Z", "http://h/").global().parallelHost(), "no host limit unless given");
        assertEquals(0, ok("--parallel-max-host", "0", "http://h/").global().parallelHost());
        assertEquals(GlobalConfig.PARALLEL_HOST_MAX, ok("--parallel-max-host", "99999", "http://h/").global().parallelHost());
    }
}
