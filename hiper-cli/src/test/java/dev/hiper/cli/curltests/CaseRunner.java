package dev.hiper.cli.curltests;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs one curl test case against the {@code hiper} command, in-process, as curl's harness runs
 * it against {@code curl}: 1. skip it when it needs a server or feature hiper lacks; 2. start an
 * sws-like server and preprocess the file with its port; 3. create the client's files, run the
 * precheck; 4. run the command line with the harness's own options ({@code -q --output <file>
 * --include --trace-ascii <file> --trace-config all --trace-time}) through shell word splitting,
 * with stdout and stderr to files; 5. compare what the server received, stdout, stderr, the
 * output files and the exit code, after {@code <strip>}/{@code <strippart>}/{@code <stripfile>};
 * run the postcheck.
 */
final class CaseRunner {
    /**
     * Servers the harness provides: sws over HTTP (IPv4, IPv6) and TLS; the HTTP proxy (a second
     * sws that tunnels each CONNECT to 127.0.0.1 at the port it names) and the HTTPS proxy (the
     * same behind TLS); a socksd for SOCKS4 and SOCKS5.
     */
    private static final Set<String> SERVERS = Set.of("http", "https", "none", "http-ipv6", "http-proxy",
            "https-proxy", "socks4", "socks5");

    /** Outcome of one case. */
    record Outcome(int test, Kind kind, String detail, long millis) {
        enum Kind { PASS, FAIL, SKIP }
    }

    private final Path dataDir;
    private final Path workRoot;
    private final Set<String> features;
    private final long timeoutMs;

    CaseRunner(Path dataDir, Path workRoot, Set<String> features, long timeoutMs) {
        this.dataDir = dataDir;
        this.workRoot = workRoot;
        this.features = features;
        this.timeoutMs = timeoutMs;
        forceAwsTime();
    }

    /**
     * curl's harness sets CURL_FORCETIME, with which a debug build signs AWS V4 at the epoch;
     * hiper's hook for that is internal (reached here on the class path).
     */
    private static void forceAwsTime() {
        try {
            Class.forName("dev.hiper.internal.auth.AwsSigV4").getMethod("forceTime", Long.class).invoke(null, 0L);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the AWS V4 time hook is missing", e);
        }
    }

    /** The features a test may ask for: hiper's own, the protocols it speaks, and the harness's. */
    static Set<String> hiperFeatures() {
        Set<String> f = new LinkedHashSet<>(Hiper.features());
        for (String p : Hiper.protocols()) {
            f.add(p);
        }
        if (f.contains("HTTP2")) {
            f.add("http/2"); // runtests.pl's name for it
            f.add("h2c"); // the Upgrade: h2c offer of --http2 on http://
        }
        f.add("local-http");
        f.add("codeset-utf8");
        f.add("proxy");
        f.add("verbose-strings"); // -v says what the engine does (its info lines)
        // what the command line does itself: %header{} and %{header_json}, .netrc
        f.add("headers-api");
        f.add("netrc");
        f.add("cookies");
        // HTTP Digest (RFC 7616, SHA-512/256 included) from the JDK's MessageDigest
        f.add("crypto");
        f.add("digest");
        f.add("sha512-256");
        f.add("aws"); // AWS Signature Version 4 (--aws-sigv4)
        f.add("Mime"); // -F: libcurl's MIME API (CURLOPT_MIMEPOST)
        return f;
    }

