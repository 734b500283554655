import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.loop.LoopAudit;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * hiperfifo: many downloads at once, started while others run, with one event loop of our own.
 * A Java port of the idea of libcurl's docs/examples/hiperfifo.c, written against hiper's public
 * API and a plain java.nio Selector: copy this loop into your program.
 *
 *   bin/hiperfifo            creates the named pipe hiper.fifo and reads URLs from it
 *   bin/hiperfifo PATH       the same with the named pipe PATH
 *   bin/hiperfifo -          reads URLs from standard input (its end counts as "stop")
 *
 * Then, from another terminal:  echo http://127.0.0.1:8080/ > hiper.fifo
 * Every whitespace-separated word is a URL, fetched at once (the data is thrown away); the word
 * "stop" ends the program as soon as no transfer is running. Run with -Dhiperfifo.audit=true to
 * have hiper check this loop against the multi-socket contract while it runs (LoopAudit).
 */
public class HiperFifo {
    static final PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));

    static Selector selector;
    static CurlMulti multi;
    // The timer, as the timer callback last set it: act at once, at a System.nanoTime(), or never.
    static boolean timeoutNow;
    static long timerDeadline = -1;
    static boolean stopped;

    /** What we keep per transfer (CURLOPT_PRIVATE). */
    static final class Conn {
        final String url;
        long shownDl = -1;

        Conn(String url) {
            this.url = url;
        }
    }

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "hiper.fifo";
        selector = Selector.open();

        // The input. Java cannot select() on a FIFO or on stdin, so a small thread reads it and
        // copies the bytes into a Pipe, whose source end is a selectable channel like any socket.
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.source().register(selector, SelectionKey.OP_READ);
        InputStream input;
        Path fifo = null;
        if (where.equals("-")) {
            input = System.in;
        } else {
            fifo = Path.of(where);
            out.println("Creating named pipe \"" + fifo + "\"");
            makeFifo(fifo);
            // Opened for reading AND writing, as hiperfifo.c does: the pipe then never reports
            // end-of-file when a writer (echo, cat) closes it, and the open does not wait for one.
            input = Channels.newInputStream(new RandomAccessFile(fifo.toFile(), "rw").getChannel());
            out.println("Now, pipe some URLs into > " + fifo);
        }
        startReader(input, pipe.sink());

        // 1. The multi handle.
        multi = CurlMulti.init();
        if (Boolean.getBoolean("hiperfifo.audit")) {
            LoopAudit.builder().selector(selector).attach(multi); // reports misuse on stderr
        }
        // 2. The socket callback: watch exactly what hiper asks for; stop watching on REMOVE.
        multi.setopt(CURLMOPT_SOCKETFUNCTION, HiperFifo::socketCallback);
        // 3. The timer callback: only note the time; the loop acts on it (never from inside).
        multi.setopt(CURLMOPT_TIMERFUNCTION, (m, timeoutMs, clientp) -> {
            timeoutNow = timeoutMs == 0;
            timerDeadline = timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000 : -1;
            return 0;
        });

        // 4. The loop: wait for the input, sockets or the timer; act; report finished transfers.
        ByteBuffer buf = ByteBuffer.allocate(4096);
        StringBuilder word = new StringBuilder();
        while (!(stopped && multi.runningHandles() == 0)) {
            out.flush();
            if (timeoutNow) {
                selector.selectNow();
            } else if (timerDeadline >= 0) {
                long ms = (timerDeadline - System.nanoTime() + 999_999) / 1_000_000;
                if (ms > 0) {
                    selector.select(ms);
                } else {
                    selector.selectNow();
                }
            } else {
                selector.select(); // nothing to time: wait for input or a socket
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.channel() == pipe.source()) {
                    readUrls(pipe.source(), buf, word);
                } else if (key.isValid()) { // a socket hiper closed during this round is skipped
                    int ev = (key.isReadable() ? CURL_CSELECT_IN : 0)
                            | (key.isWritable() || key.isConnectable() ? CURL_CSELECT_OUT : 0);
                    check("socketAction", multi.socketAction((CurlSocket) key.attachment(), ev));
                }
            }
            selector.selectedKeys().clear();
            if (timeoutNow || (timerDeadline >= 0 && System.nanoTime() - timerDeadline >= 0)) {
                timeoutNow = false;
                timerDeadline = -1;
                check("socketAction(TIMEOUT)", multi.socketAction(CURL_SOCKET_TIMEOUT, 0));
            }
            checkMultiInfo();
        }
        out.flush();
        multi.cleanup();
        if (fifo != null) {
            Files.deleteIfExists(fifo);
        }
    }

    /** CURLMOPT_SOCKETFUNCTION: the seeds' step 2 on a java.nio Selector. */
    static int socketCallback(CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp) {
        SelectionKey key = s.channel().keyFor(selector);
        // interestOps maps OUT to OP_CONNECT while the TCP connect runs, OP_WRITE after.
        int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
        try {
            if (key != null && key.isValid()) {
                key.interestOps(ops); // REMOVE: interest 0; the key goes when hiper closes the channel
            } else if (ops != 0) {
                s.channel().register(selector, ops, s);
            }
        } catch (IOException | RuntimeException e) {
            // the channel is closing; there is nothing left to watch
        }
        return 0;
    }

    /** Reads what arrived on the input; each complete word starts a transfer (or stops). */
    static void readUrls(Pipe.SourceChannel source, ByteBuffer buf, StringBuilder word) throws IOException {
        int n;
        while ((n = source.read(buf.clear())) > 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                char c = (char) (buf.get() & 0xff); // URLs are ASCII
                if (Character.isWhitespace(c)) {
                    takeWord(word);
                } else {
                    word.append(c);
                }
            }
        }
        if (n < 0) { // standard input ended: what was left is the last word, then stop
            takeWord(word);
            source.close();
            stopped = true;
        }
    }

    static void takeWord(StringBuilder word) {
        if (word.length() == 0) {
            return;
        }
        String w = word.toString();
        word.setLength(0);
        if (w.equals("stop")) {
            stopped = true;
        } else {
            newTransfer(w);
        }
    }

    /** An easy handle for the URL, added at once: addHandle sets a timeout of 0 to start it. */
    static void newTransfer(String url) {
        Conn conn = new Conn(url);
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, url);
        easy.setopt(CURLOPT_PRIVATE, conn);
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, userdata) -> data.remaining()); // thrown away
        easy.setopt(CURLOPT_NOPROGRESS, 0L);
        easy.setopt(CURLOPT_XFERINFOFUNCTION, (clientp, dltotal, dlnow, ultotal, ulnow) -> {
            if (dlnow != conn.shownDl) { // a line when data arrived, not on every tick
                conn.shownDl = dlnow;
                out.println("Progress: " + conn.url + " (" + dlnow + "/" + dltotal + ")");
            }
            return 0;
        });
        out.println("Adding easy handle for " + url);
        check("addHandle", multi.addHandle(easy));
    }

    /** Finished transfers: one DONE line each, then how many still run. */
    static void checkMultiInfo() {
        CurlMsg msg;
        while ((msg = multi.infoRead()) != null) {
            CurlEasy easy = msg.easy();
            CurlCode result = msg.result();
            out.println("DONE: " + easy.getinfo(CURLINFO_EFFECTIVE_URL) + " => (" + result.code() + ") "
                    + easy.errorBuffer());
            multi.removeHandle(easy);
            easy.cleanup();
            out.println("REMAINING: " + multi.runningHandles());
        }
    }

    static void check(String where, CurlMCode code) {
        if (code != CurlMCode.CURLM_OK) {
            out.println("ERROR: " + where + " returns " + code);
            out.flush();
            System.exit(code.code());
        }
    }

    /** mkfifo PATH (mode 600), replacing an old pipe but never a regular file. */
    static void makeFifo(Path fifo) throws IOException, InterruptedException {
        if (Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)) {
            System.err.println(fifo + ": exists and is a regular file");
            System.exit(1);
        }
        Files.deleteIfExists(fifo);
        Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            System.err.println("mkfifo " + fifo + " failed");
            System.exit(1);
        }
    }

    /** Copies the input into the pipe's sink on a daemon thread; closes the sink at end of input. */
    static void startReader(InputStream input, Pipe.SinkChannel sink) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try (sink) {
                int n;
                while ((n = input.read(b)) > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
                    while (bb.hasRemaining()) {
                        sink.write(bb);
                    }
                }
            } catch (IOException e) {
                System.err.println("input: " + e.getMessage());
            }
        }, "hiperfifo-input");
        t.setDaemon(true);
        t.start();
    }
}
