package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CURLOPT_VERBOSE} without a debug callback: into {@code System.Logger} "dev.hiper.curl"
 * when the application's logging takes its DEBUG level, to standard error (as libcurl) when not.
 */
@Timeout(30)
class VerboseLoggerTest {
    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    /** Runs one verbose transfer with standard error caught; returns what reached it. */
    private static String verboseTransfer() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream caught = new ByteArrayOutputStream();
        System.setErr(new PrintStream(caught, true, StandardCharsets.UTF_8));
        try (CurlEasy e = easy(jetty.url("/bytes?n=10"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_VERBOSE, 1L));
            assertEquals(CurlCode.CURLE_OK, runAll(List.of(e)).get(e), e.errorBuffer());
        } finally {
            System.setErr(saved);
        }
        return caught.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTraceGoesToTheLoggerWhenItTakesDebug() throws Exception {
        Logger jul = Logger.getLogger("dev.hiper.curl");
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        h.setLevel(Level.ALL);
        Level before = jul.getLevel();
        jul.setLevel(Level.FINE);
        jul.addHandler(h);
        try {
            String stderr = verboseTransfer();
            assertEquals("", stderr, "nothing on standard error while the logger takes the trace");
        } finally {
            jul.removeHandler(h);
            jul.setLevel(before);
        }
        List<String> lines;
        synchronized (h) {
            lines = records.stream().map(LogRecord::getMessage).toList();
            assertTrue(records.stream().allMatch(r -> r.getLevel() == Level.FINE), "DEBUG is FINE in java.util.logging");
        }
        assertTrue(lines.contains("> GET /bytes?n=10 HTTP/1.1"), lines.toString());
        assertTrue(lines.contains("< HTTP/1.1 200 OK"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("* Connected to 127.0.0.1")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.endsWith("\n") || l.endsWith("\r")), "one record per line, no line ends");
    }

    @Test
    void withoutLoggingSetUpTheTraceGoesToStandardError() throws Exception {
        String stderr = verboseTransfer();
        assertTrue(stderr.contains("> GET /bytes?n=10 HTTP/1.1\r\n"), stderr);
        assertTrue(stderr.contains("< HTTP/1.1 200 OK\r\n"), stderr);
    }
}
