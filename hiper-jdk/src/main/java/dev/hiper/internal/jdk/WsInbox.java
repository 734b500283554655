package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlWsFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The receiving side of a {@link JdkWebSocket}: turns the pieces of frames that hiper's write
 * callback gives (with {@code wsMeta()} describing each) into the listener's calls: text as whole
 * characters (a character split between pieces waits for its last byte), binary pieces as they
 * come, PING, PONG and CLOSE once their payload is complete. Engine thread only.
 */
final class WsInbox {
    /** What one piece means for the listener. */
    enum Kind { NONE, TEXT, BINARY, PING, PONG, CLOSE }

    /** The call a piece makes: its kind, its payload (text or bytes) and whether it ends the message. */
    static final class Event {
        final Kind kind;
        final CharSequence text;
        final ByteBuffer bytes;
        final boolean last;

        Event(Kind kind, CharSequence text, ByteBuffer bytes, boolean last) {
            this.kind = kind;
            this.text = text;
            this.bytes = bytes;
            this.last = last;
        }
    }

    private static final Event NOTHING = new Event(Kind.NONE, null, null, false);

    private CharsetDecoder decoder;
    /** Bytes of a character whose last byte has not come yet. */
    private ByteBuffer carry = ByteBuffer.allocate(8);
    /** The payload of a control frame so far (at most 125 bytes). */
    private final ByteArrayOutputStream control = new ByteArrayOutputStream();

    /**
     * The event for one piece, or an event of kind NONE when the piece completes nothing yet.
     *
     * @throws CharacterCodingException for text that is not UTF-8
     */
    Event piece(CurlWsFrame meta, ByteBuffer data) throws CharacterCodingException {
        int flags = meta.flags();
        boolean frameDone = meta.bytesleft() == 0;
        if ((flags & (CURLWS_PING | CURLWS_PONG | CURLWS_CLOSE)) != 0) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            control.write(b, 0, b.length);
            if (!frameDone) {
                return NOTHING;
            }
            ByteBuffer payload = ByteBuffer.wrap(control.toByteArray());
            control.reset();
            Kind k = (flags & CURLWS_PING) != 0 ? Kind.PING : (flags & CURLWS_PONG) != 0 ? Kind.PONG : Kind.CLOSE;
            return new Event(k, null, payload, true);
        }
        boolean last = frameDone && (flags & CURLWS_CONT) == 0;
        if ((flags & CURLWS_TEXT) != 0) {
            CharSequence text = decode(data, last);
            if (text.length() == 0 && !last) {
                return NOTHING;
            }
            return new Event(Kind.TEXT, text, null, last);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        return new Event(Kind.BINARY, null, copy, last);
    }

    private CharSequence decode(ByteBuffer data, boolean last) throws CharacterCodingException {
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        ByteBuffer in;
        if (carry.position() > 0) {
            in = ByteBuffer.allocate(carry.position() + data.remaining());
            carry.flip();
            in.put(carry).put(data).flip();
            carry.clear();
        } else {
            in = data;
        }
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult r = decoder.decode(in, out, last);
        if (r.isError()) {
            decoder.reset();
            r.throwException();
        }
        if (last) {
            r = decoder.flush(out);
            decoder.reset();
            if (r.isError() || in.hasRemaining()) {
                throw new CharacterCodingException();
            }
        } else if (in.hasRemaining()) {
            if (in.remaining() > carry.capacity()) {
                throw new CharacterCodingException();
            }
            carry.put(in);
        }
        out.flip();
        return out.toString();
    }

    /** The status code of a CLOSE payload: 1005 (none given) when it has none. */
    static int closeCode(ByteBuffer payload) {
        return payload.remaining() >= 2 ? (payload.getShort(payload.position()) & 0xffff) : 1005;
    }

    /** The reason of a CLOSE payload ("" when none). */
    static String closeReason(ByteBuffer payload) {
        if (payload.remaining() <= 2) {
            return "";
        }
        ByteBuffer r = payload.duplicate();
        r.position(r.position() + 2);
        return StandardCharsets.UTF_8.decode(r).toString();
    }
}
