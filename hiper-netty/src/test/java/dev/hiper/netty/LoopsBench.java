package dev.hiper.netty;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Transfers per second of the three loops on one workload: N GETs of {@code /bytes?n=SIZE} from a
 * Jetty server on loopback, all handed to the loop at once (hiperfifo has no other way), the same
 * multi defaults everywhere. One warm-up round, then ROUNDS measured rounds; prints the median.
 *
 * <pre>bin/bench-loops [N [SIZE [ROUNDS]]]     (defaults 2000 2048 5)</pre>
 *
 * The hiperfifo round is timed from writing the URLs to its standard input to reading its last
 * DONE line, so the JVM's start is left out but the program's own printing is in.
 */
public final class LoopsBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (JettyServer jetty = JettyServer.start()) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                urls.add(jetty.url("/bytes?n=" + size + "&seed=" + i));
            }
            System.out.printf("workload: %d GETs of %d bytes, all at once, Jetty on loopback; %d rounds after a warm-up%n",
                    n, size, rounds);
            report("hiperfifo (own java.nio Selector)", hiperfifo(urls, rounds));
            report("SelectorLoop (thread of its own)", selectorLoop(urls, rounds));
            report("NettyDriver (Netty 4.2 NIO loop)", netty(urls, rounds));
        }
    }

    static void report(String name, double[] perSecond) {
        double[] s = perSecond.clone();
        Arrays.sort(s);
        System.out.printf("%-36s median %6.0f transfers/s  (min %.0f, max %.0f)%n", name, s[s.length / 2], s[0],
                s[s.length - 1]);
    }

    /** Runs {@code round} rounds+1 times, the first unmeasured; each returns its seconds. */
    interface Round {
        double run() throws Exception;
    }

    static double[] measure(int n, int rounds, Round round) throws Exception {
        round.run();
        double[] out = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            out[i] = n / round.run();
        }
        return out;
    }

    static CurlEasy easy(String url) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, url);
        e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
        return e;
    }

    static double submitAll(List<String> urls, Function<CurlEasy, CompletableFuture<CurlMsg>> submit) throws Exception {
        long t0 = System.nanoTime();
        List<CompletableFuture<CurlMsg>> fs = new ArrayList<>(urls.size());
        for (String u : urls) {
            fs.add(submit.apply(easy(u)));
        }
        for (CompletableFuture<CurlMsg> f : fs) {
            CurlMsg m = f.get(120, TimeUnit.SECONDS);
            if (m.result() != CurlCode.CURLE_OK) {
                throw new IllegalStateException("transfer failed: " + m.result() + " " + m.easy().errorBuffer());
            }
            m.easy().cleanup();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static double[] selectorLoop(List<String> urls, int rounds) throws Exception {
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            loop.start();
            double[] r = measure(urls.size(), rounds, () -> submitAll(urls, loop::submit));
            loop.shutdown();
            loop.awaitTermination(10, TimeUnit.SECONDS);
            return r;
        }
    }

    static double[] netty(List<String> urls, int rounds) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            NettyDriver driver = NettyDriver.open(group.next());
            double[] r = measure(urls.size(), rounds, () -> submitAll(urls, driver::submit));
            driver.shutdown().get(10, TimeUnit.SECONDS);
            return r;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static double[] hiperfifo(List<String> urls, int rounds) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("examples/hiperfifo/HiperFifo.java"))) {
            dir = dir.getParent();
        }
        String modules = Path.of(CurlMulti.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--module-path",
                modules, "--add-modules", "dev.hiper.core", dir.resolve("examples/hiperfifo/HiperFifo.java").toString(), "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream in = p.getOutputStream();
        byte[] batch = (String.join("\n", urls) + "\n").getBytes(StandardCharsets.US_ASCII);
        double[] r = measure(urls.size(), rounds, () -> {
            long t0 = System.nanoTime();
            in.write(batch);
            in.flush();
            int done = 0;
            for (String line; done < urls.size() && (line = out.readLine()) != null;) {
                if (line.startsWith("DONE: ")) {
                    if (!line.endsWith("=> (0) ")) {
                        throw new IllegalStateException(line);
                    }
                    done++;
                }
            }
            if (done < urls.size()) {
                throw new IllegalStateException("hiperfifo ended early");
            }
            return (System.nanoTime() - t0) / 1e9;
        });
        in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        in.close();
        while (out.readLine() != null) {
            // the last REMAINING lines
        }
        p.waitFor(30, TimeUnit.SECONDS);
        return r;
    }
}
