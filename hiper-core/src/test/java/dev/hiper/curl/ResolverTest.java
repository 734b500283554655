package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.ScriptedServer;
import java.net.InetAddress;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The threaded resolver answers through a wake channel that the socket callback reports like any
 * socket; answers are cached; happy eyeballs falls back across families.
 */
@Timeout(30)
class ResolverTest {
    @Test
    void answerComesBackThroughAnAnnouncedWakeChannel() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            server.setDefault(Action.respond(200, "ok"));
            List<String> events = new ArrayList<>();
            CurlSocketFunction inner = loop.socketFunction();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, cp, sp) -> {
                if (s.channel() instanceof Pipe.SourceChannel) {
                    events.add("wake:" + what);
                }
                return inner.socket(easy, s, what, cp, sp);
            });
            List<CurlCode> results = new ArrayList<>();
            loop.onDone(m -> results.add(m.result()));
            CurlEasy a = CurlEasy.init();
            a.setopt(CURLOPT_URL, "http://delay100.v4.resolve.hiper.test:" + server.port() + "/a");
            a.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            CurlEasy b = a.duphandle();
            b.setopt(CURLOPT_URL, "http://delay100.v4.resolve.hiper.test:" + server.port() + "/b");
            multi.addHandle(a);
            multi.addHandle(b);
            loop.run();
            assertEquals(List.of(CurlCode.CURLE_OK, CurlCode.CURLE_OK), results);
            // one wake channel for both waiting transfers: announced IN once, removed once
            assertEquals(List.of("wake:" + CURL_POLL_IN, "wake:" + CURL_POLL_REMOVE), events);
            assertTrue(a.getinfo(CURLINFO_NAMELOOKUP_TIME_T) >= 90_000, "the look-up took its 100 ms");

            // a second transfer to the same name is answered from the cache: no wake channel
            events.clear();
            multi.removeHandle(a);
            multi.addHandle(a);
            loop.run();
            assertEquals(List.of(), events);
            assertTrue(a.getinfo(CURLINFO_NAMELOOKUP_TIME_T) < 90_000);
            multi.removeHandle(a);
            multi.removeHandle(b);
        }
    }

    @Test
    void unknownNameIsCouldntResolveHost() {
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, "http://nosuch.invalid/");
            assertEquals(CurlCode.CURLE_COULDNT_RESOLVE_HOST, easy.perform());
            assertTrue(easy.errorBuffer().contains("Could not resolve host: nosuch.invalid"), easy.errorBuffer());
        }
    }

    @Test
    void slowLookupIsCutByConnectTimeout() {
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, "http://delay3000.slow.hiper.test/");
            easy.setopt(CURLOPT_CONNECTTIMEOUT_MS, 200L);
            long t0 = System.nanoTime();
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, easy.perform());
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "did not wait for the resolver");
            assertTrue(easy.errorBuffer().startsWith("Resolving timed out after"), easy.errorBuffer());
        }
    }

    @Test
    void happyEyeballsFallsBackToTheOtherFamily() throws Exception {
        // The server listens on 127.0.0.1 only; ::1 is tried first and refused.
        try (ScriptedServer server = ScriptedServer.start(); CurlEasy easy = CurlEasy.init()) {
            server.setDefault(Action.respond(200, "ok"));
            List<String> trace = new ArrayList<>();
            easy.setopt(CURLOPT_URL, "http://both.hiper.test:" + server.port() + "/");
            easy.setopt(CURLOPT_RESOLVE, List.of("both.hiper.test:" + server.port() + ":[::1],127.0.0.1"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (e, type, data, u) -> {
                if (type == CurlInfoType.CURLINFO_TEXT) {
                    trace.add(java.nio.charset.StandardCharsets.UTF_8.decode(data).toString().trim());
                }
                return 0;
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("127.0.0.1", easy.getinfo(CURLINFO_PRIMARY_IP));
            assertEquals("Trying [::1]:" + server.port() + "...", trace.get(0));
            assertTrue(trace.contains("Trying 127.0.0.1:" + server.port() + "..."), trace.toString());
        }
    }

    @Test
    void ipResolveV4SkipsIpv6Addresses() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(InetAddress.getByName("127.0.0.1"));
                CurlEasy easy = CurlEasy.init()) {
            server.setDefault(Action.respond(200, "ok"));
            easy.setopt(CURLOPT_URL, "http://localhost:" + server.port() + "/");
            easy.setopt(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("127.0.0.1", easy.getinfo(CURLINFO_PRIMARY_IP));
            easy.setopt(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
            easy.setopt(CURLOPT_FRESH_CONNECT, 1L);
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, easy.perform());
            assertTrue(easy.errorBuffer().contains("Failed to connect to localhost port " + server.port()),
                    easy.errorBuffer());
        }
    }

}
