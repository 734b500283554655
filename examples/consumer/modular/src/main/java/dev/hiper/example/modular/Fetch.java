package dev.hiper.example.modular;

import static dev.hiper.curl.Curl.*;

import com.sun.net.httpserver.HttpServer;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.loop.SelectorLoop;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Fetches one URL with hiper from a named module: a server on loopback answers, a SelectorLoop
 * drives the multi, and the program checks that hiper-core was loaded as the module
 * dev.hiper.core. Exits 1 on any failure.
 */
public final class Fetch {
    public static void main(String[] args) throws Exception {
        if (!"dev.hiper.core".equals(CurlEasy.class.getModule().getName())) {
            throw new AssertionError("hiper-core is not the named module dev.hiper.core: " + CurlEasy.class.getModule());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        byte[] body = "hello, named module\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi).start();
                CurlEasy easy = CurlEasy.init()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            easy.setopt(CURLOPT_URL, "http://127.0.0.1:" + server.getAddress().getPort() + "/hello");
            easy.setopt(CURLOPT_WRITEDATA, out);
            CurlMsg done = loop.submit(easy).get();
            if (done.result() != CurlCode.CURLE_OK || !new String(out.toByteArray(), StandardCharsets.UTF_8)
                    .equals("hello, named module\n")) {
                throw new AssertionError("transfer failed: " + done.result() + " " + easy.errorBuffer());
            }
            System.out.println("modular: " + easy.getinfo(CURLINFO_RESPONSE_CODE) + " " + out.size()
                    + " bytes through module " + CurlEasy.class.getModule().getName());
        } finally {
            server.stop(0);
        }
    }
}
