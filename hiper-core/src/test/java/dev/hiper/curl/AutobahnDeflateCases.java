package dev.hiper.curl;

import static dev.hiper.curl.AutobahnCases.BINARY;
import static dev.hiper.curl.AutobahnCases.TEXT;
import static dev.hiper.curl.AutobahnCases.fr;

import dev.hiper.testkit.WsScriptedServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Autobahn|Testsuite's client sections 12 (permessage-deflate with payloads of several kinds and
 * sizes) and 13 (the same with the answer's parameters varied). hiper offers permessage-deflate
 * only through the application's {@code Sec-WebSocket-Extensions} line, so each case sets it; the
 * server compresses its messages with the JDK's zlib and inflates what the client sends back.
 * Autobahn sends 1,000 messages per case (fewer for the largest); these cases send 10.
 */
final class AutobahnDeflateCases {
    static final String OFFER = "permessage-deflate; client_max_window_bits";
    static final int MESSAGES = 10;

    private AutobahnDeflateCases() {
    }

    static final String[] KINDS = {"JSON text", "a bitmap", "prose", "HTML", "random bytes"};

    /** {@code n} bytes of the kind {@code k}, different for each {@code seed}. */
    static byte[] payload(int k, int n, int seed) {
        Random r = new Random(seed * 31L + k);
        byte[] p = new byte[n];
        if (k == 4) {
            r.nextBytes(p);
            return p;
        }
        if (k == 1) {
            for (int i = 0; i < n; i++) {
                p[i] = (byte) ((i / 64 + i % 64 / 8 + seed) % 3 == 0 ? 0xff : 0);
            }
            return p;
        }
        String[] words = k == 0 ? new String[] {"{\"id\": ", "\"name\": \"", "\", ", "\"tags\": [", "], ", "}, "}
                : k == 2 ? new String[] {"Habe nun, ach! ", "Philosophie, ", "Juristerei und Medizin, ",
                    "und leider auch Theologie ", "durchaus studiert, ", "mit heissem Bemuehn. "}
                : new String[] {"<div class=\"row\">", "<p>", "</p>", "<a href=\"/x\">", "</a>", "</div>\n"};
        StringBuilder b = new StringBuilder(n + 32);
        while (b.length() < n) {
            b.append(words[r.nextInt(words.length)]).append(r.nextInt(1000));
        }
        return Arrays.copyOf(b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), n);
    }

    /** Compresses one message as RFC 7692 section 7.2.1 says: a sync flush without its 4-byte tail. */
    static byte[] compress(Deflater d, byte[] p) {
        d.setInput(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length / 2 + 64);
        byte[] buf = new byte[8192];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    /** Reads the client's frames back: an RSV1 frame is inflated (each echo is one whole message). */
    static WsScriptedServer.Frame inflate(Inflater inf, boolean reset, WsScriptedServer.Frame f) {
        if ((f.first() & 0x40) == 0) {
            return f;
        }
        try {
            if (reset) {
                inf.reset();
            }
            byte[] in = Arrays.copyOf(f.payload(), f.payload().length + 4);
            in[in.length - 2] = (byte) 0xff;
            in[in.length - 1] = (byte) 0xff;
            inf.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            for (int i = 0; i < 100_000 && ((n = inf.inflate(buf)) > 0 || !inf.needsInput() && !inf.finished()); i++) {
                out.write(buf, 0, n);
            }
            return new WsScriptedServer.Frame(f.first() & ~0x40, out.toByteArray());
        } catch (DataFormatException e) {
            return new WsScriptedServer.Frame(f.first(), ("bad deflate data: " + e).getBytes());
        }
    }

    /** A case of {@link #MESSAGES} compressed messages of {@code size} bytes, answered with {@code answer}. */
    static AutobahnCase messages(String id, String what, int kind, int size, String answer) {
        boolean serverReset = answer.contains("server_no_context_takeover");
        boolean clientReset = answer.contains("client_no_context_takeover");
        AutobahnCase c = new AutobahnCase(id, what);
        c.extensionOffer = OFFER;
        c.extensionAnswer = answer;
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        int type = kind == 1 || kind == 4 ? BINARY : TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int m = 0; m < MESSAGES; m++) {
            byte[] p = payload(kind, size, m);
            if (serverReset) {
                d.reset();
            }
            out.writeBytes(fr(0xc0 | type, compress(d, p)));
            c.expect(type, p);
        }
        d.end();
        Inflater inf = new Inflater(true);
        c.reader = f -> inflate(inf, clientReset, f);
        return c.send(out.toByteArray());
    }

    static List<AutobahnCase> all() {
        List<AutobahnCase> all = new ArrayList<>();
        int[] sizes = {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072};
        for (int k = 0; k < KINDS.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                all.add(messages("12." + (k + 1) + "." + (i + 1), MESSAGES + " compressed messages of " + sizes[i]
                        + " bytes of " + KINDS[k], k, sizes[i], "permessage-deflate"));
            }
        }
        String[] answers = {
            "permessage-deflate",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=9",
            "permessage-deflate; server_max_window_bits=15",
            "permessage-deflate; client_max_window_bits=9",
            "permessage-deflate; client_max_window_bits=15",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9;"
                    + " client_max_window_bits=9",
        };
        int[] small = {16, 64, 256};
        int[] any = {16, 1024, 65536};
        for (int a = 0; a < answers.length; a++) {
            int[] s = answers[a].contains("server_max_window_bits=9") ? small : any;
            for (int i = 0; i < s.length; i++) {
                all.add(messages("13." + (a + 1) + "." + (i + 1), MESSAGES + " compressed messages of " + s[i]
                        + " random bytes, answer: " + answers[a], 4, s[i], answers[a]));
            }
        }
        return all;
    }
}
