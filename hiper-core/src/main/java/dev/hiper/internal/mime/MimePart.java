package dev.hiper.internal.mime;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlReadFunction;
import dev.hiper.curl.CurlSeekFunction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code curl_mimepart}: one part of a {@link MimeTree}, its options ({@code curl_mime_name},
 * {@code _filename}, {@code _type}, {@code _encoder}, {@code _headers}, and one content: data,
 * a file, a read callback or subparts) and, while a request body is read, where its reading is.
 *
 * <p>Reading: the part's header lines (those made by {@link #prepare}, then the application's
 * except {@code Content-Type}), an empty line, the content (through its encoder). Every header
 * text is a byte string, one char a byte (ISO-8859-1), as {@code CURLOPT_HTTPHEADER}.
 */
public final class MimePart {
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String[][] TYPES = {
        {".gif", "image/gif"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
        {".svg", "image/svg+xml"}, {".txt", "text/plain"}, {".htm", "text/html"}, {".html", "text/html"},
        {".pdf", "application/pdf"}, {".xml", "application/xml"},
    };

    final MimeTree owner;
    String name;
    String filename;
    String type;
    MimeEncoder encoder;
    List<String> userHeaders = List.of();
    MimeContent content;
    /** The subparts, when the content is a multipart. */
    MimeTree subparts;

    // ---- reading ----
    private List<String> headers = List.of();
    private byte[] head;
    private int headAt;
    private boolean inContent;
    private boolean ended;
    private final MimeEncoder.State enc = new MimeEncoder.State();
    private boolean encEof;
    private byte[] encOut;
    private int encOutBeg;
    private int encOutEnd;
    /** A pause or failure met after some bytes of a read: the answer of the next read. */
    private int held;

    MimePart(MimeTree owner) {
        this.owner = owner;
    }

    public CurlCode name(String n) {
        name = n;
        return CurlCode.CURLE_OK;
    }

    public CurlCode filename(String n) {
        filename = n;
        return CurlCode.CURLE_OK;
    }

    public CurlCode type(String t) {
        type = t;
        return CurlCode.CURLE_OK;
    }

    public CurlCode encoder(String e) {
        encoder = null;
        if (e == null) {
            return CurlCode.CURLE_OK;
        }
        encoder = MimeEncoder.named(e);
        return encoder == null ? CurlCode.CURLE_BAD_FUNCTION_ARGUMENT : CurlCode.CURLE_OK;
    }

    public CurlCode headers(List<String> h) {
        userHeaders = h == null ? List.of() : List.copyOf(h);
        return CurlCode.CURLE_OK;
    }

    private void dropContent() {
        if (content != null) {
            content.close();
        }
        content = null;
        if (subparts != null) {
            subparts.parent = null;
        }
        subparts = null;
    }

    public CurlCode data(byte[] d) {
        dropContent();
        if (d != null) {
            content = new MimeContent.Bytes(d.clone());
        }
        return CurlCode.CURLE_OK;
    }

    /** {@code curl_mime_filedata}: the file is read when sent; its base name becomes the filename. */
    public CurlCode filedata(String path) {
        dropContent();
        if (path == null) {
            return CurlCode.CURLE_OK;
        }
        Path p = Path.of(path);
        Long size = MimeContent.File.sizeOf(p);
        if (size == null) {
            return CurlCode.CURLE_READ_ERROR;
        }
        content = new MimeContent.File(p, size);
        Path base = p.getFileName();
        filename = base == null ? path : base.toString();
        return CurlCode.CURLE_OK;
    }

    public CurlCode dataCb(long size, CurlReadFunction read, CurlSeekFunction seek, Object arg) {
        dropContent();
        if (read != null) {
            content = new MimeContent.Callback(size, read, seek, arg);
        }
        return CurlCode.CURLE_OK;
    }

    /** {@code curl_mime_subparts}: refused for a tree attached elsewhere, or one that holds this part. */
    public CurlCode subparts(MimeTree sub) {
        if (sub != null && sub == subparts) {
            return CurlCode.CURLE_OK;
        }
        if (sub != null) {
            if (sub.parent != null) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            for (MimeTree t = owner; t != null; t = t.parent == null ? null : t.parent.owner) {
                if (t == sub) {
                    return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
                }
            }
        }
        dropContent();
        if (sub != null) {
            sub.rewind();
            sub.parent = this;
            subparts = sub;
        }
        return CurlCode.CURLE_OK;
    }

    /** Its options and content into {@code to} (subparts copied too). */
    void copyInto(MimePart to) {
        to.name = name;
        to.filename = filename;
        to.type = type;
        to.encoder = encoder;
        to.userHeaders = userHeaders;
        to.content = content == null ? null : content.copy();
        if (subparts != null) {
            to.subparts(subparts.copy());
        }
    }

    void close() {
        if (content != null) {
            content.close();
        }
        if (subparts != null) {
            subparts.free();
        }
    }

    // ---- headers (libcurl's Curl_mime_prepare_headers) ----

    /** libcurl's guess from a file name's extension, or null. */
    static String guessType(String file) {
        if (file == null) {
            return null;
        }
        String f = file.toLowerCase(Locale.ROOT);
        for (String[] t : TYPES) {
            if (f.endsWith(t[0])) {
                return t[1];
            }
        }
        return null;
    }

    /** Whether {@code ct} is {@code target}, alone or followed by parameters. */
    static boolean typeIs(String ct, String target) {
        if (ct == null || !ct.regionMatches(true, 0, target, 0, target.length())) {
            return false;
        }
        if (ct.length() == target.length()) {
            return true;
        }
        char c = ct.charAt(target.length());
        return c == '\t' || c == '\r' || c == '\n' || c == ' ' || c == ';';
    }

    /** The value of the first {@code name:} line, spaces after the colon skipped; null when none. */
    static String search(List<String> lines, String name) {
        if (lines == null) {
            return null;
        }
        for (String l : lines) {
            if (l.length() > name.length() && l.charAt(name.length()) == ':' && l.regionMatches(true, 0, name, 0,
                    name.length())) {
                int i = name.length() + 1;
                while (i < l.length() && l.charAt(i) == ' ') {
                    i++;
                }
                return l.substring(i);
            }
        }
        return null;
    }

    /**
     * Makes this part's header lines (and its subparts'). {@code contentType}: the type asked for
     * by the caller, or null; {@code disposition}: the disposition its tree gives its parts.
     * {@code backslash}: quote names with backslashes ({@code CURLMIMEOPT_FORMESCAPE}) rather than
     * percent-encode, as the HTML standard says. Returns an error message, or null.
     */
    String prepare(String contentType, String disposition, boolean backslash, List<String> user) {
        List<String> out = new ArrayList<>(3);
        String custom = type != null ? type : search(user, "Content-Type");
        String ct = custom != null ? custom : contentType;
        if (ct == null) {
            if (subparts != null) {
                ct = "multipart/mixed";
            } else if (content instanceof MimeContent.File) {
                ct = guessType(filename);
                if (ct == null) {
                    ct = guessType(((MimeContent.File) content).path.toString());
                }
                if (ct == null && filename != null) {
                    ct = OCTET_STREAM;
                }
            } else {
                ct = guessType(filename);
            }
        }
        String boundary = subparts != null ? subparts.boundary : null;
        if (subparts == null && ct != null && custom == null && typeIs(ct, "text/plain") && filename == null) {
            ct = null; // the default of a part, not said
        }
        if (search(user, "Content-Disposition") == null) {
            String d = disposition;
            if (d == null && (filename != null || name != null
                    || ct != null && !ct.regionMatches(true, 0, "multipart/", 0, 10))) {
                d = "attachment";
            }
            if (d != null && d.equalsIgnoreCase("attachment") && name == null && filename == null) {
                d = null;
            }
            if (d != null) {
                if (backslash && (hasLineEnd(name) || hasLineEnd(filename))) {
                    return "a part name or filename with CR or LF cannot be backslash-escaped";
                }
                StringBuilder sb = new StringBuilder("Content-Disposition: ").append(d);
                if (name != null) {
                    sb.append("; name=\"").append(escape(name, backslash)).append('"');
                }
                if (filename != null) {
                    sb.append("; filename=\"").append(escape(filename, backslash)).append('"');
                }
                out.add(sb.toString());
            }
        }
        if (ct != null) {
            out.add("Content-Type: " + ct + (boundary != null ? "; boundary=" + boundary : ""));
        }
        if (encoder != null && search(user, "Content-Transfer-Encoding") == null) {
            out.add("Content-Transfer-Encoding: " + encoder.label);
        }
        headers = out;
        head = null;
        if (subparts != null) {
            String sub = typeIs(ct, "multipart/form-data") ? "form-data" : null;
            for (MimePart p : subparts.parts) {
                String e = p.prepare(null, sub, backslash, p.userHeaders);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The lines {@link #prepare} made. */
    List<String> preparedHeaders() {
        return headers;
    }

    private static boolean hasLineEnd(String s) {
        return s != null && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0);
    }

    private static String escape(String s, boolean backslash) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (backslash) {
                if (c == '\\' || c == '"') {
                    sb.append('\\');
                }
                sb.append(c);
            } else if (c == '"') {
                sb.append("%22");
            } else if (c == '\r') {
                sb.append("%0D");
            } else if (c == '\n') {
                sb.append("%0A");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- size and reading ----

    /** The content's size (encoded), -1 when unknown. */
    long contentSize() {
        long raw = subparts != null ? subparts.size() : content != null ? content.size() : 0;
        return encoder == null ? raw : encoder.size(raw);
    }

    private byte[] head() {
        if (head == null) {
            StringBuilder sb = new StringBuilder();
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            for (String h : userHeaders) {
                if (!(h.length() > 12 && h.charAt(12) == ':' && h.regionMatches(true, 0, "Content-Type", 0, 12))) {
                    sb.append(h).append("\r\n");
                }
            }
            sb.append("\r\n");
            head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        return head;
    }

    /** The whole part's size: its header lines and content; -1 when unknown. */
    long size() {
        long c = contentSize();
        return c < 0 ? -1 : c + head().length;
    }

    /** Reads the part, its header lines first unless {@code bodyOnly}. */
    int read(ByteBuffer dst, boolean bodyOnly) {
        if (held != 0) {
            int h = held;
            held = 0;
            return h;
        }
        int count = 0;
        if (!bodyOnly && !inContent) {
            byte[] h = head();
            int n = Math.min(dst.remaining(), h.length - headAt);
            dst.put(h, headAt, n);
            headAt += n;
            count += n;
            if (headAt < h.length) {
                return count;
            }
        }
        inContent = true;
        while (dst.hasRemaining() && !ended) {
            int r = encoder == null ? raw(dst) : encoded(dst);
            if (r == 0) {
                ended = true;
                if (content != null) {
                    content.close();
                }
            } else if (r < 0) {
                if (count > 0) {
                    held = r; // the bytes first, the pause or failure at the next read
                    return count;
                }
                return r;
            } else {
                count += r;
            }
        }
        return count;
    }

    private int raw(ByteBuffer dst) {
        if (subparts != null) {
            return subparts.read(dst);
        }
        return content == null ? 0 : content.read(dst);
    }

    private int encoded(ByteBuffer dst) {
        if (encOut == null) {
            encOut = new byte[8192];
        }
        while (true) {
            if (encOutBeg < encOutEnd) {
                int n = Math.min(dst.remaining(), encOutEnd - encOutBeg);
                dst.put(encOut, encOutBeg, n);
                encOutBeg += n;
                return n;
            }
            encOutBeg = 0;
            encOutEnd = 0;
            int w = encoder.encode(enc, encEof, encOut, 0, encOut.length);
            if (w == MimeEncoder.BAD_BYTE) {
                errorText = "invalid 7bit data in a part";
                return MimeTree.READ_ERROR;
            }
            if (w > 0) {
                encOutEnd = w;
                continue;
            }
            if (encEof) {
                return 0;
            }
            if (enc.inBeg > 0) {
                System.arraycopy(enc.in, enc.inBeg, enc.in, 0, enc.inEnd - enc.inBeg);
                enc.inEnd -= enc.inBeg;
                enc.inBeg = 0;
            }
            ByteBuffer in = ByteBuffer.wrap(enc.in, enc.inEnd, enc.in.length - enc.inEnd);
            int r = raw(in);
            if (r < 0) {
                return r;
            }
            if (r == 0) {
                encEof = true;
            }
            enc.inEnd += r;
        }
    }

    /** A reason for the last {@link MimeTree#READ_ERROR}. */
    String errorText() {
        if (errorText != null) {
            return errorText;
        }
        if (subparts != null) {
            return subparts.errorText();
        }
        return content != null ? content.error : "";
    }

    private String errorText;

    /** Back to the start; false when the content cannot go back. */
    boolean rewind() {
        headAt = 0;
        held = 0;
        inContent = false;
        ended = false;
        enc.reset();
        encEof = false;
        encOutBeg = 0;
        encOutEnd = 0;
        errorText = null;
        if (subparts != null) {
            return subparts.rewind();
        }
        return content == null || content.rewind();
    }
}
