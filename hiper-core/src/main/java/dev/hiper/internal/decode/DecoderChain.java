package dev.hiper.internal.decode;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The codings of one response undone in order, as libcurl's writer stack does: the
 * {@code Transfer-Encoding} codings first (when {@code CURLOPT_TRANSFER_ENCODING} asked for
 * them), then the {@code Content-Encoding} ones, each list from its last coding back to its
 * first (RFC 9110 section 8.4: the codings are listed in the order they were applied).
 *
 * <p>Lifecycle, per response: 1. {@link #reset()}; 2. {@link #addTransfer} and
 * {@link #addContent} for each header field, which answer an error message when the response
 * must be refused (more than {@value #MAX_CODINGS} codings in one phase, a transfer coding not
 * asked for); 3. {@link #feed} encoded bytes when {@link #produce()} has nothing left, and hand
 * on what {@link #produce()} returns; 4. at the body's end, {@link #endOfInput()}, then
 * {@link #produce()} until it returns nothing, then {@link #finish()}.
 *
 * <p>Memory is fixed: an input copy and one buffer between each two stages, {@value #BUFFER}
 * bytes each, whatever the body's size or ratio (the windows of zstd and br aside, which their
 * streams size; br also queues up to a window of input, see {@link BrotliDecoder}). A coding this
 * build does not know fails the
 * transfer only when a body byte arrives (a HEAD or a 304 with it is fine), as libcurl.
 */
public final class DecoderChain {
    /** libcurl's limit on the codings of one phase (its MAX_ENCODE_STACK). */
    public static final int MAX_CODINGS = 5;
    /** The size of each buffer of the chain (libcurl's DECOMPRESS_BUFFER_SIZE). */
    static final int BUFFER = 16384;

    private final List<ContentDecoder> transfer = new ArrayList<>();
    private final List<ContentDecoder> content = new ArrayList<>();
    /** Codings counted per phase, identity and chunked included, as libcurl counts its writers. */
    private int transferCount;
    private int contentCount;
    private boolean chunkedSeen;
    /** A content coding this build does not decode: the body fails at its first byte. */
    private boolean unknown;
    private boolean fedAny;
    /** The body ended ({@link #endOfInput()}); how many stages were told so far, in order. */
    private boolean ended;
    private int told;

    /** The stages in decoding order, made at the first body byte. */
    private ContentDecoder[] stages;
    private ByteBuffer input;
    private ByteBuffer[] between;
    private ByteBuffer output;

    /**
     * The codings this build decodes, for {@code Accept-Encoding} when
     * {@code CURLOPT_ACCEPT_ENCODING} is "" (libcurl's order: deflate, gzip, br, zstd).
     */
    public static String acceptable() {
        return "deflate, gzip" + (OptionalCodecs.BROTLI ? ", br" : "") + (OptionalCodecs.ZSTD ? ", zstd" : "");
    }

    /** Forgets the last response's codings and lets go of their state. */
    public void reset() {
        // indexed: reset runs for every response, and an iterator is an allocation each time
        for (int i = 0; i < transfer.size(); i++) {
            transfer.get(i).close();
        }
        for (int i = 0; i < content.size(); i++) {
            content.get(i).close();
        }
        transfer.clear();
        content.clear();
        transferCount = 0;
        contentCount = 0;
        chunkedSeen = false;
        unknown = false;
        fedAny = false;
        ended = false;
        told = 0;
        stages = null;
        if (input != null) {
            input.clear().flip();
            output.clear().flip();
        }
    }

    /** Whether the body goes through the chain (some coding other than identity and chunked). */
    public boolean active() {
        return unknown || !transfer.isEmpty() || !content.isEmpty();
    }

    /**
     * A {@code Content-Encoding} field. Returns null, or the message the transfer fails with
     * ({@code CURLE_BAD_CONTENT_ENCODING}).
     */
    public String addContent(String list) {
        for (String name : names(list)) {
            if (contentCount >= MAX_CODINGS) {
                return "Reject response exceeding limit of " + MAX_CODINGS + " content encodings";
            }
            contentCount++;
            ContentDecoder d = decoderFor(name);
            if (d != null) {
                content.add(d);
            } else if (!isIdentity(name)) {
                unknown = true;
            }
        }
        return null;
    }

    /**
     * A {@code Transfer-Encoding} field; {@code decode}: {@code CURLOPT_TRANSFER_ENCODING} asked
     * for compressed transfer codings. Chunked is the HTTP/1.1 framing's business and only
     * counted here. Returns null, or the message the transfer fails with (61).
     */
    public String addTransfer(String list, boolean decode) {
        boolean chunkedInField = false; // libcurl looks back only within one field here
        for (String name : names(list)) {
            boolean chunked = name.equalsIgnoreCase("chunked");
            chunkedInField |= chunked;
            if (!decode && !chunked) {
                if (chunkedInField) {
                    return "A Transfer-Encoding (" + name + ") was listed after chunked";
                }
                if (isIdentity(name) && name.length() == 8) {
                    continue;
                }
                return "Unsolicited Transfer-Encoding (" + name + ") found";
            }
            if (transferCount >= MAX_CODINGS) {
                return "Reject response exceeding limit of " + MAX_CODINGS + " transfer encodings";
            }
            if (chunked && chunkedSeen) {
                continue; // a repeated chunked is ignored
            }
            transferCount++;
            if (chunked) {
                chunkedSeen = true;
                continue;
            }
            ContentDecoder d = decoderFor(name);
            if (d != null) {
                transfer.add(d);
            } else if (!isIdentity(name)) {
                unknown = true;
            }
        }
        return null;
    }

    /**
     * Copies up to one buffer of encoded bytes from {@code raw} (its position is left as it is).
     * Returns how many were taken; call only when {@link #produce()} returned nothing.
     */
    public int feed(ByteBuffer raw) throws DecodeException {
        if (unknown && raw.hasRemaining()) {
            throw new DecodeException(CurlCode.CURLE_BAD_CONTENT_ENCODING, "Unrecognized content encoding type");
        }
        build();
        input.compact();
        int n = Math.min(input.remaining(), raw.remaining());
        input.put(raw.duplicate().limit(raw.position() + n));
        input.flip();
        fedAny |= n > 0;
        return n;
    }

    /**
     * The body ended: no more {@link #feed}. Each stage learns it once everything before it is
     * decoded, so {@link #produce()} hands on what a stage held back; call it until it returns
     * nothing, then {@link #finish()}.
     */
    public void endOfInput() {
        ended = true;
    }

    /**
     * Runs the stages and returns the decoded bytes ready (a buffer of the chain, to be read
     * from; what is not read stays for the next call). Empty when they need more input.
     */
    public ByteBuffer produce() throws DecodeException {
        build();
        if (output.hasRemaining()) {
            return output;
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int i = 0; i < stages.length; i++) {
                ByteBuffer src = i == 0 ? input : between[i - 1];
                ByteBuffer dst = i == stages.length - 1 ? output : between[i];
                int srcLeft = src.remaining();
                int dstLeft = dst.remaining();
                dst.compact();
                try {
                    stages[i].decode(src, dst);
                } finally {
                    dst.flip();
                }
                moved |= src.remaining() != srcLeft || dst.remaining() != dstLeft;
            }
            if (output.hasRemaining()) {
                return output;
            }
            if (!moved && ended && told < stages.length) {
                // stage `told` has all its input: every stage before it is drained
                ByteBuffer src = told == 0 ? input : between[told - 1];
                if (!src.hasRemaining()) {
                    stages[told++].endOfInput();
                    moved = true;
                }
            }
        }
        return output;
    }

    /**
     * The body ended: every stage must have reached its stream's end, unless no byte came at
     * all (an empty body with a coding named is fine).
     */
    public void finish() throws DecodeException {
        if (!fedAny || stages == null) {
            return;
        }
        for (ContentDecoder d : stages) {
            if (!d.finished()) {
                throw DecodeException.corrupt("the compressed stream ended early");
            }
        }
    }

    /** The decoding order: transfer codings, then content codings, each from its last listed. */
    private void build() {
        if (stages != null) {
            return;
        }
        int n = transfer.size() + content.size();
        stages = new ContentDecoder[n];
        int k = 0;
        for (int i = transfer.size() - 1; i >= 0; i--) {
            stages[k++] = transfer.get(i);
        }
        for (int i = content.size() - 1; i >= 0; i--) {
            stages[k++] = content.get(i);
        }
        if (input == null) {
            input = ByteBuffer.allocate(BUFFER).flip();
            output = ByteBuffer.allocate(BUFFER).flip();
        }
        if (between == null || between.length < Math.max(0, n - 1)) {
            between = new ByteBuffer[Math.max(0, n - 1)];
        }
        for (int i = 0; i < n - 1; i++) {
            if (between[i] == null) {
                between[i] = ByteBuffer.allocate(BUFFER);
            }
            between[i].clear().flip();
        }
    }

    /** The decoder of a coding, or null for identity and for a coding this build does not have. */
    private static ContentDecoder decoderFor(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "gzip":
            case "x-gzip":
                return InflateDecoder.gzip();
            case "deflate":
                return InflateDecoder.deflate();
            case "br":
                return OptionalCodecs.BROTLI ? new BrotliDecoder() : null;
            case "zstd":
                return OptionalCodecs.ZSTD ? new ZstdDecoder() : null;
            default:
                return null;
        }
    }

    private static boolean isIdentity(String name) {
        return name.equalsIgnoreCase("identity") || name.equalsIgnoreCase("none");
    }

    /** The names of a field's list: split at commas, blanks around each dropped, empty ones skipped. */
    static List<String> names(String list) {
        List<String> out = new ArrayList<>(2);
        int i = 0;
        int end = list.length();
        while (i < end) {
            while (i < end && (list.charAt(i) == ' ' || list.charAt(i) == '\t' || list.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            int last = i;
            while (i < end && list.charAt(i) != ',') {
                if (list.charAt(i) > ' ') {
                    last = i + 1;
                }
                i++;
            }
            if (last > start) {
                out.add(list.substring(start, last));
            }
        }
        return out;
    }
}
