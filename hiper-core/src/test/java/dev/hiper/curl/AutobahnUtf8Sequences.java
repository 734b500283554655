package dev.hiper.curl;

import static dev.hiper.curl.AutobahnUtf8Cases.b;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The byte sequences of Autobahn's cases 6.5 to 6.23, group by group, after Markus Kuhn's UTF-8 test file. */
final class AutobahnUtf8Sequences {
    static final String[] NAMES = {
        "some valid UTF-8", "a prefix of valid multi-byte text", "the first sequence of a length",
        "the first sequence of length 5 or 6", "the last sequence of a length", "the last sequence of length 4, 5 or 6",
        "a boundary condition", "unexpected continuation bytes", "lonely start bytes",
        "a sequence missing its last byte", "incomplete sequences one after another", "impossible bytes",
        "an overlong ASCII character", "a longest overlong sequence", "an overlong NUL", "a lone UTF-16 surrogate",
        "paired UTF-16 surrogates", "a non-character", "a Unicode special",
    };

    private AutobahnUtf8Sequences() {
    }

    static byte[] u(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cp(int codePoint) {
        return u(new String(Character.toChars(codePoint)));
    }

    static List<List<byte[]>> groups() {
        List<List<byte[]>> g = new ArrayList<>();
        byte[] kosme = u("\u03ba\u1f79\u03c3\u03bc\u03b5");
        g.add(List.of(u("hello$world"), u("hello\u00a2world"), u("hello\u20acworld"),
                u("hello" + new String(Character.toChars(0x24b62)) + "world"), kosme));
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 1; i <= kosme.length; i++) {
            prefixes.add(java.util.Arrays.copyOf(kosme, i));
        }
        g.add(prefixes);
        g.add(List.of(b(0x00), b(0xc2, 0x80), b(0xe0, 0xa0, 0x80), b(0xf0, 0x90, 0x80, 0x80)));
        g.add(List.of(b(0xf8, 0x88, 0x80, 0x80, 0x80), b(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80)));
        g.add(List.of(b(0x7f), b(0xdf, 0xbf), b(0xef, 0xbf, 0xbf), b(0xf4, 0x8f, 0xbf, 0xbf)));
        g.add(List.of(b(0xf7, 0xbf, 0xbf, 0xbf), b(0xfb, 0xbf, 0xbf, 0xbf, 0xbf), b(0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf)));
        g.add(List.of(b(0xed, 0x9f, 0xbf), b(0xee, 0x80, 0x80), b(0xef, 0xbf, 0xbd), b(0xf4, 0x8f, 0xbf, 0xbf),
                b(0xf4, 0x90, 0x80, 0x80)));
        List<byte[]> cont = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            byte[] s = new byte[n];
            for (int i = 0; i < n; i++) {
                s[i] = (byte) (i % 2 == 0 ? 0x80 : 0xbf);
            }
            cont.add(s);
        }
        cont.add(range(0x80, 0xbf, -1));
        g.add(cont);
        g.add(List.of(range(0xc0, 0xdf, ' '), range(0xe0, 0xef, ' '), range(0xf0, 0xf7, ' '), range(0xf8, 0xfb, ' '),
                range(0xfc, 0xfd, ' ')));
        List<byte[]> missing = List.of(b(0xc0), b(0xe0, 0x80), b(0xf0, 0x80, 0x80), b(0xf8, 0x80, 0x80, 0x80),
                b(0xfc, 0x80, 0x80, 0x80, 0x80), b(0xdf), b(0xef, 0xbf), b(0xf7, 0xbf, 0xbf), b(0xfb, 0xbf, 0xbf, 0xbf),
                b(0xfd, 0xbf, 0xbf, 0xbf, 0xbf));
        g.add(missing);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        missing.forEach(all::writeBytes);
        g.add(List.of(all.toByteArray()));
        g.add(List.of(b(0xfe), b(0xff), b(0xfe, 0xfe, 0xff, 0xff)));
        g.add(List.of(b(0xc0, 0xaf), b(0xe0, 0x80, 0xaf), b(0xf0, 0x80, 0x80, 0xaf), b(0xf8, 0x80, 0x80, 0x80, 0xaf),
                b(0xfc, 0x80, 0x80, 0x80, 0x80, 0xaf)));
        g.add(List.of(b(0xc1, 0xbf), b(0xe0, 0x9f, 0xbf), b(0xf0, 0x8f, 0xbf, 0xbf), b(0xf8, 0x87, 0xbf, 0xbf, 0xbf),
                b(0xfc, 0x83, 0xbf, 0xbf, 0xbf, 0xbf)));
        g.add(List.of(b(0xc0, 0x80), b(0xe0, 0x80, 0x80), b(0xf0, 0x80, 0x80, 0x80), b(0xf8, 0x80, 0x80, 0x80, 0x80),
                b(0xfc, 0x80, 0x80, 0x80, 0x80, 0x80)));
        int[] lone = {0xa080, 0xadbf, 0xae80, 0xafbf, 0xb080, 0xbe80, 0xbfbf};
        List<byte[]> lones = new ArrayList<>();
        for (int s : lone) {
            lones.add(b(0xed, s >> 8, s & 0xff));
        }
        g.add(lones);
        int[] high = {0xa080, 0xadbf, 0xae80, 0xafbf};
        int[] low = {0xb080, 0xbfbf};
        List<byte[]> pairs = new ArrayList<>();
        for (int h : high) {
            for (int l : low) {
                pairs.add(b(0xed, h >> 8, h & 0xff, 0xed, l >> 8, l & 0xff));
            }
        }
        g.add(pairs);
        List<byte[]> nonChars = new ArrayList<>();
        for (int plane = 0; plane <= 16; plane++) {
            nonChars.add(cp(plane << 16 | 0xfffe));
            nonChars.add(cp(plane << 16 | 0xffff));
        }
        g.add(nonChars);
        List<byte[]> specials = new ArrayList<>();
        for (int c = 0xfff9; c <= 0xffff; c++) {
            specials.add(cp(c));
        }
        g.add(specials);
        return g;
    }

    /** The bytes {@code from} to {@code to}, each followed by {@code sep} unless it is negative. */
    static byte[] range(int from, int to, int sep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = from; c <= to; c++) {
            out.write(c);
            if (sep >= 0) {
                out.write(sep);
            }
        }
        return out.toByteArray();
    }
}
