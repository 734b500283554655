package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.*;

import dev.hiper.internal.auth.DigestAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The authentication of one side of a transfer, the server ({@code CURLOPT_HTTPAUTH},
 * {@code WWW-Authenticate}, {@code Authorization}) or the proxy ({@code CURLOPT_PROXYAUTH},
 * {@code Proxy-Authenticate}, {@code Proxy-Authorization}), as libcurl's auth state does it for
 * the schemes hiper has (Basic, Digest, Bearer; AWS V4 for the server, whose signature the
 * exchange makes since it covers the whole request):
 * <ol>
 *   <li>{@link #start} when the transfer starts: the schemes wanted;</li>
 *   <li>{@link #requestLine} for each request: a single wanted scheme is used from the first
 *       request on; several mean "ask first" (no credentials, or for Digest no nonce yet);</li>
 *   <li>{@link #challenge} with each challenge line of a 401 (a 407 for the proxy);</li>
 *   <li>{@link #act} once the response's head is in: whether the request goes again with the
 *       strongest scheme offered and wanted (Bearer, Digest, Basic: libcurl's order).</li>
 * </ol>
 * A challenge that refuses what was sent (Basic again, a Digest nonce without {@code stale=true})
 * is an authentication problem: no more tries in this transfer.
 */
public final class HttpAuth {
    /**
     * The most requests one transfer sends again for one side's challenges: a peer that keeps
     * answering {@code stale=true} ends as an authentication problem, not a loop.
     */
    public static final int MAX_ROUNDS = 10;

    /** The schemes hiper can answer a challenge with. */
    public static final long SUPPORTED = CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_DIGEST_IE | CURLAUTH_BEARER
            | CURLAUTH_AWS_SIGV4;

    private final boolean proxy;
    private final DigestAuth digest = new DigestAuth();
    private long want;
    private boolean ieStyle;
    private long picked;
    private long avail;
    /** Picked when no offered scheme could be used: nothing is sent any more (curl's PICKNONE). */
    private static final long PICK_NONE = 1L << 30;

    private boolean problem;
    private int rounds;
    /** The picked scheme went out complete (curl's "done"): no probe needed any more. */
    private boolean done;
    /** A scheme that needs a round trip first (Digest without a nonce) is picked (curl's "multipass"). */
    private boolean multipass;
    /** The last request line is an AWS V4 signature, which the exchange makes (it covers the whole request). */
    private boolean signs;

    /** The server's side of a transfer. */
    public HttpAuth() {
        this(false);
    }

    /** The proxy's side ({@code proxy}) or the server's. */
    public HttpAuth(boolean proxy) {
        this.proxy = proxy;
    }

    /**
     * The {@code CURLAUTH_*} mask an option asks for, as libcurl keeps it: Digest IE style is
     * Digest with a flag; the schemes hiper lacks are switched off. Returns -1 when nothing usable
     * is left (CURLE_NOT_BUILT_IN).
     */
    public static long usable(long mask) {
        if (mask != CURLAUTH_NONE && (mask & SUPPORTED) == 0) {
            return -1;
        }
        // the ONLY bit stays: with it a single scheme is still "ask first"
        return mask & (SUPPORTED | CURLAUTH_ONLY);
    }

    /** A new transfer: nothing picked, nothing offered yet, no nonce. */
    public void start(long wanted) {
        // Digest IE style is Digest with the query left out of the URI, as libcurl keeps it
        this.ieStyle = (wanted & CURLAUTH_DIGEST_IE) != 0;
        this.want = ieStyle ? (wanted | CURLAUTH_DIGEST) & ~CURLAUTH_DIGEST_IE : wanted;
        this.picked = 0;
        this.avail = 0;
        this.problem = false;
        this.rounds = 0;
        this.done = false;
        this.multipass = false;
        digest.reset();
    }

    /** The next request goes to another origin: a Digest nonce answers only the origin that gave it. */
    public void otherOrigin() {
        digest.reset();
    }

    /** No such side in this request (no proxy): nothing to authenticate. */
    public void notNeeded() {
        done = true;
        multipass = false;
    }

    /**
     * The authorization line of the next request ({@code Authorization:} or
     * {@code Proxy-Authorization:}), or null: one goes only when the picked scheme is exactly
     * one hiper can answer with the credentials given. {@code method} and {@code uri} are what a
     * Digest answer covers.
     */
    public String requestLine(String method, String uri, String user, String password, String bearer) {
        signs = false;
        if (user == null && password == null && bearer == null) {
            done = true; // no credentials: nothing to send, nothing to wait for (as libcurl)
            multipass = false;
            return null;
        }
        if (picked == 0) {
            picked = want;
        }
        String name = proxy ? "Proxy-Authorization: " : "Authorization: ";
        String line = null;
        boolean produced = false;
        signs = false;
        if (picked == CURLAUTH_AWS_SIGV4 && !proxy) {
            signs = true; // never for a proxy, as libcurl
            produced = true;
            done = true;
        } else if (picked == CURLAUTH_BASIC) {
            // as libcurl, an empty user with an empty password (http://@host/) is no credentials
            if (user != null && (!user.isEmpty() || password != null && !password.isEmpty())) {
                String creds = user + ":" + (password == null ? "" : password);
                line = name + "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
                produced = true;
            }
            done = true;
        } else if (picked == CURLAUTH_BEARER && !proxy) {
            if (bearer != null) {
                line = name + "Bearer " + bearer;
                produced = true;
            }
            done = true;
        } else if (picked == CURLAUTH_DIGEST) {
            String v = digest.authorization(method, uri, user, password, ieStyle);
            line = v == null ? null : name + v;
            done = v != null;
            produced = true;
        }
        multipass = produced && !done;
        return line;
    }

    /** Whether the last {@link #requestLine} picked AWS V4: the caller signs the request itself. */
    public boolean signsAwsV4() {
        return signs;
    }

    /**
     * Whether a request with a body goes as a probe without it (curl's "authneg"): a scheme that
     * needs a challenge first is picked and its answer is not made yet.
     */
    public boolean negotiating() {
        return multipass && !done;
    }

    /** A new response: its challenges are collected afresh. */
    public void newResponse() {
        avail = 0;
    }

    /** One challenge header value of a 401 (a 407 for the proxy): the schemes it offers, comma-separated. */
    public void challenge(String value) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && value.charAt(i) != ' ' && value.charAt(i) != '\t' && value.charAt(i) != ','
                    && value.charAt(i) != '=') {
                i++;
            }
            String token = value.substring(start, i).toLowerCase(Locale.ROOT);
            if (i < n && value.charAt(i) == '=') {
                token = ""; // a parameter of the previous challenge, not a scheme
            }
            long bit = switch (token) {
                case "basic" -> CURLAUTH_BASIC;
                case "bearer" -> CURLAUTH_BEARER;
                case "digest" -> CURLAUTH_DIGEST;
                case "ntlm" -> CURLAUTH_NTLM;
                case "negotiate" -> CURLAUTH_NEGOTIATE;
                default -> 0;
            };
            if (bit == CURLAUTH_DIGEST) {
                if ((avail & CURLAUTH_DIGEST) == 0 && digest.challenge(value.substring(i)) != null) {
                    // a challenge that cannot be answered, or a nonce refusing the last answer
                    problem = true;
                }
                avail |= bit; // a second Digest challenge in one response is ignored, as libcurl does
            } else if (bit != 0) {
                avail |= bit;
                if (picked == bit && (bit == CURLAUTH_BASIC || bit == CURLAUTH_BEARER)) {
                    // the server refused what was sent: the credentials do not work
                    problem = true;
                }
            }
            // skip to the next comma-separated item (parameters may hold quoted commas)
            boolean quoted = false;
            while (i < n && (quoted || value.charAt(i) != ',')) {
                if (value.charAt(i) == '"') {
                    quoted = !quoted;
                } else if (value.charAt(i) == '\\' && quoted) {
                    i++;
                }
                i++;
            }
        }
    }

    /**
     * After a response's head (libcurl's Curl_http_auth_act for one side): whether the request
     * goes again. {@code challenged}: the response is this side's 401 (407); {@code probe}: the
     * request was sent without its body while negotiating and got a 2xx (then it goes again with
     * the body, unless it was a GET or HEAD: {@code bodyless}).
     */
    public boolean act(boolean challenged, boolean haveCredentials, boolean probe, boolean bodyless) {
        if (problem) {
            return false;
        }
        if (haveCredentials && (challenged || probe)) {
            long pick = pick(avail & want);
            avail = 0;
            if (pick != 0 && ++rounds <= MAX_ROUNDS) {
                picked = pick;
                return true;
            }
            picked = PICK_NONE;
            problem = true;
        }
        if (probe && !done && !bodyless) {
            done = true; // no scheme needed after all: the request again, with its body
            return true;
        }
        return false;
    }

    private long pick(long offered) {
        if (!proxy && (offered & CURLAUTH_BEARER) != 0) {
            return CURLAUTH_BEARER;
        }
        if ((offered & CURLAUTH_DIGEST) != 0) {
            return CURLAUTH_DIGEST;
        }
        return (offered & CURLAUTH_BASIC) != 0 ? CURLAUTH_BASIC : 0;
    }

    /** Whether the credentials were refused or no offered scheme could be used (curl's "authproblem"). */
    public boolean problem() {
        return problem;
    }

    /** The {@code CURLAUTH_*} bits one challenge header value offers. */
    public static long offered(String value) {
        HttpAuth a = new HttpAuth();
        a.challenge(value);
        return a.avail;
    }

    /** The schemes the last 401 (407) offered ({@code CURLINFO_HTTPAUTH_AVAIL}). */
    public long available() {
        return avail;
    }

    /** The scheme the last request carried an answer of, or 0 ({@code CURLINFO_HTTPAUTH_USED}). */
    public long used() {
        return done && Long.bitCount(picked) == 1 ? picked : 0;
    }
}
