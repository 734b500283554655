package dev.hiper.internal.transfer;

import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.ws.WsException;
import dev.hiper.internal.ws.WsFrameEncoder;
import dev.hiper.internal.ws.WsSession;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * libcurl's WebSocket calls on an easy handle ({@code curl_ws_recv}, {@code curl_ws_send},
 * {@code curl_ws_meta}, {@code curl_ws_start_frame}) and the life of a connection that a
 * {@code CURLOPT_CONNECT_ONLY} transfer hands to the application: kept by the handle, never
 * parked for reuse, closed by the handle's next transfer or its cleanup. A call that meets a
 * broken rule or a failed connection answers its code with the message in the error buffer; a
 * failed connection is closed then, so its socket is released.
 */
public final class WsCalls {
    /** Where mask keys come from; a test runner may fix them (curl's CURL_WS_FORCE_ZERO_MASK). */
    public static volatile WsFrameEncoder.MaskSource masks = WsFrameEncoder.SECURE;

    /** What an easy handle holds of its WebSocket. */
    public static final class Held {
        /** The session of the running transfer, or the one a CONNECT_ONLY transfer left open; else null. */
        WsSession session;
        /** The connection a CONNECT_ONLY transfer left to the application. */
        Connection connection;
        /** The engine {@link #connection} belongs to. */
        MultiEngine engine;
        /** On HTTP/2: the stream the application took, kept among the connection's users; else null. */
        WsStreamKeeper keeper;

        /** Whether the connection, or the stream the application took, is gone. */
        boolean gone() {
            return connection.closed || keeper != null && keeper.tunnel.closed();
        }
    }

    private WsCalls() {
    }

    /** {@code CURLOPT_CONNECT_ONLY}: 0, or 2 for a WebSocket; 1 (a bare connection) is not built in. */
    static CurlCode connectOnly(EasyHandle h, Object v) {
        long n = v == null ? 0 : (Long) v;
        if (n == 1) {
            return CurlCode.CURLE_NOT_BUILT_IN;
        }
        if (n != 0 && n != 2) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        h.connectOnly = n;
        return CurlCode.CURLE_OK;
    }

    /** {@code CURLINFO_ACTIVESOCKET}: the connection a CONNECT_ONLY transfer left open, else CURL_SOCKET_BAD. */
    static Object activeSocket(EasyHandle h) {
        Connection c = h.ws.connection;
        return c != null && !c.closed ? h.ws.engine.apiSocket(c.socket) : Curl.CURL_SOCKET_BAD;
    }

    /** The transfer of {@code easy} ended after the 101 and left {@code conn} to the application. */
    static void handOver(EasyHandle easy, MultiEngine engine, Connection conn) {
        easy.ws.connection = conn;
        easy.ws.engine = engine;
    }

    /** Closes the connection a CONNECT_ONLY transfer left, if any (the next transfer, or cleanup). */
    public static void closeHandedOver(EasyHandle easy) {
        Held held = easy.ws;
        if (held.session != null) {
            held.session.end();
        }
        if (held.keeper != null) {
            leaveStream(easy);
        } else if (held.connection != null && held.engine != null) {
            held.engine.closeConnection(held.connection);
        }
        held.keeper = null;
        held.connection = null;
        held.engine = null;
        held.session = null;
    }

    private static FilterCaller caller(EasyHandle easy) {
        if (easy.verbose && easy.ws.engine != null) {
            return text -> easy.ws.engine.tracer().text(easy, text);
        }
        return FilterCaller.NONE;
    }

    /** {@code curl_ws_recv}. */
    public static CurlCode recv(EasyHandle easy, ByteBuffer dst) {
        if (dst == null) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        if (easy.ws.connection == null || easy.ws.session == null) {
            if (easy.connectOnly == 0) {
                return fail(easy, CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "[WS] CONNECT_ONLY is required");
            }
            return fail(easy, CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] connection not found");
        }
        if (easy.ws.gone()) {
            return CurlCode.CURLE_GOT_NOTHING;
        }
        try {
            return easy.ws.session.recv(dst, caller(easy));
        } catch (WsException e) {
            closeBroken(easy);
            return fail(easy, e.code(), e.getMessage());
        } catch (FilterException e) {
            closeBroken(easy); // a reset stream, the HTTP/2 connection's failure: their own code
            return fail(easy, e.code(), e.getMessage());
        } catch (IOException e) {
            closeBroken(easy);
            return fail(easy, CurlCode.CURLE_RECV_ERROR, "Recv failure: " + HappyEyeballs.message(e));
        } finally {
            settle(easy);
        }
    }

