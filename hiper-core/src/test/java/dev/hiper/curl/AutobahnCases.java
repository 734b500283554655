package dev.hiper.curl;

import dev.hiper.curl.AutobahnCase.Result;
import dev.hiper.curl.AutobahnCase.Verdict;
import dev.hiper.testkit.WsScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cases of Autobahn|Testsuite's client sections 1 to 5, 7, 9 and 10 (framing, pings and
 * pongs, reserved bits, opcodes, fragmentation, close handling, limits: messages of up to 16 MiB in
 * frames and chops of many sizes and runs of small messages, a message the server fragments
 * itself), numbered as Autobahn numbers them; each sends what the Autobahn case of that number
 * sends and expects what it expects.
 */
final class AutobahnCases {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int PONG = 10;

    private AutobahnCases() {
    }

    static byte[] fr(int first, byte[] payload) {
        return WsScriptedServer.frame(first, payload);
    }

    static byte[] fr(int first, String payload) {
        return WsScriptedServer.frame(first, utf8(payload));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] fill(int b, int n) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    /** {@code s} repeated to {@code n} bytes. */
    static byte[] repeat(String s, int n) {
        byte[] unit = utf8(s);
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = unit[i % unit.length];
        }
        return a;
    }

    static byte[] close(int code, byte[] reason) {
        return fr(0x88, cat(new byte[] {(byte) (code >> 8), (byte) code}, reason));
    }

    static List<AutobahnCase> all() {
        List<AutobahnCase> all = new ArrayList<>();
        section1(all);
        section2(all);
        section3(all);
        section4(all);
        section5(all);
        section7(all);
        limits(all);
        return all;
    }

    static void section1(List<AutobahnCase> all) {
        int[] sizes = {0, 125, 126, 127, 128, 65535, 65536};
        for (int kind = 1; kind <= 2; kind++) {
            for (int i = 0; i <= sizes.length; i++) {
                int n = i < sizes.length ? sizes[i] : 65536;
                byte[] p = fill(kind == 1 ? '*' : 0xfe, n);
                AutobahnCase c = new AutobahnCase("1." + kind + "." + (i + 1),
                        (kind == 1 ? "text" : "binary") + " message of " + n + (i == sizes.length ? " in chops of 997" : ""));
                all.add(c.send(fr(0x80 | kind, p), i == sizes.length ? 997 : Integer.MAX_VALUE).expect(kind, p));
            }
        }
    }

    static void section2(List<AutobahnCase> all) {
        byte[] bin = {0, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, (byte) 0xfb, 0, (byte) 0xff};
        all.add(new AutobahnCase("2.1", "PING without payload").send(fr(0x89, new byte[0])).expect(PONG, new byte[0]));
        all.add(new AutobahnCase("2.2", "PING with a text payload").send(fr(0x89, "Hello, world!"))
                .expect(PONG, utf8("Hello, world!")));
        all.add(new AutobahnCase("2.3", "PING with a binary payload").send(fr(0x89, bin)).expect(PONG, bin));
        all.add(new AutobahnCase("2.4", "PING of 125 bytes").send(fr(0x89, fill(0xfe, 125))).expect(PONG, fill(0xfe, 125)));
        all.add(new AutobahnCase("2.5", "PING of 126 bytes: a protocol error").send(fr(0x89, fill(0xfe, 126)))
                .await(1).fail("[WS] received PING frame is too big"));
        all.add(new AutobahnCase("2.6", "PING of 125 bytes in octet-wise chops").send(fr(0x89, fill(0xfe, 125)), 1)
                .expect(PONG, fill(0xfe, 125)));
        all.add(new AutobahnCase("2.7", "unsolicited PONG without payload: ignored").send(fr(0x8a, new byte[0])).await(0));
        all.add(new AutobahnCase("2.8", "unsolicited PONG with payload: ignored")
                .send(fr(0x8a, "unsolicited pong payload")).await(0));
        all.add(new AutobahnCase("2.9", "unsolicited PONG, then a PING answered")
                .send(cat(fr(0x8a, "unsolicited pong payload"), fr(0x89, "ping payload")))
                .expect(PONG, utf8("ping payload")));
        for (int k = 10; k <= 11; k++) {
            AutobahnCase c = new AutobahnCase("2." + k, "10 PINGs in a row" + (k == 11 ? " in octet-wise chops" : ""));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                out.writeBytes(fr(0x89, "payload-" + i));
                c.expect(PONG, utf8("payload-" + i));
            }
            all.add(c.send(out.toByteArray(), k == 11 ? 1 : Integer.MAX_VALUE));
        }
    }

    static void section3(List<AutobahnCase> all) {
        byte[] hello = utf8("Hello, world!");
        all.add(new AutobahnCase("3.1", "text with RSV = 1").send(fr(0xc1, hello)).await(1)
                .fail("[WS] invalid reserved bits"));
        int[] chops = {Integer.MAX_VALUE, Integer.MAX_VALUE, 1};
        for (int rsv = 2; rsv <= 4; rsv++) {
            AutobahnCase c = new AutobahnCase("3." + rsv, "text, text with RSV = " + rsv + ", PING"
                    + (rsv == 3 ? " in frame-wise chops" : rsv == 4 ? " in octet-wise chops" : ""));
            byte[][] frames = {fr(0x81, hello), fr(0x81 | rsv << 4, hello), fr(0x89, hello)};
            if (rsv == 3) {
                c.send(frames[0]).waitFrame().send(frames[1]).send(frames[2]);
            } else {
                c.send(cat(frames), chops[rsv - 2]);
            }
            all.add(c.expect(TEXT, hello).await(3).fail("[WS] invalid reserved bits"));
        }
        all.add(new AutobahnCase("3.5", "binary with RSV = 5").send(fr(0xd2, fill(0xff, 8))).await(1)
                .fail("[WS] invalid reserved bits"));
        all.add(new AutobahnCase("3.6", "PING with RSV = 6").send(fr(0xe9, hello)).await(1)
                .fail("[WS] invalid reserved bits"));
        AutobahnCase c37 = new AutobahnCase("3.7", "CLOSE with RSV = 7").send(fr(0xf8, new byte[0]))
                .fail("[WS] invalid reserved bits");
        c37.serverCloses = true;
        all.add(c37);
    }

    static void section4(List<AutobahnCase> all) {
        byte[] hello = utf8("Hello, world!");
        int[][] ops = {{3, 4, 5, 6, 7}, {11, 12, 13, 14, 15}};
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < 5; i++) {
                int op = ops[g][i];
                String id = "4." + (g + 1) + "." + (i + 1);
                byte[] bad = fr(0x80 | op, i == 0 ? new byte[0] : hello);
                AutobahnCase c = new AutobahnCase(id, "reserved " + (g == 0 ? "non-control" : "control")
                        + " opcode " + op + (i >= 2 ? " between a text and a PING" : ""));
                if (i < 2) {
                    c.send(bad).await(1);
                } else {
                    c.send(cat(fr(0x81, hello), bad, fr(0x89, hello))).expect(TEXT, hello).await(3);
                }
                all.add(c.fail("[WS] invalid opcode"));
            }
        }
    }

    static void section5(List<AutobahnCase> all) {
        all.add(new AutobahnCase("5.1", "PING in 2 fragments").send(cat(fr(0x09, "fragment1"), fr(0x80, "fragment2")))
                .await(1).fail("[WS] invalid fragmented PING frame"));
        all.add(new AutobahnCase("5.2", "PONG in 2 fragments").send(cat(fr(0x0a, "fragment1"), fr(0x80, "fragment2")))
                .await(0).fail("[WS] invalid fragmented PONG frame"));
        byte[] two = cat(fr(0x01, "fragment1"), fr(0x80, "fragment2"));
        int[] chops = {Integer.MAX_VALUE, fr(0x01, "fragment1").length, 1};
        String[] how = {"", " in frame-wise chops", " in octet-wise chops"};
        for (int i = 0; i < 3; i++) {
            all.add(new AutobahnCase("5." + (3 + i), "text in 2 fragments" + how[i]).send(two, chops[i])
                    .expect(TEXT, utf8("fragment1fragment2")));
        }
        byte[] withPing = cat(fr(0x01, "fragment1"), fr(0x89, "pongme!"), fr(0x80, "fragment2"));
        for (int i = 0; i < 3; i++) {
            all.add(new AutobahnCase("5." + (6 + i), "text in 2 fragments with a PING between" + how[i])
                    .send(withPing, chops[i]).expect(PONG, utf8("pongme!")).expect(TEXT, utf8("fragment1fragment2")));
        }
        for (int fin = 1; fin >= 0; fin--) {
            byte[] b = cat(fr(fin << 7, "non-continuation payload"), fr(0x81, "Hello, world!"));
            for (int i = 0; i < 3; i++) {
                int n = fin == 1 ? 9 + i : 12 + i;
                all.add(new AutobahnCase("5." + n, "continuation (FIN = " + (fin == 1) + ") with nothing to continue,"
                        + " then text" + how[i]).send(b, i == 1 ? fr(0, "non-continuation payload").length : chops[i])
                        .await(1).fail("[WS] no ongoing fragmented message to resume"));
            }
        }
        all.add(new AutobahnCase("5.15", "text in 2 fragments, a continuation with nothing to continue, text")
                .send(cat(fr(0x01, "fragment1"), fr(0x80, "fragment2"), fr(0x00, "fragment3"), fr(0x81, "fragment4")))
                .expect(TEXT, utf8("fragment1fragment2")).await(2).fail("[WS] no ongoing fragmented message to resume"));
        for (int fin = 0; fin <= 1; fin++) {
            byte[] once = cat(fr(fin << 7, "fragment1"), fr(0x01, "fragment2"), fr(0x80, "fragment3"));
            all.add(new AutobahnCase("5." + (16 + fin), "twice: a continuation (FIN = " + (fin == 1)
                    + ") with nothing to continue, text in 2 fragments").send(cat(once, once)).await(2)
                    .fail("[WS] no ongoing fragmented message to resume"));
        }
        all.add(new AutobahnCase("5.18", "text in 2 fragments, both with the TEXT opcode")
                .send(cat(fr(0x01, "fragment1"), fr(0x81, "fragment2"))).await(1)
                .fail("[WS] fragmented message interrupted by new TEXT msg"));
        for (int k = 19; k <= 20; k++) {
            AutobahnCase c = new AutobahnCase("5." + k, "text in 5 fragments with 2 PINGs between, the second part"
                    + " sent once the first PONG came" + (k == 20 ? ", frame by frame" : ""));
            byte[][] first = {fr(0x01, "fragment1"), fr(0x00, "fragment2"), fr(0x89, "pongme 1!")};
            byte[][] second = {fr(0x00, "fragment3"), fr(0x00, "fragment4"), fr(0x89, "pongme 2!"), fr(0x80, "fragment5")};
            if (k == 19) {
                c.send(cat(first)).waitFrame().send(cat(second));
            } else {
                for (byte[] f : first) {
                    c.send(f);
                }
                c.waitFrame();
                for (byte[] f : second) {
                    c.send(f);
                }
            }
            all.add(c.expect(PONG, utf8("pongme 1!")).expect(PONG, utf8("pongme 2!"))
                    .expect(TEXT, utf8("fragment1fragment2fragment3fragment4fragment5")));
        }
    }

    static AutobahnCase closing(String id, String what, byte[] bytes) {
        AutobahnCase c = new AutobahnCase(id, what).send(bytes);
        c.serverCloses = true;
        return c;
    }

    static void section7(List<AutobahnCase> all) {
        byte[] hello = utf8("Hello World!");
        byte[] normal = close(1000, new byte[0]);
        all.add(closing("7.1.1", "a message, then CLOSE", cat(fr(0x81, hello), normal)).expect(TEXT, hello));
        all.add(closing("7.1.2", "two CLOSEs", cat(normal, normal)));
        all.add(closing("7.1.3", "a PING after the CLOSE", cat(normal, fr(0x89, hello))));
        all.add(closing("7.1.4", "a text after the CLOSE", cat(normal, fr(0x81, hello))));
        all.add(closing("7.1.5", "a fragment, CLOSE, the last fragment",
                cat(fr(0x01, "fragment1"), normal, fr(0x80, "fragment2"))));
        byte[] big = repeat("BAsd7&jh23", 256 * 1024);
        all.add(closing("7.1.6", "a 256 KiB message, CLOSE, a PING", cat(fr(0x81, big), normal, fr(0x89, hello)))
                .expect(TEXT, big));
        all.add(closing("7.3.1", "CLOSE without payload", fr(0x88, new byte[0])));
        all.add(closing("7.3.2", "CLOSE with a payload of 1 byte", fr(0x88, new byte[] {'*'}))
                .fail("[WS] received CLOSE frame"));
        all.add(closing("7.3.3", "CLOSE 1000", normal));
        all.add(closing("7.3.4", "CLOSE 1000 with a reason", close(1000, hello)));
        all.add(closing("7.3.5", "CLOSE 1000 with a reason of 123 bytes", close(1000, fill('*', 123))));
        all.add(closing("7.3.6", "CLOSE 1000 with a reason of 124 bytes: 126 in all", close(1000, fill('*', 124)))
                .fail("[WS] received CLOSE frame is too big"));
        byte[] badUtf8 = cat(utf8("\u03ba\u1f79\u03c3\u03bc\u03b5"), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                utf8("edited"));
        all.add(closing("7.5.1", "CLOSE with a reason that is not UTF-8", close(1000, badUtf8)).fail(null)
                .lenient(o -> o.closeCode() == 1000 && o.rc() == CurlCode.CURLE_OK ? new Result(Verdict.NON_STRICT,
                        "the CLOSE is answered with its code; the reason's UTF-8 is not checked (libcurl checks no UTF-8)")
                        : null));
        int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
        for (int i = 0; i < valid.length; i++) {
            AutobahnCase c = closing("7.7." + (i + 1), "CLOSE with the valid code " + valid[i], close(valid[i], new byte[0]));
            c.closeCodes = new int[] {valid[i]};
            all.add(c);
        }
        int[] invalid = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
        for (int i = 0; i < invalid.length; i++) {
            all.add(closing("7.9." + (i + 1), "CLOSE with the invalid code " + invalid[i], close(invalid[i], new byte[0]))
                    .fail(null));
        }
        int[] beyond = {5000, 65535};
        for (int i = 0; i < beyond.length; i++) {
            AutobahnCase c = closing("7.13." + (i + 1), "CLOSE with the code " + beyond[i], close(beyond[i], new byte[0]));
            c.closeCodes = new int[] {1002}; // Autobahn takes 1000, the code or 1002 and reports which
            c.informational = "a code past 4999 is answered with 1002 (protocol error)";
            all.add(c);
        }
    }

    static byte[] payload(int kind, int n) {
        return kind == TEXT ? repeat("BAsd7&jh23", n) : fill(0xfe, n);
    }

    /** {@code p} as a message of {@code kind} in frames of {@code size} bytes. */
    static byte[] fragmented(int kind, byte[] p, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length + p.length / size * 10 + 16);
        for (int off = 0; off < p.length; off += size) {
            int n = Math.min(size, p.length - off);
            byte[] part = new byte[n];
            System.arraycopy(p, off, part, 0, n);
            out.writeBytes(fr((off + n == p.length ? 0x80 : 0) | (off == 0 ? kind : 0), part));
        }
        return out.toByteArray();
    }

    static void limits(List<AutobahnCase> all) {
        int[] sizes = {64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20};
        for (int kind = TEXT; kind <= BINARY; kind++) {
            for (int i = 0; i < sizes.length; i++) {
                byte[] p = payload(kind, sizes[i]);
                all.add(new AutobahnCase("9." + kind + "." + (i + 1), (kind == TEXT ? "text" : "binary")
                        + " message of " + (sizes[i] >> 10) + " KiB").send(fr(0x80 | kind, p)).expect(kind, p));
            }
        }
        int[] frames = {64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20};
        for (int kind = TEXT; kind <= BINARY; kind++) {
            for (int i = 0; i < frames.length; i++) {
                byte[] p = payload(kind, 4 << 20);
                all.add(new AutobahnCase("9." + (kind + 2) + "." + (i + 1), (kind == TEXT ? "text" : "binary")
                        + " message of 4 MiB in frames of " + frames[i]).send(fragmented(kind, p, frames[i]))
                        .expect(kind, p));
            }
        }
        int[] chops = {64, 128, 256, 512, 1024, 2048};
        for (int kind = TEXT; kind <= BINARY; kind++) {
            for (int i = 0; i < chops.length; i++) {
                byte[] p = payload(kind, 1 << 20);
                all.add(new AutobahnCase("9." + (kind + 4) + "." + (i + 1), (kind == TEXT ? "text" : "binary")
                        + " message of 1 MiB in chops of " + chops[i]).send(fr(0x80 | kind, p), chops[i]).expect(kind, p));
            }
        }
        int[][] runs = {{0, 1000}, {16, 1000}, {64, 1000}, {256, 1000}, {1024, 1000}, {4096, 1000}};
        for (int kind = TEXT; kind <= BINARY; kind++) {
            for (int i = 0; i < runs.length; i++) {
                AutobahnCase c = new AutobahnCase("9." + (kind + 6) + "." + (i + 1), runs[i][1] + " "
                        + (kind == TEXT ? "text" : "binary") + " messages of " + runs[i][0] + " bytes");
                byte[] p = payload(kind, runs[i][0]);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int m = 0; m < runs[i][1]; m++) {
                    out.writeBytes(fr(0x80 | kind, p));
                    c.expect(kind, p);
                }
                all.add(c.send(out.toByteArray()));
            }
        }
        byte[] p = fill('*', 65536);
        all.add(new AutobahnCase("10.1.1", "text message of 64 KiB in frames of 1300").send(fragmented(TEXT, p, 1300))
                .expect(TEXT, p));
    }
}
