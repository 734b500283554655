package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.*;

import dev.hiper.internal.conn.AddressText;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS handshake, as a pure state machine: {@link #output()} says what to
 * send, {@link #feed} takes the proxy's bytes in any split, {@link #done()} says when the tunnel
 * is open. SOCKS4 (the origin's IPv4 address), SOCKS4a (its name), SOCKS5 per RFC 1928 with no
 * authentication or user and password per RFC 1929, naming the origin by address or (SOCKS5h) by
 * name. A failure is a {@link Failure} with libcurl's {@code CURLPX_*} reason and its message.
 */
public final class SocksHandshake {
    /** A failed handshake: the {@code CURLPX_*} reason and the error-buffer text. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        public final long reason;

        public Failure(long reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private enum Step { S4_REPLY, S5_METHOD, S5_AUTH, S5_REPLY_HEAD, S5_REPLY_REST, DONE }

    private final boolean v5;
    private final String host;
    private final int port;
    private final byte[] address;
    private final String user;
    private final String password;
    private Step step;
    /** The bytes to send next (read mode). */
    private ByteBuffer out;
    /** What the current step has read so far, and how much it needs. */
    private final byte[] in = new byte[4 + 1 + 255 + 2];
    private int have;
    private int need;

    /**
     * @param type {@code CURLPROXY_SOCKS4}, {@code 4A}, {@code 5} or {@code 5_HOSTNAME}
     * @param host the origin's name
     * @param port the origin's port
     * @param address the origin's address (4 or 16 bytes) when resolved here, else null
     */
    public SocksHandshake(long type, String host, int port, byte[] address, String user, String password)
            throws Failure {
        this.v5 = type == CURLPROXY_SOCKS5 || type == CURLPROXY_SOCKS5_HOSTNAME;
        this.host = host;
        this.port = port;
        this.address = address;
        this.user = user;
        this.password = password;
        if (v5) {
            out = ByteBuffer.wrap(user != null ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
            expect(Step.S5_METHOD, 2);
        } else {
            out = ByteBuffer.wrap(socks4Request(type == CURLPROXY_SOCKS4A));
            expect(Step.S4_REPLY, 8);
        }
    }

    /** The bytes to send now (empty when waiting for the proxy); the caller advances its position. */
    public ByteBuffer output() {
        return out;
    }

    public boolean done() {
        return step == Step.DONE;
    }

    /** Whether the step waits for bytes from the proxy (everything to send has gone). */
    public boolean wantsInput() {
        return step != Step.DONE && !out.hasRemaining();
    }

    /** What a close by the proxy in the middle means. */
    public Failure closed() {
        return new Failure(CURLPX_RECV_CONNECT, "Failed to receive SOCKS response, proxy closed connection");
    }

    private void expect(Step s, int n) {
        step = s;
        have = 0;
        need = n;
    }

    private byte[] socks4Request(boolean socks4a) throws Failure {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        b.write(4);
        b.write(1);
        b.write(port >> 8);
        b.write(port);
        byte[] ip = address;
        if (!socks4a) {
            if (ip == null || ip.length != 4) {
                throw new Failure(CURLPX_RESOLVE_HOST, "SOCKS4 connection to " + host + " not supported");
            }
            b.writeBytes(ip);
        } else {
            b.writeBytes(new byte[] {0, 0, 0, 1}); // 0.0.0.x: the name follows (SOCKS4a)
        }
        if (user != null) {
            byte[] u = user.getBytes(StandardCharsets.UTF_8);
            if (u.length > 255) {
                throw new Failure(CURLPX_LONG_USER, "Too long SOCKS proxy username");
            }
            b.writeBytes(u);
        }
        b.write(0);
        if (socks4a) {
            byte[] h = host.getBytes(StandardCharsets.UTF_8);
            if (h.length > 255) {
                throw new Failure(CURLPX_LONG_HOSTNAME, "SOCKS4: too long hostname");
            }
            b.writeBytes(h);
            b.write(0);
        }
        return b.toByteArray();
    }

    private byte[] socks5Auth() throws Failure {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        if (u.length > 255) {
            throw new Failure(CURLPX_LONG_USER, "Excessive username length for proxy auth");
        }
        if (p.length > 255) {
            throw new Failure(CURLPX_LONG_PASSWD, "Excessive password length for proxy auth");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(3 + u.length + p.length);
        b.write(1); // RFC 1929: the sub-negotiation's version
        b.write(u.length);
        b.writeBytes(u);
        b.write(p.length);
        b.writeBytes(p);
        return b.toByteArray();
    }

    private byte[] socks5Request() throws Failure {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        b.writeBytes(new byte[] {5, 1, 0});
        if (address != null) {
            b.write(address.length == 4 ? 1 : 4);
            b.writeBytes(address);
        } else {
            byte[] h = host.getBytes(StandardCharsets.UTF_8);
            if (h.length > 255) {
                throw new Failure(CURLPX_LONG_HOSTNAME,
                        "SOCKS5: the destination hostname is too long to be resolved remotely by the proxy.");
            }
            b.write(3);
            b.write(h.length);
            b.writeBytes(h);
        }
        b.write(port >> 8);
        b.write(port);
        return b.toByteArray();
    }

    /** Takes what the proxy sent from {@code src}; stops at the end of the handshake. */
    public void feed(ByteBuffer src) throws Failure {
        while (step != Step.DONE && src.hasRemaining()) {
            int n = Math.min(need - have, src.remaining());
            src.get(in, have, n);
            have += n;
            if (have == need) {
                advance();
            }
        }
    }

    private void advance() throws Failure {
        switch (step) {
            case S4_REPLY -> socks4Reply();
            case S5_METHOD -> {
                if (in[0] != 5) {
                    throw new Failure(CURLPX_BAD_VERSION, "Received invalid version in initial SOCKS5 response.");
                }
                int method = in[1] & 0xff;
                if (method == 0) {
                    out = ByteBuffer.wrap(socks5Request());
                    expect(Step.S5_REPLY_HEAD, 5);
                } else if (method == 2) {
                    if (user == null) {
                        throw new Failure(CURLPX_NO_AUTH, "BASIC authentication proposed but not enabled.");
                    }
                    out = ByteBuffer.wrap(socks5Auth());
                    expect(Step.S5_AUTH, 2);
                } else if (method == 0xff) {
                    throw new Failure(CURLPX_NO_AUTH, "No authentication method was acceptable.");
                } else {
                    throw new Failure(CURLPX_UNKNOWN_MODE, "Unknown SOCKS5 mode attempted to be used by server.");
                }
            }
            case S5_AUTH -> {
                if (in[1] != 0) {
                    throw new Failure(CURLPX_USER_REJECTED,
                            "User was rejected by the SOCKS5 server (" + (in[0] & 0xff) + " " + (in[1] & 0xff) + ").");
                }
                out = ByteBuffer.wrap(socks5Request());
                expect(Step.S5_REPLY_HEAD, 5);
            }
            case S5_REPLY_HEAD -> socks5ReplyHead();
            case S5_REPLY_REST -> step = Step.DONE;
            default -> {
            }
        }
    }

    private void socks4Reply() throws Failure {
        if (in[0] != 0) {
            throw new Failure(CURLPX_BAD_VERSION, "SOCKS4 reply has wrong version, version should be 0.");
        }
        int code = in[1] & 0xff;
        if (code == 90) {
            step = Step.DONE;
            return;
        }
        String where = "[SOCKS] cannot complete SOCKS4 connection to " + (in[4] & 0xff) + "." + (in[5] & 0xff) + "."
                + (in[6] & 0xff) + "." + (in[7] & 0xff) + ":" + (((in[2] & 0xff) << 8) | (in[3] & 0xff)) + ". ("
                + code + "), ";
        switch (code) {
            case 91 -> throw new Failure(CURLPX_REQUEST_FAILED, where + "request rejected or failed.");
            case 92 -> throw new Failure(CURLPX_IDENTD,
                    where + "request rejected because SOCKS server cannot connect to identd on the client.");
            case 93 -> throw new Failure(CURLPX_IDENTD_DIFFER,
                    where + "request rejected because the client program and identd report different user-ids.");
            default -> throw new Failure(CURLPX_UNKNOWN_FAIL, where + "Unknown.");
        }
    }

    /** The reply's version, code, reserved byte, address type and the address's first byte. */
    private void socks5ReplyHead() throws Failure {
        if (in[0] != 5) {
            throw new Failure(CURLPX_BAD_VERSION, "SOCKS5 reply has wrong version, version should be 5.");
        }
        int code = in[1] & 0xff;
        if (code != 0) {
            long[] reasons = {CURLPX_OK, CURLPX_REPLY_GENERAL_SERVER_FAILURE, CURLPX_REPLY_NOT_ALLOWED,
                CURLPX_REPLY_NETWORK_UNREACHABLE, CURLPX_REPLY_HOST_UNREACHABLE, CURLPX_REPLY_CONNECTION_REFUSED,
                CURLPX_REPLY_TTL_EXPIRED, CURLPX_REPLY_COMMAND_NOT_SUPPORTED,
                CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED};
            throw new Failure(code < reasons.length ? reasons[code] : CURLPX_REPLY_UNASSIGNED,
                    "cannot complete SOCKS5 connection to " + target() + ". (" + code + ")");
        }
        // the bound address: IPv4 4 bytes, IPv6 16, a name its length byte and itself; then the port
        int rest = switch (in[3]) {
            case 1 -> 4 - 1 + 2;
            case 4 -> 16 - 1 + 2;
            case 3 -> (in[4] & 0xff) + 2;
            default -> throw new Failure(CURLPX_BAD_ADDRESS_TYPE,
                    "SOCKS5 reply has wrong address type (" + (in[3] & 0xff) + ").");
        };
        expect(Step.S5_REPLY_REST, rest);
        if (rest == 0) {
            step = Step.DONE;
        }
    }

    private String target() {
        if (address == null) {
            return host + ":" + port;
        }
        try {
            String ip = AddressText.ipString(InetAddress.getByAddress(address));
            return (address.length == 16 ? "[" + ip + "]" : ip) + ":" + port;
        } catch (UnknownHostException e) {
            return host + ":" + port;
        }
    }
}
