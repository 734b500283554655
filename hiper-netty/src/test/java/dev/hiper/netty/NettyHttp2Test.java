package dev.hiper.netty;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.loop.LoopAudit;
import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/2 through {@link NettyDriver}: many streams of one h2c connection (Jetty's HTTP/2 server,
 * prior knowledge) on a Netty event loop's thread, downloads and uploads, the socket interest of
 * the shared connection counted over all of them, with the loop audit watching every call.
 */
class NettyHttp2Test {
    /** A GET of /bytes summed as it arrives. */
    static final class Fetch {
        final CurlEasy easy = CurlEasy.init();
        final CRC32 crc = new CRC32();
        final long size;
        final long seed;
        long got;

        Fetch(JettyH2Server server, long size, long seed) {
            this.size = size;
            this.seed = seed;
            easy.setopt(CURLOPT_URL, "http://127.0.0.1:" + server.plainPort() + "/bytes?n=" + size + "&seed=" + seed);
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            easy.setopt(CURLOPT_PIPEWAIT, 1L);
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                int n = data.remaining();
                got += n;
                crc.update(data);
                return n;
            });
        }

        boolean ok() {
            return got == size && crc.getValue() == JettyServer.crc32(size, seed);
        }
    }

    @Test
    @Timeout(120)
    void fiveHundredStreamsOverFiveConnectionsAtMostOnTheLoopThread() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<LoopAudit.Violation> violations = Collections.synchronizedList(new ArrayList<>());
        List<Fetch> fetches = new ArrayList<>();
        try (JettyH2Server server = JettyH2Server.start(SSLContext.getDefault(), 128)) {
            IoEventLoop loop = group.next();
            long before = server.plainConnections();
            NettyDriver driver = NettyDriver.open(loop, multi -> LoopAudit.attach(multi, violations::add));
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Fetch f = new Fetch(server, 1000 + (i % 17) * 3000, i);
                fetches.add(f);
                futures.add(driver.submit(f.easy));
            }
            List<String> failures = new ArrayList<>();
            long connects = 0;
            for (int i = 0; i < fetches.size(); i++) {
                CurlMsg m = futures.get(i).get(60, TimeUnit.SECONDS);
                Fetch f = fetches.get(i);
                if (m.result() != CurlCode.CURLE_OK || !f.ok()) {
                    failures.add(i + ": " + m.result() + " " + f.easy.errorBuffer() + " got " + f.got);
                }
                assertEquals(CURL_HTTP_VERSION_2_0, f.easy.getinfo(CURLINFO_HTTP_VERSION));
                connects += f.easy.getinfo(CURLINFO_NUM_CONNECTS);
            }
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
            // 100 streams a connection (CURLMOPT_MAX_CONCURRENT_STREAMS' default); with PIPEWAIT as
            // libcurl's, a transfer that finds the connections full opens another, the rest wait for it
            assertTrue(connects >= 1 && connects <= 5, connects + " connections for 500 streams");
            assertEquals(connects, server.plainConnections() - before);
            driver.shutdown().get(30, TimeUnit.SECONDS);
            assertEquals(0, (int) loop.submit(driver::registrations).get(10, TimeUnit.SECONDS));
        } finally {
            fetches.forEach(f -> f.easy.close());
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(List.of(), violations);
    }

    /** 100 uploads at once, each echoed back, over one h2c connection: the send windows through the loop. */
    @Test
    @Timeout(120)
    void hundredUploadsEchoedOverOneConnection() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<LoopAudit.Violation> violations = Collections.synchronizedList(new ArrayList<>());
        List<CurlEasy> easies = new ArrayList<>();
        try (JettyH2Server server = JettyH2Server.start(SSLContext.getDefault(), 128)) {
            NettyDriver driver = NettyDriver.open(group.next(), multi -> LoopAudit.attach(multi, violations::add));
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            List<java.io.ByteArrayOutputStream> back = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] up = new byte[100_000 + i * 1_000];
                new java.util.Random(i).nextBytes(up);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                CurlEasy e = CurlEasy.init();
                e.setopt(CURLOPT_URL, "http://127.0.0.1:" + server.plainPort() + "/echo");
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
                e.setopt(CURLOPT_PIPEWAIT, 1L);
                e.setopt(CURLOPT_POSTFIELDS, up);
                e.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                    int n = data.remaining();
                    byte[] b = new byte[n];
                    data.get(b);
                    out.write(b, 0, n);
                    return n;
                });
                easies.add(e);
                sent.add(up);
                back.add(out);
                futures.add(driver.submit(e));
            }
            long connects = 0;
            for (int i = 0; i < 100; i++) {
                CurlMsg m = futures.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(CurlCode.CURLE_OK, m.result(), easies.get(i).errorBuffer());
                assertArrayEquals(sent.get(i), back.get(i).toByteArray(), "upload " + i);
                connects += easies.get(i).getinfo(CURLINFO_NUM_CONNECTS);
            }
            assertEquals(1, connects);
            driver.shutdown().get(30, TimeUnit.SECONDS);
        } finally {
            easies.forEach(CurlEasy::close);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(List.of(), violations);
    }
}

