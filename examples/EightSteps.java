import static dev.hiper.curl.Curl.*;

import com.sun.net.httpserver.HttpServer;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The typical usage of curl_multi_socket_action(3), step by step, with an event loop of the
 * application's own (a java.nio Selector).
 *
 *   bin/demo                  1,000 transfers against a server started here on loopback
 *   bin/demo URL [URL...]     the given URLs, all at once
 */
public class EightSteps {
    static Selector selector;
    static long timerDeadline = -1; // System.nanoTime() of the next timeout, -1 for none
    static boolean timeoutNow;

    public static void main(String[] args) throws Exception {
        HttpServer server = null;
        List<String> urls = new ArrayList<>(List.of(args));
        if (urls.isEmpty()) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            byte[] body = "hello from the loopback server\n".getBytes();
            server.createContext("/", ex -> {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            for (int i = 0; i < 1000; i++) {
                urls.add("http://127.0.0.1:" + server.getAddress().getPort() + "/item/" + i);
            }
        }
        selector = Selector.open();

        // 1. Create a multi handle.
        CurlMulti multi = CurlMulti.init();

        // 2. The socket callback: watch what hiper asks for, stop watching on REMOVE.
        multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, clientp, socketp) -> {
            SelectionKey key = s.channel().keyFor(selector);
            int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
            try {
                if (key != null && key.isValid()) {
                    key.interestOps(ops);
                } else if (ops != 0) {
                    s.channel().register(selector, ops, s);
                }
            } catch (java.io.IOException e) {
                return -1;
            }
            return 0;
        });

        // 3. The timer callback: remember when to call socketAction(CURL_SOCKET_TIMEOUT).
        //    A 0 is acted on from the loop, never from inside the callback.
        multi.setopt(CURLMOPT_TIMERFUNCTION, (m, timeoutMs, clientp) -> {
            timeoutNow = timeoutMs == 0;
            timerDeadline = timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000 : -1;
            return 0;
        });

        // 4. Add easy handles.
        long[] bytes = {0};
        for (String url : urls) {
            CurlEasy easy = CurlEasy.init();
            easy.setopt(CURLOPT_URL, url);
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, userdata) -> {
                bytes[0] += data.remaining();
                return data.remaining();
            });
            multi.addHandle(easy);
        }

        // 5. Our means to watch the sockets is the selector above.
        // 6. Kick-start everything.
        long start = System.nanoTime();
        multi.socketAction(CURL_SOCKET_TIMEOUT, 0);

        int ok = 0;
        int failed = 0;
        // The kick-start itself may finish a transfer (a fast server on loopback), so finished
        // transfers are collected before each wait and once more when nothing runs.
        while (true) {
            // Finished transfers.
            CurlMsg msg;
            while ((msg = multi.infoRead()) != null) {
                CurlEasy easy = msg.easy();
                if (msg.result() == CurlCode.CURLE_OK) {
                    ok++;
                    if (urls.size() <= 10) {
                        System.out.println("DONE: " + easy.getinfo(CURLINFO_EFFECTIVE_URL) + " => "
                                + easy.getinfo(CURLINFO_RESPONSE_CODE));
                    }
                } else {
                    failed++;
                    System.out.println("FAILED: " + easy.getinfo(CURLINFO_EFFECTIVE_URL) + " => ("
                            + msg.result().code() + ") " + easy.errorBuffer());
                }
                multi.removeHandle(easy);
                easy.cleanup();
            }
            if (multi.runningHandles() == 0) {
                break;
            }
            // 7. Wait for activity, no longer than the timer says.
            if (timeoutNow) {
                selector.selectNow();
            } else if (timerDeadline >= 0) {
                long ms = Math.max(1, (timerDeadline - System.nanoTime() + 999_999) / 1_000_000);
                selector.select(ms);
            } else {
                selector.select();
            }
            // 8. Act on the sockets that are ready...
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                int ev = 0;
                if (key.isReadable()) {
                    ev |= CURL_CSELECT_IN;
                }
                if (key.isWritable() || key.isConnectable()) {
                    ev |= CURL_CSELECT_OUT;
                }
                multi.socketAction((CurlSocket) key.attachment(), ev);
            }
            selector.selectedKeys().clear();
            // ...or on the timeout.
            if (timeoutNow || (timerDeadline >= 0 && System.nanoTime() >= timerDeadline)) {
                timeoutNow = false;
                timerDeadline = -1;
                multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d transfers: %d ok, %d failed, %d bytes, %.2f s, %.0f transfers/s%n",
                urls.size(), ok, failed, bytes[0], secs, urls.size() / secs);
        multi.cleanup();
        selector.close();
        if (server != null) {
            server.stop(0);
        }
        System.exit(failed == 0 && ok == urls.size() ? 0 : 1);
    }
}
