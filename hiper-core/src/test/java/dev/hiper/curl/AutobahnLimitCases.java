package dev.hiper.curl;

import static dev.hiper.curl.AutobahnCases.BINARY;
import static dev.hiper.curl.AutobahnCases.TEXT;
import static dev.hiper.curl.AutobahnCases.fill;
import static dev.hiper.curl.AutobahnCases.fr;
import static dev.hiper.curl.AutobahnCases.repeat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn|Testsuite's client sections 9 (limits: messages of up to 16 MiB, in frames and chops
 * of many sizes, and runs of small messages) and 10 (a message the server fragments itself).
 */
final class AutobahnLimitCases {
    private AutobahnLimitCases() {
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

    static List<AutobahnCase> all() {
        List<AutobahnCase> all = new ArrayList<>();
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
        return all;
    }
}