    /**
     * On a stream of a shared HTTP/2 connection, the application's read (or a write that read
     * the socket for a WINDOW_UPDATE) may have taken frames for other streams and woken their
     * transfers: the multi's callbacks hear of it, or a loop they drive would never run them.
     */
    private static void settle(EasyHandle easy) {
        MultiEngine engine = easy.ws.engine;
        if (easy.ws.keeper != null && engine != null) {
            engine.settleOutsideCall();
        }
    }

    /** {@code curl_ws_send}: from a CONNECT_ONLY loop, or inside a running transfer's callback. */
    public static CurlCode send(EasyHandle easy, ByteBuffer data, long fragsize, int flags) {
        if (data == null) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        WsSession s = easy.ws.session;
        boolean inTransfer = easy.ws.connection == null;
        if (s == null || inTransfer && (easy.transfer == null || easy.transfer.isCompleted())) {
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "[WS] No associated connection");
        }
        if (!inTransfer && easy.ws.gone()) {
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "[WS] the connection is closed");
        }
        try {
            if (!inTransfer && easy.ws.keeper != null) {
                try {
                    return s.send(data, fragsize, flags, false, caller(easy));
                } finally {
                    settle(easy);
                }
            }
            CurlCode c = s.send(data, fragsize, flags, inTransfer, inTransfer ? easy.transfer : caller(easy));
            if (inTransfer && s.wantsToSend()) {
                easy.transfer.runSoon(); // its pollset then asks for the socket to be writable
            }
            return c;
        } catch (WsException e) {
            if (e.code() == CurlCode.CURLE_SEND_ERROR) {
                closeBroken(easy);
            }
            return fail(easy, e.code(), e.getMessage());
        } catch (IOException e) {
            if (inTransfer) {
                easy.transfer.fail(CurlCode.CURLE_SEND_ERROR, "Send failure: " + HappyEyeballs.message(e), e);
            } else {
                closeBroken(easy);
            }
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "Send failure: " + HappyEyeballs.message(e));
        }
    }

    /** {@code curl_ws_start_frame}: in a read callback of a running WebSocket transfer. */
    public static CurlCode startFrame(EasyHandle easy, int flags, long length) {
        WsSession s = easy.ws.session;
        if (s == null || easy.ws.connection != null) {
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "[WS] Not a websocket transfer");
        }
        try {
            s.startFrame(flags, length);
            return CurlCode.CURLE_OK;
        } catch (WsException e) {
            return fail(easy, e.code(), e.getMessage());
        }
    }

    /** {@code curl_ws_meta}. */
    public static CurlWsFrame meta(EasyHandle easy) {
        WsSession s = easy.ws.session;
        return s == null ? null : s.frame();
    }

    private static void closeBroken(EasyHandle easy) {
        Connection c = easy.ws.connection;
        if (easy.ws.keeper != null) {
            leaveStream(easy); // the stream is reset; the connection stays with its other streams
        } else if (c != null && easy.ws.engine != null) {
            easy.ws.engine.closeConnection(c);
        }
    }

    /**
     * The application is done with the HTTP/2 stream it took: reset unless both sides ended it
     * (RFC 8441 section 5), and the connection goes on, parked or closed with its last user.
     */
    private static void leaveStream(EasyHandle easy) {
        Held held = easy.ws;
        if (held.keeper.tunnel.closed()) {
            return;
        }
        held.keeper.tunnel.close(caller(easy));
        Connection c = held.connection;
        if (c != null && !c.closed && held.engine != null) {
            held.engine.leaveShared(c, held.keeper, c.h2 != null && c.h2.usable());
        }
    }

    private static CurlCode fail(EasyHandle easy, CurlCode code, String message) {
        easy.errorBuffer = message;
        return code;
    }
}
