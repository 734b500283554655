package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;

import dev.hiper.testkit.WsScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One case of Autobahn|Testsuite's client sections, played by a scripted server against an echo
 * client written with hiper's libcurl API (frames to the write callback, each whole message sent
 * back with {@code wsSend} of the same type; PINGs and CLOSEs answered by hiper).
 *
 * <p>The server sends the case's bytes (in one write, or chopped), then reads the client's
 * frames. Once {@link #await} data or PONG frames arrived it starts the closing handshake with a
 * CLOSE 1000 (unless the case sent a CLOSE itself). When the client's CLOSE arrives the server
 * shuts its sending side (the client then ends), and reads on to the end: anything after the
 * client's CLOSE is kept too. The verdict compares what came back with the case's expectation.
 */
final class AutobahnCase {
    enum Verdict { OK, NON_STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED }

    /** How a case must end. */
    enum End {
        /** A clean close: the client's CLOSE carries 1000 or one of {@link #closeCodes}, the transfer ends OK. */
        CLEAN,
        /** The client fails the connection: it drops it, or closes with 1002 (or 1007 for text). */
        FAIL
    }

    /** What the server saw and what the client's transfer answered. */
    record Outcome(List<WsScriptedServer.Frame> frames, WsScriptedServer.Frame close,
            List<WsScriptedServer.Frame> afterClose, CurlCode rc, String error, String serverProblem) {
        int closeCode() {
            return close == null || close.payload().length < 2 ? -1
                    : (close.payload()[0] & 0xff) << 8 | close.payload()[1] & 0xff;
        }
    }

    /** A verdict and why. */
    record Result(Verdict verdict, String reason) {
    }

    /** A step of the server's: bytes to write, or a wait for one frame of the client's. */
    private record Step(byte[] bytes, int chop) {
    }

    final String id;
    final String what;
    private final List<Step> steps = new ArrayList<>();
    private final List<byte[]> expected = new ArrayList<>();
    private final List<Integer> expectedOps = new ArrayList<>();
    int await = -1;
    End end = End.CLEAN;
    int[] closeCodes = {};
    boolean serverCloses;
    /** The message that a failed transfer's errorBuffer must start with. */
    String failMessage;
    /** Judges an outcome that does not meet the strict expectation, or null to call it FAILED. */
    Function<Outcome, Result> lenient;
    /** Turns each received frame into what is compared (permessage-deflate inflates). */
    Function<WsScriptedServer.Frame, WsScriptedServer.Frame> reader = f -> f;
    /** Autobahn reports the case for information only: a verdict that would be OK is INFORMATIONAL with this reason. */
    String informational;
    String extensionOffer;
    String extensionAnswer;

    AutobahnCase(String id, String what) {
        this.id = id;
        this.what = what;
    }

    @Override
    public String toString() {
        return id + " " + what;
    }

    /** Sends {@code bytes} in one write. */
    AutobahnCase send(byte[] bytes) {
        return send(bytes, Integer.MAX_VALUE);
    }

    /** Sends {@code bytes} in writes of {@code chop} bytes. */
    AutobahnCase send(byte[] bytes, int chop) {
        steps.add(new Step(bytes, chop));
        return this;
    }

    /** Waits for one frame of the client's before the next step. */
    AutobahnCase waitFrame() {
        steps.add(new Step(null, 0));
        return this;
    }

    AutobahnCase expect(int opcode, byte[] payload) {
        expectedOps.add(opcode);
        expected.add(payload);
        return this;
    }

    AutobahnCase fail(String message) {
        end = End.FAIL;
        failMessage = message;
        return this;
    }

    AutobahnCase await(int n) {
        await = n;
        return this;
    }

    AutobahnCase lenient(Function<Outcome, Result> f) {
        lenient = f;
        return this;
    }

    /**
     * Runs the case and judges it; {@code connectOnly}: the echo client is the application's loop
     * over CURLOPT_CONNECT_ONLY 2 ({@link AutobahnEchoLoop}), else the write callback.
     */
    Result run(boolean connectOnly) throws Exception {
        AtomicReference<Outcome> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        int awaitFrames = await >= 0 ? await : expected.size();
        List<WsScriptedServer.Frame> frames = new ArrayList<>();
        List<WsScriptedServer.Frame> after = new ArrayList<>();
        WsScriptedServer.Frame[] close = new WsScriptedServer.Frame[1];
        String[] problem = new String[1];
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            try {
                p.readTimeout(20_000);
                p.accept(extensionAnswer == null ? "" : "Sec-WebSocket-Extensions: " + extensionAnswer + "\r\n",
                        new byte[0]);
                boolean closing = serverCloses;
                try {
                    for (Step s : steps) {
                        if (s.bytes == null) {
                            WsScriptedServer.Frame f = p.readFrameOrEnd();
                            if (f == null) {
                                break;
                            }
                            frames.add(reader.apply(f));
                        } else {
                            p.sendChopped(s.bytes, s.chop);
                        }
                    }
                    if (awaitFrames == 0 && !closing) {
                        p.send(WsScriptedServer.frame(0x88, new byte[] {0x03, (byte) 0xe8}));
                        closing = true;
                    }
                } catch (IOException e) {
                    // the client may have failed the connection while the case was being sent
                }
                for (;;) {
                    WsScriptedServer.Frame f = p.readFrameOrEnd();
                    if (f == null) {
                        break;
                    }
                    if (close[0] != null) {
                        after.add(f);
                    } else if (f.opcode() == 8) {
                        close[0] = f;
                        p.shutdownOutput();
                    } else {
                        frames.add(reader.apply(f));
                        if (frames.size() == awaitFrames && !closing) {
                            p.send(WsScriptedServer.frame(0x88, new byte[] {0x03, (byte) 0xe8}));
                            closing = true;
                        }
                    }
                }
            } catch (IOException e) {
                if (!(e instanceof java.net.SocketException) || close[0] != null || end != End.FAIL) {
                    problem[0] = e.toString();
                }
            } finally {
                done.countDown();
            }
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/runCase?case=" + id));
            easy.setopt(CURLOPT_TIMEOUT_MS, 30_000L);
            if (extensionOffer != null) {
                easy.setopt(CURLOPT_HTTPHEADER, List.of("Sec-WebSocket-Extensions: " + extensionOffer));
            }
            CurlCode rc;
            String error = null;
            if (connectOnly) {
                easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
                rc = easy.perform();
                if (rc == CurlCode.CURLE_OK) {
                    rc = new AutobahnEchoLoop(easy).run();
                }
                error = easy.errorBuffer();
                easy.cleanup(); // the application is done with the connection and closes it
            } else {
                echoClient(easy);
                rc = easy.perform();
            }
            if (error == null) {
                error = easy.errorBuffer();
            }
            if (!done.await(20, TimeUnit.SECONDS)) {
                problem[0] = "the server's script did not end";
            }
            seen.set(new Outcome(frames, close[0], after, rc, error, problem[0]));
        }
        return judge(seen.get());
    }

    /** The echo client: every whole TEXT or BINARY message goes back as one frame of its type. */
    static void echoClient(CurlEasy easy) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int[] type = {0};
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
            CurlWsFrame m = easy.wsMeta();
            int n = data.remaining();
            int kind = m.flags() & (CURLWS_TEXT | CURLWS_BINARY);
            if (kind != 0) {
                type[0] = kind;
                byte[] b = new byte[n];
                data.get(b);
                message.writeBytes(b);
                if (m.bytesleft() == 0 && (m.flags() & CURLWS_CONT) == 0) {
                    easy.wsSend(ByteBuffer.wrap(message.toByteArray()), 0, type[0]);
                    message.reset();
                }
            } else {
                data.position(data.limit());
            }
            return n;
        });
    }

    Result judge(Outcome o) {
        String strict = strictMismatch(o);
        if (strict == null) {
            return informational == null ? new Result(Verdict.OK, "") : new Result(Verdict.INFORMATIONAL, informational);
        }
        if (lenient != null) {
            Result r = lenient.apply(o);
            if (r != null) {
                return r;
            }
        }
        return new Result(Verdict.FAILED, strict + describe(o));
    }

    static String describe(Outcome o) {
        StringBuilder b = new StringBuilder(" [got ").append(o.frames.size()).append(" frame(s)");
        for (WsScriptedServer.Frame f : o.frames.subList(0, Math.min(4, o.frames.size()))) {
            b.append(String.format(" %02x/%d", f.first(), f.payload().length));
        }
        b.append(", close ").append(o.close == null ? "none" : String.valueOf(o.closeCode()));
        b.append(", after close ").append(o.afterClose.size());
        b.append(", rc ").append(o.rc).append(" '").append(o.error).append("'");
        if (o.serverProblem != null) {
            b.append(", server: ").append(o.serverProblem);
        }
        return b.append(']').toString();
    }

    /** Null if the outcome meets the case's strict expectation, else what differs. */
    String strictMismatch(Outcome o) {
        if (o.serverProblem != null) {
            return "the server's side broke";
        }
        if (!echoed(o)) {
            return "not the expected frames";
        }
        if (!o.afterClose.isEmpty()) {
            return "frames after the client's CLOSE";
        }
        if (end == End.CLEAN) {
            if (o.rc != CurlCode.CURLE_OK) {
                return "the transfer failed";
            }
            int code = o.closeCode();
            boolean codeOk = code == 1000 || (serverCloses && o.close != null && o.close.payload().length == 0)
                    || Arrays.stream(closeCodes).anyMatch(c -> c == code);
            return codeOk ? null : "a wrong close code";
        }
        if (o.close != null && o.closeCode() != 1002 && o.closeCode() != 1007) {
            return "closed with " + o.closeCode() + " instead of failing";
        }
        if (o.close == null && o.rc == CurlCode.CURLE_OK) {
            return "no failure";
        }
        if (o.close == null && (o.rc != CurlCode.CURLE_RECV_ERROR || failMessage != null
                && (o.error == null || !o.error.startsWith(failMessage)))) {
            return "not the expected error";
        }
        return null;
    }

    /** Whether the frames that came back are the expected ones. */
    boolean echoed(Outcome o) {
        if (o.frames.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            WsScriptedServer.Frame f = o.frames.get(i);
            if (!f.fin() || f.opcode() != expectedOps.get(i) || !Arrays.equals(f.payload(), expected.get(i))) {
                return false;
            }
        }
        return true;
    }
}
