package dev.hiper.internal.mime;

import static dev.hiper.curl.Curl.CURL_READFUNC_PAUSE;
import static dev.hiper.curl.Curl.CURL_SEEKFUNC_OK;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of a multipart body, as libcurl's lib/mime.c writes them, read in every split. */
class MimeTreeTest {
    @TempDir
    Path dir;

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Reads the whole body with reads of {@code step} bytes. */
    private static byte[] readAll(MimeTree t, int step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(step);
        for (int guard = 0; guard < 10_000_000; guard++) {
            buf.clear();
            int r = t.read(buf);
            assertTrue(r >= 0, "read answered " + r);
            assertEquals(r, buf.position(), "the count is what was put");
            if (r == 0) {
                return out.toByteArray();
            }
            out.write(buf.array(), 0, r);
        }
        throw new AssertionError("no end");
    }

    private static MimeTree prepared(MimeTree t) {
        assertNull(t.prepare(List.of(), false));
        assertTrue(t.rewind());
        return t;
    }

    @Test
    void aFormIsWrittenAsLibcurlWritesIt() throws Exception {
        Path txt = Files.writeString(dir.resolve("notes.txt"), "foo bar\n");
        Path bin = Files.write(dir.resolve("blob.bin"), new byte[] {1, 2, 3});
        MimeTree t = new MimeTree();
        t.addPart().name("name");
        t.parts.get(0).data("daniel".getBytes(StandardCharsets.ISO_8859_1));
        MimePart f = t.addPart();
        assertEquals(CurlCode.CURLE_OK, f.filedata(txt.toString()));
        f.name("file");
        MimePart b = t.addPart();
        b.filedata(bin.toString());
        b.name("q\"uo\r\nte");
        MimePart pdf = t.addPart();
        pdf.name("doc");
        pdf.filename("a.pdf");
        pdf.data("a".getBytes(StandardCharsets.ISO_8859_1));
        prepared(t);
        String bd = t.boundary();
        assertEquals(46, bd.length());
        assertTrue(bd.matches("-{24}[A-Za-z0-9]{22}"), bd);
        assertEquals("Content-Type: multipart/form-data; boundary=" + bd, t.requestHeaders());
        String expected = "--" + bd + "\r\n"
                + "Content-Disposition: form-data; name=\"name\"\r\n\r\ndaniel\r\n"
                + "--" + bd + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfoo bar\n\r\n"
                + "--" + bd + "\r\n"
                + "Content-Disposition: form-data; name=\"q%22uo%0D%0Ate\"; filename=\"blob.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\r\n"
                + "--" + bd + "\r\n"
                + "Content-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\na\r\n"
                + "--" + bd + "--\r\n";
        byte[] got = readAll(t, 8192);
        assertEquals(expected, latin1(got));
        assertEquals(got.length, t.size());
    }

    @Test
    void anEmptyFormIsItsClosingLine() {
        MimeTree t = prepared(new MimeTree());
        assertEquals("--" + t.boundary() + "--\r\n", latin1(readAll(t, 100)));
        assertEquals(52, t.size());
    }

    private MimeTree mixed() throws Exception {
        byte[] blob = new byte[3000];
        new Random(7).nextBytes(blob);
        Path file = Files.write(dir.resolve("r.dat"), blob);
        MimeTree t = new MimeTree();
        MimePart a = t.addPart();
        a.name("b64");
        a.filedata(file.toString());
        a.encoder("base64");
        MimePart q = t.addPart();
        q.name("qp");
        q.data("caf\u00e9 = ok \r\nline with trailing space \r\n".repeat(20).getBytes(StandardCharsets.ISO_8859_1));
        q.encoder("quoted-printable");
        MimeTree sub = new MimeTree();
        sub.addPart().data("inner".getBytes(StandardCharsets.ISO_8859_1));
        MimePart s = t.addPart();
        s.name("nested");
        assertEquals(CurlCode.CURLE_OK, s.subparts(sub));
        return prepared(t);
    }

    @Test
    void everySplitOfTheReadingGivesTheSameBytes() throws Exception {
        MimeTree t = mixed();
        byte[] whole = readAll(t, 1 << 16);
        for (int step = 1; step <= 80; step++) {
            assertTrue(t.rewind());
            assertArrayEquals(whole, readAll(t, step), "reads of " + step);
        }
        for (int cut = 0; cut <= whole.length; cut += 7) {
            assertTrue(t.rewind());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer first = ByteBuffer.allocate(Math.max(cut, 1));
            int got = 0;
            while (got < cut) {
                first.clear().limit(cut - got);
                int r = t.read(first);
                out.write(first.array(), 0, r);
                got += r;
            }
            out.writeBytes(readAll(t, 4096));
            assertArrayEquals(whole, out.toByteArray(), "cut at " + cut);
        }
    }

