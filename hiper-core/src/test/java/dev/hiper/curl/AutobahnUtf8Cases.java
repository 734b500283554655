package dev.hiper.curl;

import static dev.hiper.curl.AutobahnCases.TEXT;
import static dev.hiper.curl.AutobahnCases.cat;
import static dev.hiper.curl.AutobahnCases.fr;
import static dev.hiper.curl.AutobahnCases.utf8;

import dev.hiper.curl.AutobahnCase.Result;
import dev.hiper.curl.AutobahnCase.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Autobahn|Testsuite's client section 6: text messages whose payload is valid UTF-8 or not, whole,
 * fragmented, or cut inside a character; 6.5 to 6.23 are the groups of Markus Kuhn's UTF-8 decoder
 * test file. Valid text must come back; a client that checks UTF-8 fails on the invalid ones. libcurl
 * does not check UTF-8 and hiper's libcurl API follows it: invalid text echoed is NON-STRICT.
 */
final class AutobahnUtf8Cases {
    static final String WHY = "libcurl does not check that TEXT payloads are UTF-8; hiper's libcurl API follows it"
            + " and hands the bytes over as they came (hiper-jdk's WebSocket checks them)";

    private AutobahnUtf8Cases() {
    }

    static boolean valid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static byte[] b(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (byte) v[i];
        }
        return a;
    }

    /** A case that sends {@code frames} as one text message of {@code payload}; chopped when {@code chop} > 0. */
    static AutobahnCase text(String id, String what, byte[] payload, byte[] bytes, int chop) {
        AutobahnCase c = new AutobahnCase(id, what).send(bytes, chop > 0 ? chop : Integer.MAX_VALUE);
        if (valid(payload)) {
            return c.expect(TEXT, payload);
        }
        return c.await(1).fail(null).lenient(o -> o.frames().size() == 1
                && Arrays.equals(o.frames().get(0).payload(), payload) && o.rc() == CurlCode.CURLE_OK
                && o.closeCode() == 1000 ? new Result(Verdict.NON_STRICT, WHY) : null);
    }

    /** {@code p} as a text message in frames of 1 byte. */
    static byte[] bytewise(byte[] p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < p.length; i++) {
            out.writeBytes(fr((i == p.length - 1 ? 0x80 : 0) | (i == 0 ? 1 : 0), new byte[] {p[i]}));
        }
        return out.toByteArray();
    }

    static List<AutobahnCase> all() {
        List<AutobahnCase> all = new ArrayList<>();
        byte[] empty = new byte[0];
        all.add(text("6.1.1", "empty text", empty, fr(0x81, empty), 0));
        all.add(text("6.1.2", "text in 3 empty fragments", empty, cat(fr(0x01, empty), fr(0x00, empty), fr(0x80, empty)), 0));
        all.add(text("6.1.3", "text in 3 fragments, the middle one not empty", utf8("middle frame payload"),
                cat(fr(0x01, empty), fr(0x00, "middle frame payload"), fr(0x80, empty)), 0));
        byte[] hello = utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!");
        all.add(text("6.2.1", "valid UTF-8 in one frame", hello, fr(0x81, hello), 0));
        byte[] h1 = Arrays.copyOf(hello, 12);
        byte[] h2 = Arrays.copyOfRange(hello, 12, hello.length);
        all.add(text("6.2.2", "valid UTF-8 in 2 fragments split between characters", hello,
                cat(fr(0x01, h1), fr(0x80, h2)), 0));
        all.add(text("6.2.3", "valid UTF-8 in fragments of 1 byte", hello, bytewise(hello), 0));
        byte[] kosme = utf8("\u03ba\u1f79\u03c3\u03bc\u03b5");
        all.add(text("6.2.4", "valid UTF-8 (kosme) in fragments of 1 byte", kosme, bytewise(kosme), 0));
        byte[] bad = cat(kosme, b(0xed, 0xa0, 0x80), utf8("edited"));
        all.add(text("6.3.1", "invalid UTF-8 in one frame", bad, fr(0x81, bad), 0));
        all.add(text("6.3.2", "invalid UTF-8 in fragments of 1 byte", bad, bytewise(bad), 0));
        byte[][] cut1 = {kosme, b(0xf4, 0x90, 0x80, 0x80), utf8("edited")};
        byte[][] cut2 = {kosme, b(0xf4, 0x90), cat(b(0x80, 0x80), utf8("edited"))};
        for (int k = 0; k < 4; k++) {
            byte[][] parts = k % 2 == 0 ? cut1 : cut2;
            byte[] whole = cat(parts);
            String what = "invalid UTF-8 in 3 " + (k < 2 ? "fragments" : "chops of one frame")
                    + (k % 2 == 0 ? "" : ", the second ending at the byte that makes it invalid");
            byte[] bytes = k < 2 ? cat(fr(0x01, parts[0]), fr(0x00, parts[1]), fr(0x80, parts[2])) : fr(0x81, whole);
            String id = "6.4." + (k + 1);
            int head = bytes.length - whole.length;
            AutobahnCase c = k < 2 ? text(id, what, whole, bytes, 0)
                    : chopped(id, what, whole, bytes, head + parts[0].length, parts[1].length);
            all.add(c);
        }
        List<List<byte[]>> groups = AutobahnUtf8Sequences.groups();
        for (int g = 0; g < groups.size(); g++) {
            List<byte[]> seqs = groups.get(g);
            for (int i = 0; i < seqs.size(); i++) {
                byte[] p = seqs.get(i);
                all.add(text("6." + (g + 5) + "." + (i + 1), AutobahnUtf8Sequences.NAMES[g]
                        + (valid(p) ? " (valid)" : " (invalid)"), p, fr(0x81, p), 0));
            }
        }
        return all;
    }

    /** The frame {@code bytes} in 3 writes: up to {@code first}, the next {@code second} bytes, the rest. */
    static AutobahnCase chopped(String id, String what, byte[] payload, byte[] bytes, int first, int second) {
        AutobahnCase c = text(id, what, payload, fr(0x81, payload), 0); // for its lenient judge
        return new AutobahnCase(id, what).send(Arrays.copyOf(bytes, first))
                .send(Arrays.copyOfRange(bytes, first, first + second))
                .send(Arrays.copyOfRange(bytes, first + second, bytes.length)).await(1).fail(null).lenient(c.lenient);
    }
}
