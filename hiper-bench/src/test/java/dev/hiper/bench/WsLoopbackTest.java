package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.bench.drivers.WsClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WebSocket rows' server ({@link WsServer}, in this JVM) and the drivers on loopback, bounded
 * in messages and time: hiper's CONNECT_ONLY loop echoes, streams and holds idle sessions that
 * answer PINGs, and the JDK's WebSocket echoes through the same code.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WsLoopbackTest {
    private static WsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new WsServer(0, 0, null, 8);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Workload work(String tool, String mode, int sessions, long requests, int message, String... more) {
        String[] base = {"tool=" + tool, "scenario=ws-test", "url=ws://127.0.0.1:" + server.port() + "/echo", "ws=" + mode,
            "concurrency=" + sessions, "requests=" + requests, "message=" + message, "warmup=0", "seconds=0.3",
            "sample=0"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Workload.parse(all);
    }

    /** A counted echo: exactly {@code requests} round trips over {@code sessions}, every byte back. */
    private static void echoes(String tool) throws Exception {
        Run run = new Run(work(tool, "echo", 4, 200, 1024));
        try (Driver.Client c = Driver.client(run.work)) {
            c.start(run);
            assertTrue(run.awaitSlots(30_000), tool + ": every session ended its slot; " + run.firstError());
        }
        assertNull(run.firstError(), tool);
        assertEquals(200, run.ok(), tool + ": round trips");
        assertEquals(0, run.failures());
        assertEquals(200 * 1024, run.bytes(), tool + ": echoed bytes");
    }

    @Test
    void hiperEchoesOnFourSessions() throws Exception {
        echoes("hiper");
    }

    @Test
    void theJdksWebSocketEchoesThroughTheSameCode() throws Exception {
        echoes("jdk");
    }

    @Test
    void hiperStreamsTheMessagesItAskedFor() throws Exception {
        Run run = new Run(work("hiper", "stream", 1, 64, 65536));
        String line;
        try (Driver.Client c = Driver.client(run.work)) {
            line = WsMeasure.measure(run, (WsClient) c);
        }
        Map<String, Object> r = Json.parse(line);
        assertEquals(64.0, Json.num(r, "requests"), line);
        assertEquals(0.0, Json.num(r, "failures"), line);
        assertTrue(Json.num(r, "mibps") > 0 && Json.num(r, "cpu_ms_per_mib") >= 0, line);
        assertEquals(64L * 65536, run.bytes(), "every byte of the stream");
    }

    @Test
    void hiperHoldsIdleSessionsThatAnswerPings() throws Exception {
        Run run = new Run(work("hiper", "idle", 50, 50, 1024));
        String line;
        try (Driver.Client c = Driver.client(run.work)) {
            WsClient ws = (WsClient) c;
            line = WsMeasure.measure(run, ws);
            // the measurement's ticks pinged sessions 0, 1, 2...; one more tick, then wait for the pongs
            ws.pingTick(3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ws.pongs() < ws.pings() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertTrue(ws.pings() >= 2, "pings sent: " + ws.pings());
            assertEquals(ws.pings(), ws.pongs(), "every ping answered");
        }
        Map<String, Object> r = Json.parse(line);
        assertEquals(50.0, Json.num(r, "sessions_open"), line);
        assertEquals(0.0, Json.num(r, "failures"), line);
        assertTrue(Json.num(r, "heap_mib") > 0 && !Double.isNaN(Json.num(r, "heap_kib_per_session")), line);
        assertTrue(Json.num(r, "pings") >= 1, line);
    }
}
