package dev.hiper.internal.transfer;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.internal.conn.Connection;
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
    /** Whether a 101's Sec-WebSocket-Accept is checked; a test runner replaying fixed replies may turn it off. */
    public static volatile boolean checkAccept = true;

    private WsCalls() {
    }

    /** The transfer of {@code easy} ended after the 101 and left {@code conn} to the application. */
    static void handOver(EasyHandle easy, MultiEngine engine, Connection conn) {
        easy.wsConnection = conn;
        easy.wsEngine = engine;
    }

    /** Closes the connection a CONNECT_ONLY transfer left, if any (the next transfer, or cleanup). */
    public static void closeHandedOver(EasyHandle easy) {
        Connection c = easy.wsConnection;
        if (c != null) {
            easy.wsConnection = null;
            if (easy.wsEngine != null) {
                easy.wsEngine.closeConnection(c);
            }
            easy.wsEngine = null;
        }
        easy.ws = null;
    }

    private static FilterCaller caller(EasyHandle easy) {
        if (easy.verbose && easy.wsEngine != null) {
            return text -> easy.wsEngine.tracer().text(easy, text);
        }
        return FilterCaller.NONE;
    }

    /** {@code curl_ws_recv}. */
    public static CurlCode recv(EasyHandle easy, ByteBuffer dst) {
        if (dst == null) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        if (easy.wsConnection == null || easy.ws == null) {
            if (easy.connectOnly == 0) {
                return fail(easy, CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "[WS] CONNECT_ONLY is required");
            }
            return fail(easy, CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] connection not found");
        }
        if (easy.wsConnection.closed) {
            return CurlCode.CURLE_GOT_NOTHING;
        }
        try {
            return easy.ws.recv(dst, caller(easy));
        } catch (WsException e) {
            closeBroken(easy);
            return fail(easy, e.code(), e.getMessage());
        } catch (IOException e) {
            closeBroken(easy);
            return fail(easy, CurlCode.CURLE_RECV_ERROR, "Recv failure: " + HappyEyeballs.message(e));
        }
    }

    /** {@code curl_ws_send}: from a CONNECT_ONLY loop, or inside a running transfer's callback. */
    public static CurlCode send(EasyHandle easy, ByteBuffer data, long fragsize, int flags) {
        if (data == null) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        WsSession s = easy.ws;
        boolean inTransfer = easy.wsConnection == null;
        if (s == null || inTransfer && (easy.transfer == null || easy.transfer.isCompleted())) {
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "[WS] No associated connection");
        }
        if (!inTransfer && easy.wsConnection.closed) {
            return fail(easy, CurlCode.CURLE_SEND_ERROR, "[WS] the connection is closed");
        }
        try {
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
        WsSession s = easy.ws;
        if (s == null || easy.wsConnection != null) {
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
        WsSession s = easy.ws;
        return s == null ? null : s.frame();
    }

    private static void closeBroken(EasyHandle easy) {
        Connection c = easy.wsConnection;
        if (c != null && easy.wsEngine != null) {
            easy.wsEngine.closeConnection(c);
        }
    }

    private static CurlCode fail(EasyHandle easy, CurlCode code, String message) {
        easy.errorBuffer = message;
        return code;
    }
}
