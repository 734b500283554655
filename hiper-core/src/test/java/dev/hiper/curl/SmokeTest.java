package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SmokeTest {
    @Test
    void easyPerformGetsBytesFromJetty() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlEasy easy = CurlEasy.init()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=100000&seed=7"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                out.write(b, 0, b.length);
                return b.length;
            });
            CurlCode rc = easy.perform();
            assertEquals(CurlCode.CURLE_OK, rc, easy.errorBuffer());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            assertEquals(JettyServer.crc32(100000, 7), crc.getValue());
            // again, on the kept connection
            out.reset();
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(100000, out.size());
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
    }
}
