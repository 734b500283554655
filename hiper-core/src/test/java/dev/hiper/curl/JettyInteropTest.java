package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** hiper against a real server (Jetty 12): the common requests, reuse, and large bodies both ways. */
@Timeout(120)
class JettyInteropTest {
    static JettyServer jetty;

    @BeforeAll
    static void start() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    /** Collects the body and its checksum without keeping more than asked. */
    static final class Sink implements CurlWriteFunction {
        final CRC32 crc = new CRC32();
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final boolean keep;
        long size;

        Sink(boolean keep) {
            this.keep = keep;
        }

        @Override
        public int write(ByteBuffer data, Object userdata) {
            int n = data.remaining();
            if (keep) {
                byte[] b = new byte[n];
                data.duplicate().get(b);
                kept.write(b, 0, n);
            }
            crc.update(data);
            size += n;
            return n;
        }
    }

    @Test
    void getVerifiesBodyByChecksum() {
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(false);
            easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=1000000&seed=42"));
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1_000_000L, sink.size);
            assertEquals(JettyServer.crc32(1_000_000, 42), sink.crc.getValue());
            assertEquals("application/octet-stream", easy.getinfo(CURLINFO_CONTENT_TYPE));
            assertEquals(1_000_000L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
    }

    @Test
    void chunkedResponseFromJetty() {
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(false);
            easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=300000&seed=3&chunked=1"));
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(JettyServer.crc32(300_000, 3), sink.crc.getValue());
            assertEquals(-1L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
        }
    }

    @Test
    void headHasNoBodyAndKeepsTheConnection() {
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(false);
            easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=5000&seed=1"));
            easy.setopt(CURLOPT_NOBODY, 1L);
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(0L, sink.size);
            assertEquals(5000L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
            easy.setopt(CURLOPT_NOBODY, 0L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(5000L, sink.size);
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS), "the HEAD's connection was reused");
        }
    }

    @Test
    void postFieldsAreEchoed() {
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(true);
            easy.setopt(CURLOPT_URL, jetty.url("/echo"));
            easy.setopt(CURLOPT_COPYPOSTFIELDS, "name=hiper&value=multi");
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("name=hiper&value=multi", sink.kept.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void chunkedUploadFromReadCallbackIsEchoed() {
        byte[] payload = JettyServer.expectedBytes(3_000_000, 9);
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(false);
            int[] pos = {0};
            easy.setopt(CURLOPT_URL, jetty.url("/echo"));
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                int n = Math.min(dst.remaining(), Math.min(7000, payload.length - pos[0]));
                dst.put(payload, pos[0], n);
                pos[0] += n;
                return n;
            });
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            List<String> sent = new java.util.ArrayList<>();
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (e, type, data, ud) -> {
                if (type == CurlInfoType.CURLINFO_HEADER_OUT) {
                    sent.add(StandardCharsets.ISO_8859_1.decode(data).toString());
                }
                return 0;
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(sent.get(0).contains("Transfer-Encoding: chunked\r\n"), sent.get(0));
            assertTrue(sent.get(0).startsWith("PUT /echo HTTP/1.1\r\n"), sent.get(0));
            assertEquals(payload.length, sink.size);
            CRC32 crc = new CRC32();
            crc.update(payload);
            assertEquals(crc.getValue(), sink.crc.getValue());
            assertEquals((long) payload.length, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
    }

    @Test
    void largeUploadWithKnownSizeAndLargeDownload() {
        long size = 40L * 1024 * 1024;
        byte[] block = JettyServer.expectedBytes(1 << 20, 5);
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(false);
            long[] sent = {0};
            easy.setopt(CURLOPT_URL, jetty.url("/echo"));
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, size);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                int n = (int) Math.min(dst.remaining(), size - sent[0]);
                int off = (int) (sent[0] % block.length);
                n = Math.min(n, block.length - off);
                dst.put(block, off, n);
                sent[0] += n;
                return n;
            });
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(size, sink.size);
            CRC32 crc = new CRC32();
            for (int i = 0; i < 40; i++) {
                crc.update(block);
            }
            assertEquals(crc.getValue(), sink.crc.getValue());

            Sink big = new Sink(false);
            easy.reset();
            easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=" + (100L << 20) + "&seed=11"));
            easy.setopt(CURLOPT_WRITEFUNCTION, big);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(100L << 20, big.size);
            assertEquals(JettyServer.crc32(100L << 20, 11), big.crc.getValue());
        }
    }

    @Test
    void keepAliveReusesOneConnectionForManyRequests() {
        long before = jetty.connectionsOpened();
        try (CurlEasy easy = CurlEasy.init()) {
            for (int i = 0; i < 20; i++) {
                Sink sink = new Sink(false);
                easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=100&seed=" + i));
                easy.setopt(CURLOPT_WRITEFUNCTION, sink);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals(JettyServer.crc32(100, i), sink.crc.getValue());
            }
        }
        assertEquals(1, jetty.connectionsOpened() - before, "twenty requests on one connection");
    }

    @Test
    void statusCodesAndHeadersEndpoint() {
        try (CurlEasy easy = CurlEasy.init()) {
            Sink sink = new Sink(true);
            easy.setopt(CURLOPT_URL, jetty.url("/status/404"));
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(404L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            easy.setopt(CURLOPT_URL, jetty.url("/headers"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of("X-Custom: yes", "Accept: text/plain"));
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String echoed = sink.kept.toString(StandardCharsets.UTF_8);
            assertTrue(echoed.contains("X-Custom: yes\n"), echoed);
            assertTrue(echoed.contains("Accept: text/plain\n"), echoed);
            assertTrue(echoed.contains("User-Agent: " + Curl.version() + "\n"), echoed);
        }
    }
}