    Outcome run(int n) {
        long t0 = System.nanoTime();
        try {
            Outcome o = runCase(n);
            return new Outcome(n, o.kind(), o.detail(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | Error e) {
            return new Outcome(n, Outcome.Kind.FAIL, "harness error: " + e, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static Outcome skip(int n, String why) {
        return new Outcome(n, Outcome.Kind.SKIP, why, 0);
    }

    private static Outcome fail(int n, String why) {
        return new Outcome(n, Outcome.Kind.FAIL, why, 0);
    }

    private Outcome runCase(int n) throws Exception {
        Path file = dataDir.resolve("test" + n);
        if (!Files.exists(file)) {
            return skip(n, "no such test file");
        }
        TestFile raw = productNeutral(TestFile.parse(Files.readAllBytes(file)));
        String tool = raw.text("client", "tool").trim().replace("%TESTNUMBER", String.valueOf(n));
        boolean webSocket = !tool.isEmpty() || raw.words("info", "keywords").contains("WebSockets");
        // the debug build's fixed time of an AWS V4 signature is the one debug hook these cases need
        boolean aws = raw.words("info", "keywords").contains("aws-sigv4");
        if (!tool.isEmpty() && !WsTestClients.has(tool) || raw.words("info", "keywords").contains("unittest")) {
            return skip(n, "runs a libcurl test tool, not the command line");
        }
        for (String server : raw.words("client", "server")) {
            String s = server.split(" ")[0];
            if (s.equals("socks5unix")) {
                return skip(n, "needs a socks5unix server (SOCKS over a Unix socket: hiper has no Unix sockets)");
            }
            if (!SERVERS.contains(s)) {
                return skip(n, "needs a " + s + " server");
            }
        }
        Path work = workRoot.resolve(String.valueOf(n));
        deleteTree(work);
        Path log = work.resolve("log");
        Files.createDirectories(log);
        boolean ipv6 = raw.words("client", "server").stream().anyMatch(s -> s.startsWith("http-ipv6"));
        boolean https = raw.words("client", "server").stream().anyMatch(s -> s.equals("https"));
        boolean httpsProxy = raw.words("client", "server").contains("https-proxy");
        boolean httpProxy = httpsProxy || raw.words("client", "server").contains("http-proxy");
        boolean socksd = raw.words("client", "server").stream().anyMatch(s -> s.startsWith("socks"));
        if (String.join("", raw.lines()).contains("%CERTDIR")) {
            return skip(n, "needs curl's test certificates (%CERTDIR)");
        }
        try (SwsServer sws = new SwsServer(InetAddress.getByName("127.0.0.1"), log.resolve("server.input"), n);
                SwsServer sws6 = ipv6 ? new SwsServer(InetAddress.getByName("::1"), log.resolve("server.input"), n)
                        : null;
                SwsServer proxy = httpProxy ? new SwsServer(InetAddress.getByName("127.0.0.1"),
                        log.resolve("proxy.input"), n) : null;
                SocksServer socks = socksd ? new SocksServer(log.resolve("socksd-request.log")) : null) {
            Map<String, String> vars = variables(n, work, sws.port(), sws6 == null ? 0 : sws6.port());
            if (https) {
                vars.put("HTTPSPORT", String.valueOf(sws.startTls(TestCertificate.context(workRoot))));
            }
            if (proxy != null) {
                proxy.proxyTo(InetAddress.getByName("127.0.0.1"));
                vars.put("PROXYPORT", String.valueOf(proxy.port()));
                if (httpsProxy) {
                    vars.put("HTTPSPROXYPORT", String.valueOf(proxy.startTls(TestCertificate.context(workRoot))));
                }
            }
            if (socks != null) {
                vars.put("SOCKSPORT", String.valueOf(socks.port()));
            }
            Preprocessor pre = new Preprocessor(vars, features, work);
            TestFile t = pre.apply(raw);
            Files.write(log.resolve("test" + n), String.join("", t.lines()).getBytes(StandardCharsets.ISO_8859_1));
            for (String f : t.words("client", "features")) {
                boolean not = f.startsWith("!");
                String name = not ? f.substring(1) : f;
                // curl's WebSocket cases run here with curl's debug hooks (WsTestClients)
                boolean has = features.contains(name) || name.equals("Debug") && (webSocket || aws);
                if (has == not) {
                    return skip(n, not ? "hiper has " + name : "hiper lacks " + name);
                }
            }
            String missing = missingInclude(raw, n);
            if (missing != null) {
                return skip(n, "needs curl's tests/" + missing + ", which the case data does not hold");
            }
            Map<String, String> cmdAttrs = t.attributes("client", "command");
            String type = cmdAttrs.getOrDefault("type", "");
            if (!type.isEmpty()) {
                return skip(n, "a " + type + " command, not the command line");
            }
            sws.test(t);
            sws.start();
            if (sws6 != null) {
                sws6.test(t);
                sws6.start();
            }
            if (proxy != null) {
                proxy.test(t);
                proxy.start();
            }
            if (socks != null) {
                socks.start(t);
            }
            Map<String, String> env = environment(work);
            for (String line : t.part("client", "setenv")) {
                String s = line.replace("\n", "");
                if (s.isBlank() || s.startsWith("#")) {
                    continue;
                }
                int eq = s.indexOf('=');
                if (eq < 0) {
                    env.remove(s.trim());
                } else {
                    env.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
            String precheck = t.text("client", "precheck").replace("\n", "");
            if (!precheck.isBlank()) {
                int resolve = precheck.indexOf("%RESOLVE");
                // curl's own name-resolving tool is answered here; other prechecks run in perl
                String unresolved = resolve >= 0 ? ResolveTool.run(precheck.substring(resolve + 8)) : null;
                String why = resolve < 0 ? prechecked(precheck, work) : unresolved != null ? "precheck: " + unresolved
                        : null;
                if (why != null) {
                    return skip(n, why);
                }
            }
            for (String suffix : new String[] {"", "1", "2", "3", "4"}) {
                writeClientFile(t, "file" + suffix, work);
            }
            List<String> args = commandLine(t, n, cmdAttrs);
            byte[] stdin = new byte[0];
            if (t.exists("client", "stdin")) {
                stdin = bytes(withAttributes(t.text("client", "stdin"), t.attributes("client", "stdin"), true));
            }
            Path stdoutFile = log.resolve("stdout" + n);
            Path stderrFile = log.resolve("stderr" + n);
            String toolUrl = t.text("client", "command").trim();
            byte[] input = stdin;
            int code = runCli(args, stdin, stdoutFile, stderrFile, work, env,
                    !tool.isEmpty() ? (out, err) -> WsTestClients.run(tool, n, toolUrl, env, out, err)
                    : webSocket ? (out, err) -> WsTestClients.command(args, input, work, env, out, err) : null);
            if (code == TIMED_OUT) {
                return fail(n, "hung: no exit after " + timeoutMs + " ms");
            }
            sws.awaitQuiet(3000);
            sws.awaitClosed(1000);
            if (sws6 != null) {
                sws6.awaitQuiet(3000);
            }
            if (proxy != null) {
                proxy.awaitQuiet(3000);
                proxy.awaitClosed(1000);
            }
            String postcheck = t.text("verify", "postcheck").replace("\n", "");
            Checker checker = new Checker(t, work, n, code);
            String problem = checker.check();
            if (problem != null) {
                return fail(n, problem);
            }
            if (!postcheck.isBlank()) {
                Perl.Shell r = Perl.shell(postcheck, work, 30_000);
                if (r.exit() != 0) {
                    return fail(n, "postcheck failed");
                }
            }
            return new Outcome(n, Outcome.Kind.PASS, "", 0);
        }
    }

    /** Runs a perl precheck: null when the case may run, else why not. */
    private static String prechecked(String precheck, Path work) throws IOException, InterruptedException {
        if (!Perl.available()) {
            return "precheck needs perl";
        }
        Perl.Shell r = Perl.shell(precheck, work, 30_000);
        if (!r.firstLine().isEmpty()) {
            return "precheck: " + r.firstLine();
        }
        return r.exit() != 0 ? "precheck command error" : null;
    }

    /** Where {@code %SRCDIR} points: the directory above the cases, as curl's tests/ is above tests/data/. */
    private Path srcDir() {
        Path parent = dataDir.toAbsolutePath().getParent();
        return parent != null ? parent : dataDir.toAbsolutePath();
    }

    /** The first file under %SRCDIR that a %includetext or %include of the case names and that is not there, or null. */
    private String missingInclude(TestFile raw, int n) {
        for (String l : raw.lines()) {
            String line = l.replace("%TESTNUMBER", String.valueOf(n));
            int at = line.indexOf("%SRCDIR/");
            if (at < 0 || !line.contains("%include")) {
                continue;
            }
            int end = line.indexOf('%', at + 8);
            String rel = line.substring(at + 8, end < 0 ? line.length() : end).trim();
            if (!Files.isRegularFile(srcDir().resolve(rel))) {
                return rel;
            }
        }
        return null;
    }

    /** curl's token becomes hiper's where the cases name the product, nowhere else. */
    static TestFile productNeutral(TestFile raw) {
        List<String> out = new ArrayList<>();
        boolean inVerify = false;
        for (String line : raw.lines()) {
            String l = line.replace("curl/%VERSION", "hiper/%VERSION");
            if (l.startsWith("<verify>")) {
                inVerify = true;
            } else if (l.startsWith("</verify>")) {
                inVerify = false;
            }
            if (inVerify && l.startsWith("curl: ")) {
                l = "hiper: " + l.substring(6).replace("'curl --help'", "'hiper --help'")
                        .replace("'curl --manual'", "'hiper --manual'");
            }
            out.add(l);
        }
        return new TestFile(out);
    }

    private Map<String, String> variables(int n, Path work, int port, int port6) throws IOException {
        Map<String, String> v = new HashMap<>();
        v.put("HOSTIP", "127.0.0.1");
        v.put("HOST6IP", "[::1]");
        v.put("CLIENTIP", "127.0.0.1");
        v.put("CLIENT6IP", "[::1]");
        v.put("CLIENT6IP-NB", "::1");
        v.put("HTTPPORT", String.valueOf(port));
        v.put("H2CVER", "h2c"); // the Upgrade token of --http2 on http://, as curl's harness sets it
        if (port6 > 0) {
            v.put("HTTP6PORT", String.valueOf(port6));
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            v.put("NOLISTENPORT", String.valueOf(s.getLocalPort()));
        }
        v.put("TESTNUMBER", String.valueOf(n));
        v.put("LOGDIR", "log");
        v.put("PWD", work.toString());
        v.put("FILE_PWD", work.toString());
        v.put("SRCDIR", srcDir().toString()); // curl's tests/ directory: data/ holds the cases' files
        v.put("VERSION", Hiper.version());
        v.put("VERNUM", Hiper.version());
        v.put("USER", System.getProperty("user.name", "user"));
        v.put("DATE", LocalDate.now().toString());
        v.put("PERL", "perl");
        v.put("DEV_NULL", "/dev/null");
        v.put("CURL", "hiper");
        return v;
    }

    private static Map<String, String> environment(Path work) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String p : new String[] {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"}) {
            env.remove(p);
            env.remove(p.toUpperCase(java.util.Locale.ROOT));
        }
        env.remove("CURL_HOME");
        env.remove("XDG_CONFIG_HOME");
        env.remove("CURL_CA_BUNDLE");
        env.remove("SSL_CERT_DIR");
        env.remove("SSL_CERT_FILE");
        env.put("HOME", work.toString());
        env.remove("COLUMNS");
        return env;
    }

    private static List<String> commandLine(TestFile t, int n, Map<String, String> attrs) {
        String cmd = t.text("client", "command").replace("\n", " ");
        String option = attrs.getOrDefault("option", "");
        StringBuilder sb = new StringBuilder();
        if (!option.contains("no-q")) {
            sb.append("-q ");
        }
        if (!option.contains("no-output") && (!t.exists("verify", "stdout") || option.contains("force-output"))) {
            sb.append(" --output log/curl").append(n).append(".out ");
        }
        if (!option.contains("no-include")) {
            sb.append(" --include");
        }
        sb.append(' ');
        sb.append(option.contains("binary-trace") ? "--trace " : "--trace-ascii ").append("log/trace").append(n).append(' ');
        sb.append("--trace-config all ");
        sb.append("--trace-time ");
        sb.append(cmd);
        List<String> words = ShellWords.split(sb.toString());
        // the shell hands the program what the bytes decode to
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(new String(w.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static final int TIMED_OUT = Integer.MIN_VALUE;

    /** A test client of curl's, written again over hiper's API, run instead of the command line. */
    interface ToolClient {
        int run(OutputStream out, OutputStream err) throws Exception;
    }

    private int runCli(List<String> args, byte[] stdin, Path stdoutFile, Path stderrFile, Path work,
            Map<String, String> env, ToolClient client) throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        int[] result = {TIMED_OUT};
        Throwable[] thrown = new Throwable[1];
        // curl's harness gives the standard input from a file, which the tool can seek in
        Path stdinFile = stdoutFile.resolveSibling("stdin-for-" + stdoutFile.getFileName());
        Files.write(stdinFile, stdin);
        try (OutputStream out = Files.newOutputStream(stdoutFile); OutputStream err = Files.newOutputStream(stderrFile);
                java.io.FileInputStream in = new java.io.FileInputStream(stdinFile.toFile())) {
            ToolEnv toolEnv = new ToolEnv(in, out, err, work, env, cancel::get, false);
            Thread th = new Thread(() -> {
                try {
                    result[0] = client != null ? client.run(out, err) : Hiper.run(args.toArray(new String[0]), toolEnv);
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            }, "hiper-case");
            th.setDaemon(true);
            th.start();
            th.join(timeoutMs);
            if (th.isAlive()) {
                cancel.set(true);
                th.join(5000);
                return TIMED_OUT;
            }
        }
        if (thrown[0] != null) {
            throw new IllegalStateException("hiper threw " + thrown[0], thrown[0]);
        }
        return result[0];
    }

    private static void writeClientFile(TestFile t, String part, Path work) throws IOException {
        Map<String, String> attrs = t.attributes("client", part);
        String name = attrs.get("name");
        if (name == null) {
            return;
        }
        Path p = work.resolve(name);
        Files.createDirectories(p.getParent());
        String content = withAttributes(t.text("client", part), attrs, true);
        Files.write(p, bytes(content));
    }

    /** nonewline, then crlf, as the harness writes client files and stdin. */
    static String withAttributes(String text, Map<String, String> attrs, boolean chompFirst) {
        String s = text;
        if (chompFirst && truthy(attrs.get("nonewline")) && s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        String crlf = attrs.get("crlf");
        if (crlf != null) {
            s = crlf(s, crlf.equals("headers") ? false : truthy(crlf));
        }
        return s;
    }

    static boolean truthy(String v) {
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    static String crlf(String text, boolean force) {
        Preprocessor.LineEnds ends = new Preprocessor.LineEnds();
        StringBuilder sb = new StringBuilder();
        for (String line : TestFile.splitLines(text)) {
            sb.append(ends.apply(force, line));
        }
        return sb.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
