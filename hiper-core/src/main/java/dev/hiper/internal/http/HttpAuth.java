package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The server authentication of one transfer, as libcurl's http_auth does it for the schemes
 * hiper has (Basic and Bearer): the application wants one or more schemes
 * ({@code CURLOPT_HTTPAUTH}); a single one is used from the first request on; several
 * ({@code CURLAUTH_ANY}) mean "ask first": the request goes without credentials and a 401's
 * {@code WWW-Authenticate} challenges decide, the best scheme offered being picked for a second
 * request. A 401 to credentials already sent is an authentication problem: no more tries.
 */
public final class HttpAuth {
    /** The schemes hiper can answer a challenge with. */
    public static final long SUPPORTED = CURLAUTH_BASIC | CURLAUTH_BEARER;

    private long want;
    private long picked;
    private long avail;
    private boolean problem;

    /** A new transfer: nothing picked, nothing offered yet. */
    public void start(long want) {
        this.want = want;
        this.picked = 0;
        this.avail = 0;
        this.problem = false;
    }

    /**
     * The {@code Authorization} line of the next request, or null: libcurl sends one only when the
     * picked scheme is exactly one it can answer with the credentials given.
     */
    public String requestLine(String user, String password, String bearer) {
        if (picked == 0) {
            picked = want;
        }
        if (picked == CURLAUTH_BASIC && user != null) {
            String creds = user + ":" + (password == null ? "" : password);
            return "Authorization: Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
        }
        if (picked == CURLAUTH_BEARER && bearer != null) {
            return "Authorization: Bearer " + bearer;
        }
        return null;
    }

    /** A new response: its challenges are collected afresh. */
    public void newResponse() {
        avail = 0;
    }

    /** One {@code WWW-Authenticate} value of a 401: the schemes it offers, comma-separated. */
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
            if (bit != 0) {
                avail |= bit;
                if (picked == bit) {
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
     * After a 401's head: whether to send the request again with a scheme picked from the
     * challenges (the best offered, wanted and supported: Bearer before Basic, as libcurl
     * orders them), given credentials exist.
     */
    public boolean pickAfter401(boolean haveCredentials) {
        if (problem || !haveCredentials) {
            return false;
        }
        long usable = avail & want & SUPPORTED;
        long pick = (usable & CURLAUTH_BEARER) != 0 ? CURLAUTH_BEARER : (usable & CURLAUTH_BASIC) != 0 ? CURLAUTH_BASIC
                : 0;
        if (pick == 0 || pick == picked) {
            problem = true;
            return false;
        }
        picked = pick;
        return true;
    }

    /** The {@code CURLAUTH_*} bits one challenge header value offers (a proxy's 407). */
    public static long offered(String value) {
        HttpAuth a = new HttpAuth();
        a.challenge(value);
        return a.avail;
    }

    /** The schemes the last 401 offered ({@code CURLINFO_HTTPAUTH_AVAIL}). */
    public long available() {
        return avail;
    }
}