    @Test
    void base64IsRfc2045LinesOf76() {
        Random rnd = new Random(1);
        for (int n = 0; n < 400; n++) {
            byte[] data = new byte[n];
            rnd.nextBytes(data);
            MimeTree t = new MimeTree();
            MimePart p = t.addPart();
            p.data(data);
            p.encoder("base64");
            prepared(t);
            String body = latin1(readAll(t, 13));
            String head = "--" + t.boundary()
                    + "\r\nContent-Disposition: form-data\r\nContent-Transfer-Encoding: base64\r\n\r\n";
            String expected = head + Base64.getMimeEncoder().encodeToString(data) + "\r\n--" + t.boundary() + "--\r\n";
            assertEquals(expected, body, "n=" + n);
            assertEquals(body.length(), t.size(), "size of n=" + n);
        }
    }

    private static String qp(String in) {
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.data(in.getBytes(StandardCharsets.ISO_8859_1));
        p.encoder("quoted-printable");
        prepared(t);
        if (!in.isEmpty()) {
            assertEquals(-1, t.size(), "quoted-printable: the size is known only by encoding");
        }
        String body = latin1(readAll(t, 5));
        String head = "--" + t.boundary()
                + "\r\nContent-Disposition: form-data\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
        assertTrue(body.startsWith(head), body);
        return body.substring(head.length(), body.length() - (t.boundary().length() + 8));
    }

    @Test
    void quotedPrintableEscapesAndBreaksAsRfc2045() {
        assertEquals("a=3Db\r\n", qp("a=b\r\n"));
        assertEquals("ab=20\r\nc", qp("ab \r\nc"));
        assertEquals("tab=09", qp("tab\t"));
        assertEquals("bare=0Alf", qp("bare\nlf"));
        assertEquals("caf=E9", qp("caf\u00e9"));
        assertEquals("x".repeat(75) + "=\r\n" + "x".repeat(25), qp("x".repeat(100)));
        assertEquals("x".repeat(76) + "\r\ny", qp("x".repeat(76) + "\r\ny"));
        assertEquals("x".repeat(76), qp("x".repeat(76)));
        assertEquals("x".repeat(74) + "=\r\n=3Dy", qp("x".repeat(74) + "=y"));
    }

    @Test
    void sevenBitRefusesAByteOver127() {
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.data("ok\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(CurlCode.CURLE_OK, p.encoder("7bit"));
        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, t.addPart().encoder("rot13"));
        prepared(t);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int r;
        do {
            r = t.read(buf);
        } while (r > 0 && buf.hasRemaining());
        assertTrue(buf.position() > 0);
        assertEquals(MimeTree.READ_ERROR, t.read(buf.clear()));
        assertTrue(t.errorText().contains("7bit"), t.errorText());
    }

