package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the observers cost when off: one whole transfer cycle (a GET on a kept connection to a
 * loopback responder in the same JVM, {@code CurlEasy.perform}) in three JVMs that differ only in
 * what observes it.
 *
 * <ul>
 *   <li>{@link #noJfr}: the JVM runs without the {@code jdk.jfr} module ({@code --limit-modules
 *       java.se,jdk.unsupported}, the second for JMH): hiper's event classes are never loaded;
 *   <li>{@link #jfrEventsRegisteredOff}: {@code jdk.jfr} is there, but no recording runs (so the
 *       flight recorder is not up and hiper's event types are not registered: the check is one
 *       read), nor {@code CURLOPT_VERBOSE}, so the {@code System.Logger} sink is not asked either;
 *   <li>{@link #jfrRecordingEventsOff}: as above, with a recording running (JFR's default
 *       settings, which leave hiper's events off): the state of a production JVM that records.
 *       This one also pays for the JDK's own events of the default settings (sockets, threads),
 *       so it is not a measure of hiper's events.
 * </ul>
 * The first two scores should agree within the noise; a gap is what hiper's observers cost when
 * off. Run:
 * {@code bench/jmh ObserverBench} (a 10-second smoke: {@code bench/jmh -wi 1 -w 1 -i 1 -r 1 ObserverBench}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObserverBench {
    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    private ServerSocket listener;
    private Thread responder;
    private CurlEasy easy;
    private AutoCloseable recording;

    @Setup(Level.Trial)
    public void setup(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        responder = new Thread(this::respond, "ObserverBench-responder");
        responder.setDaemon(true);
        responder.start();
        easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, "http://127.0.0.1:" + listener.getLocalPort() + "/");
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> data.remaining());
        if (params.getBenchmark().endsWith("jfrRecordingEventsOff")) {
            recording = DefaultRecording.start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (recording != null) {
            recording.close();
        }
        easy.close();
        listener.close();
    }

    /** Answers each request head on each connection with a 2-byte body, keeping the connection. */
    private void respond() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                int state = 0;
                for (int c; (c = in.read()) >= 0;) {
                    // the end of a head: CR LF CR LF
                    state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                            ? state + 1 : c == '\r' ? 1 : 0;
                    if (state == 4) {
                        out.write(ANSWER);
                        out.flush();
                        state = 0;
                    }
                }
            } catch (IOException e) {
                // the next connection, or closed
            }
        }
    }

    private int cycle() {
        CurlCode code = easy.perform();
        if (code != CurlCode.CURLE_OK) {
            throw new IllegalStateException(code + ": " + easy.errorBuffer());
        }
        return code.ordinal();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--limit-modules", "java.se,jdk.unsupported"})
    public int noJfr() {
        return cycle();
    }

    @Benchmark
    @Fork(1)
    public int jfrEventsRegisteredOff() {
        return cycle();
    }

    @Benchmark
    @Fork(1)
    public int jfrRecordingEventsOff() {
        return cycle();
    }

    /** A recording with JFR's default settings; loaded only in the JVM that runs one. */
    private static final class DefaultRecording {
        static AutoCloseable start() throws Exception {
            jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("default"));
            r.setToDisk(false);
            r.start();
            return r;
        }
    }
}
