package dev.hiper.curl;

import dev.hiper.internal.mime.MimeTree;

/**
 * {@code curl_mime *}: a multipart body, built part by part, sent with {@code CURLOPT_MIMEPOST}
 * ({@code multipart/form-data} unless the request's own {@code Content-Type} line says otherwise),
 * or used as the subparts of another part.
 *
 * <pre>{@code
 * CurlMime mime = CurlMime.init(easy);
 * CurlMimePart p = mime.addPart();
 * p.name("file");
 * p.filedata("/tmp/photo.jpg");         // read as it is sent; filename "photo.jpg", type image/jpeg
 * mime.addPart().name("note").data("hello");
 * easy.setopt(CURLOPT_MIMEPOST, mime);
 * }</pre>
 *
 * <p>The body is generated as it is sent, a file read as it goes out; its size is known (and
 * sent as {@code Content-Length}) when every part's is, else the body goes chunked. A request sent
 * again (a 307 or 308 redirect, an authentication round, a retry on a fresh connection) reads it
 * again from the start, calling the seek callback of any callback part already read. The boundary
 * is libcurl's: 24 dashes and 22 random letters and digits. {@link CurlEasy#duphandle()} gives the
 * copy a copy of the multipart, with a boundary of its own, as libcurl does. Header texts (names, filenames, types,
 * header lines) are byte strings, one char a byte, as {@code CURLOPT_HTTPHEADER}'s.
 */
public final class CurlMime implements AutoCloseable {
    private final MimeTree tree = new MimeTree();

    private CurlMime() {
    }

    /**
     * {@code curl_mime_init}.
     *
     * @param easy the handle it is for (kept for fidelity; any handle may send it)
     * @return a new, empty multipart
     */
    public static CurlMime init(CurlEasy easy) {
        return new CurlMime();
    }

    MimeTree tree() {
        return tree;
    }

    /**
     * {@code curl_mime_addpart}.
     *
     * @return a new part at the end, with no name and no content
     */
    public CurlMimePart addPart() {
        return new CurlMimePart(tree.addPart());
    }

    /** {@code curl_mime_free}: closes the files of its parts (and subparts) still open. */
    public void free() {
        tree.free();
    }

    /** {@link #free()}. */
    @Override
    public void close() {
        free();
    }

    @Override
    public String toString() {
        return "CurlMime";
    }
}