    @Test
    void subpartsAreMultipartMixedWithAttachments() throws Exception {
        Path txt = Files.writeString(dir.resolve("t.txt"), "dummy\n");
        MimeTree t = new MimeTree();
        MimeTree sub = new MimeTree();
        sub.addPart().filedata(txt.toString());
        MimePart second = sub.addPart();
        second.filedata(txt.toString());
        second.type("magic/content");
        MimePart p = t.addPart();
        p.name("file");
        p.subparts(sub);
        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, t.addPart().subparts(sub), "attached already");
        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, sub.addPart().subparts(t), "its own ancestor");
        t.parts.remove(1);
        sub.parts.remove(2);
        prepared(t);
        String o = t.boundary();
        String i = sub.boundary();
        String expected = "--" + o + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "Content-Type: multipart/mixed; boundary=" + i + "\r\n\r\n"
                + "--" + i + "\r\nContent-Disposition: attachment; filename=\"t.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "dummy\n\r\n"
                + "--" + i + "\r\nContent-Disposition: attachment; filename=\"t.txt\"\r\nContent-Type: magic/content\r\n\r\n"
                + "dummy\n\r\n"
                + "--" + i + "--\r\n\r\n--" + o + "--\r\n";
        byte[] got = readAll(t, 3);
        assertEquals(expected, latin1(got));
        assertEquals(got.length, t.size());
    }

    @Test
    void theRequestsContentTypeAndFormEscape() {
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.name("a\\b\"c");
        p.data(new byte[0]);
        assertNull(t.prepare(List.of("X-One: 1", "Content-Type: text/info"), false));
        assertEquals("Content-Type: text/info; boundary=" + t.boundary(), t.requestHeaders());
        assertEquals(List.of("Content-Disposition: attachment; name=\"a\\b%22c\""), p.preparedHeaders());
        assertNull(t.prepare(List.of(), true));
        assertEquals(List.of("Content-Disposition: form-data; name=\"a\\\\b\\\"c\""), p.preparedHeaders());
        p.name("line\nbreak");
        assertNotNull(t.prepare(List.of(), true), "CR or LF cannot be backslash-escaped");
        assertNull(t.prepare(List.of(), false));
        assertEquals(List.of("Content-Disposition: form-data; name=\"line%0Abreak\""), p.preparedHeaders());
    }

    @Test
    void userHeadersFollowTheMadeOnesAndTheirContentTypeIsUsed() {
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.name("h");
        p.data("x".getBytes(StandardCharsets.ISO_8859_1));
        p.headers(List.of("X-Test: 1", "Content-Type: app/own"));
        prepared(t);
        String body = latin1(readAll(t, 64));
        assertTrue(body.contains("Content-Disposition: form-data; name=\"h\"\r\nContent-Type: app/own\r\nX-Test: 1\r\n\r\nx"),
                body);
        assertEquals(body.length(), t.size());
    }

    @Test
    void aCallbackPartPausesGoesChunkedAndRewindsThroughItsSeek() {
        byte[] data = "from the callback".getBytes(StandardCharsets.ISO_8859_1);
        AtomicInteger at = new AtomicInteger();
        AtomicInteger seeks = new AtomicInteger();
        boolean[] pauseOnce = {true};
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.name("cb");
        p.dataCb(-1, (dst, ud) -> {
            if (pauseOnce[0]) {
                pauseOnce[0] = false;
                return CURL_READFUNC_PAUSE;
            }
            int n = Math.min(dst.remaining(), data.length - at.get());
            dst.put(data, at.get(), n);
            at.addAndGet(n);
            return n;
        }, (ud, off, origin) -> {
            seeks.incrementAndGet();
            at.set((int) off);
            return CURL_SEEKFUNC_OK;
        }, null);
        assertNull(t.prepare(List.of(), false));
        assertEquals(-1, t.size(), "unknown: the body goes chunked");
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int r = t.read(buf);
        assertTrue(r > 0, "the delimiter and headers come before the callback is asked");
        assertEquals(MimeTree.PAUSE, t.read(buf));
        String first = latin1(readAll(t, 4096));
        assertTrue(first.contains("from the callback\r\n--"), first);
        assertEquals(0, seeks.get());
        assertTrue(t.rewind());
        assertEquals(1, seeks.get(), "a part already read is rewound through its seek callback");
        String again = latin1(readAll(t, 7));
        assertTrue(again.endsWith("\r\n\r\nfrom the callback\r\n--" + t.boundary() + "--\r\n"), again);
    }

    @Test
    void aCallbackPartWithoutSeekCannotRewindOnceRead() {
        MimeTree t = new MimeTree();
        t.addPart().dataCb(1, (dst, ud) -> {
            dst.put((byte) 'z');
            return 1;
        }, null, null);
        assertTrue(prepared(t).rewind(), "nothing read yet: nothing to rewind");
        readAll(t, 100);
        assertFalse(t.rewind());
    }

    @Test
    void aMissingFileIsAReadError() {
        MimePart p = new MimeTree().addPart();
        assertEquals(CurlCode.CURLE_READ_ERROR, p.filedata(dir.resolve("nope").toString()));
    }

    @Test
    void aCopyHasTheSamePartsAndABoundaryOfItsOwn() throws Exception {
        MimeTree t = mixed();
        MimeTree c = t.copy();
        assertNotEquals(t.boundary(), c.boundary());
        prepared(c);
        String a = latin1(readAll(t, 999));
        String b = latin1(readAll(c, 999));
        assertNotEquals(a, b);
        String any = "-{24}[A-Za-z0-9]{22}"; // the outer and the nested boundaries
        assertEquals(a.replaceAll(any, "B"), b.replaceAll(any, "B"));
    }

    @Test
    void aLargeFileIsReadAsItIsSent() throws Exception {
        byte[] blob = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(blob);
        Path file = Files.write(dir.resolve("big.jpg"), blob);
        MimeTree t = new MimeTree();
        MimePart p = t.addPart();
        p.name("up");
        p.filedata(file.toString());
        prepared(t);
        byte[] got = readAll(t, 16 * 1024);
        assertEquals(got.length, t.size());
        String head = "--" + t.boundary() + "\r\nContent-Disposition: form-data; name=\"up\"; filename=\"big.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        assertEquals(head, latin1(java.util.Arrays.copyOf(got, head.length())));
        assertArrayEquals(blob, java.util.Arrays.copyOfRange(got, head.length(), head.length() + blob.length));
    }
}
