package dev.hiper.internal.cookie;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.internal.share.ShareData;
import dev.hiper.internal.url.CurlUrl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An easy handle's cookie engine, libcurl's way: off until {@code CURLOPT_COOKIEFILE} (any
 * name, "" included), {@code CURLOPT_COOKIEJAR} or a {@code CURLOPT_COOKIELIST} line turns it
 * on. Lifecycle: 1. the options ({@link #addFile}, {@link #setJar}, {@link #setSession},
 * {@link #command}); 2. {@link #start()} when a transfer starts: the files are read (Netscape
 * lines or {@code Set-Cookie:} lines), then cookies come from responses ({@link #fromResponse})
 * and go with requests ({@link #requestLine}); 3. {@link #flush()} at the handle's cleanup (and
 * on {@code "FLUSH"}) writes the jar.
 *
 * <p>Limits as libcurl's: a {@code Set-Cookie} value of at most 5000 bytes, name and value 4096,
 * 50 cookies taken from one response, 150 sent in one request, a {@code Cookie} line under 8190
 * bytes, no expiry more than 400 days ahead.
 */
public final class CookieEngine {
    /** libcurl's MAX_SET_COOKIE_AMOUNT. */
    static final int MAX_FROM_RESPONSE = 50;
    /** libcurl's MAX_COOKIE_HEADER_LEN. */
    static final int MAX_LINE = 8190;

    /** The cookies: made when the first one comes (or an option needs it); null until then. */
    private CookieStore store;
    /** Whether a transfer started: what a store made now starts with as {@code running}. */
    private boolean started;
    /** The share whose jar {@link #store} is, or null; {@link #lockUser} is the handle for its lock callbacks. */
    private ShareData share;
    private CurlEasy lockUser;
    private boolean enabled;
    /** CURLOPT_COOKIEFILE, every name given (read at each transfer's start, "-" for stdin). */
    private List<String> files = List.of();
    /** CURLOPT_COOKIEJAR. */
    private String jar;
    /** CURLOPT_COOKIESESSION. */
    private boolean session;
    private int fromThisResponse;

    /** A cookie jar that the handles of a share use together ({@code CURL_LOCK_DATA_COOKIE}). */
    public static final class SharedJar {
        final CookieStore store = new CookieStore();
    }

    /**
     * The handle joins a share's jar (its own cookies are dropped, as libcurl drops them) and the
     * engine is on; with a null {@code jar} it leaves it for an empty jar of its own, and the
     * engine is on again only once a file or a jar is named.
     */
    public void useShared(SharedJar jar, ShareData share, CurlEasy user) {
        if (jar == null) {
            store = null; // an empty jar of its own, made when needed
            started = false;
            this.share = null;
            lockUser = null;
            enabled = this.jar != null || !files.isEmpty();
            return;
        }
        store = jar.store;
        this.share = share;
        lockUser = user;
        enabled = true;
    }

    private CookieStore store() {
        if (store == null) {
            store = new CookieStore();
            store.running = started;
        }
        return store;
    }

    private void lock(boolean change) {
        if (share != null) {
            share.lock(lockUser, ShareData.COOKIE, change);
        }
    }

    private void unlock() {
        if (share != null) {
            share.unlock(lockUser, ShareData.COOKIE);
        }
    }

    /** Copies the options (not the cookies) into {@code to}, as duphandle and reset do. */
    public void copyOptionsTo(CookieEngine to) {
        to.files = files.isEmpty() ? List.of() : new ArrayList<>(files);
        to.jar = jar;
        to.session = session;
        to.enabled |= enabled && (to.files.size() > 0 || to.jar != null);
    }

    /** CURLOPT_COOKIEFILE: one more file to read; null forgets the files and every cookie and turns the engine off. */
    public void addFile(String file) {
        if (file == null) {
            files = List.of();
            lock(true);
            try {
                store().clearAll();
            } finally {
                unlock();
            }
            enabled = false;
            return;
        }
        if (files.isEmpty()) {
            files = new ArrayList<>();
        }
        files.add(file);
    }

    /** CURLOPT_COOKIEJAR: where {@link #flush()} writes; turns the engine on. */
    public void setJar(String file) {
        jar = file;
        if (file != null) {
            enabled = true;
        }
    }

    /** CURLOPT_COOKIESESSION: session cookies in the files are not read. */
    public void setSession(boolean on) {
        session = on;
    }

    /**
     * CURLOPT_COOKIELIST: "ALL" forgets every cookie, "SESS" the session cookies, "FLUSH" writes
     * the jar, "RELOAD" reads the files again; anything else is one cookie, a
     * {@code Set-Cookie:} line or a Netscape line, and turns the engine on.
     */
    public CurlCode command(String cmd, long now) {
        lock(true);
        try {
            return commandUnlocked(cmd, now);
        } finally {
            unlock();
        }
    }

    private CurlCode commandUnlocked(String cmd, long now) {
        if (cmd == null) {
            return CurlCode.CURLE_OK;
        }
        if (cmd.equalsIgnoreCase("ALL")) {
            store().clearAll();
        } else if (cmd.equalsIgnoreCase("SESS")) {
            store().clearSession();
        } else if (cmd.equalsIgnoreCase("FLUSH")) {
            flush();
        } else if (cmd.equalsIgnoreCase("RELOAD")) {
            load(false, now);
        } else {
            if (cmd.length() > 8_000_000) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT; // libcurl's CURL_MAX_INPUT_LENGTH
            }
            enabled = true;
            addLine(cmd, false, now);
        }
        return CurlCode.CURLE_OK;
    }

    /** A line of a file or the cookie list: a {@code Set-Cookie:} line or a Netscape line. */
    private void addLine(String line, boolean checkSuffix, long now) {
        Cookie co;
        if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
            co = CookieParser.fromHeader(CookieParser.trimBlanks(line.substring(11)), null, null, true, true, now);
        } else {
            co = CookieParser.fromNetscape(line);
        }
        if (co != null) {
            store().add(co, null, true, checkSuffix, false, now);
        }
    }

    /** A transfer starts: the files are read, and from now on cookies come from responses. */
    public void start(long now) {
        lock(true);
        try {
            startUnlocked(now);
        } finally {
            unlock();
        }
    }

    private void startUnlocked(long now) {
        if (!files.isEmpty()) {
            enabled = true;
            load(true, now);
        }
        if (store != null) {
            store.running = true;
        }
        started = true;
    }

    private void load(boolean checkSuffix, long now) {
        store().newSession = session;
        store().running = false;
        for (String f : files) {
            readFile(f, checkSuffix, now);
        }
        store().removeExpired(now);
        store().running = true;
    }

    private void readFile(String file, boolean checkSuffix, long now) {
        if (file.isEmpty()) {
            return;
        }
        try {
            InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            try {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.length() <= CookieParser.MAX_LINE) {
                        addLine(line, checkSuffix, now);
                    }
                }
            } finally {
                if (in != System.in) {
                    r.close();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // libcurl warns and goes on without the file
        }
    }

    /** Whether the engine is on (cookies are taken from responses and sent). */
    public boolean enabled() {
        return enabled;
    }

    /** A response starts: up to 50 of its cookies are taken. */
    public void responseStarted() {
        fromThisResponse = 0;
    }

    /**
     * The host cookies are matched against: the application's {@code Host} line without its
     * port when it sets one (libcurl's cookiehost), else the URL's host.
     */
    public static String cookieHost(CurlUrl url, String customHost) {
        if (customHost == null || customHost.isEmpty()) {
            return url.host();
        }
        String h = customHost;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(1, end) : h.substring(1);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        return h;
    }

    /** A {@code Set-Cookie} field of a response to {@code url}; {@code host} is {@link #cookieHost}'s. */
    public void fromResponse(String value, CurlUrl url, String host, long now) {
        lock(true);
        try {
            fromResponseUnlocked(value, url, host, now);
        } finally {
            unlock();
        }
    }

    private void fromResponseUnlocked(String value, CurlUrl url, String host, long now) {
        if (!enabled || fromThisResponse >= MAX_FROM_RESPONSE) {
            return;
        }
        boolean secure = secureContext(url, host);
        Cookie co = CookieParser.fromHeader(value, host, url.path(), secure, false, now);
        if (co != null && store().add(co, host, secure, true, true, now)) {
            fromThisResponse++;
        }
    }

    /**
     * The {@code Cookie} line of a request to {@code url} (without the line end), or null:
     * the engine's matching cookies, then {@code extra} (CURLOPT_COOKIE) unless the line grew
     * too long. {@code trace} hears why a cookie was left out.
     */
    public String requestLine(CurlUrl url, String host, String extra, long now, Consumer<String> trace) {
        lock(false);
        try {
            return requestLineUnlocked(url, host, extra, now, trace);
        } finally {
            unlock();
        }
    }

    private String requestLineUnlocked(CurlUrl url, String host, String extra, long now, Consumer<String> trace) {
        StringBuilder sb = null;
        boolean capped = false;
        if (enabled && store != null && store.size() > 0) {
            int len = 8; // "Cookie: "
            for (Cookie co : store().forRequest(host, url.path(), secureContext(url, host), now)) {
                int add = co.name.length() + co.value.length() + 1;
                if (len + add >= MAX_LINE) {
                    trace.accept("Restricted outgoing cookies due to header size, '" + co.name + "' not sent");
                    capped = true;
                    break;
                }
                sb = sb == null ? new StringBuilder("Cookie: ") : sb.append("; ");
                sb.append(co.name).append('=').append(co.value);
                len += add + (len > 8 ? 2 : 0);
            }
        }
        if (extra != null && !capped) {
            sb = sb == null ? new StringBuilder("Cookie: ") : sb.append("; ");
            sb.append(extra);
        }
        return sb == null ? null : sb.toString();
    }

    /** libcurl's secure context: https, or a loopback host. */
    static boolean secureContext(CurlUrl url, String h) {
        return url.scheme().equals("https") || h.equalsIgnoreCase("localhost") || h.equals("127.0.0.1")
                || h.equals("::1");
    }

    /** CURLINFO_COOKIELIST: every cookie as a Netscape line. */
    public List<String> list(long now) {
        lock(false);
        try {
            return store().lines(false, now);
        } finally {
            unlock();
        }
    }

    /** Writes the jar (CURLOPT_COOKIEJAR) when one is set and a transfer ran: "-" is stdout. */
    public void flush() {
        lock(false);
        try {
            flushUnlocked();
        } finally {
            unlock();
        }
    }

    private void flushUnlocked() {
        if (jar == null || !(store != null ? store.running : started)) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        StringBuilder sb = new StringBuilder("# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n"
                + "# This file was generated by libcurl! Edit at your own risk.\n\n");
        for (String line : store().lines(true, now)) {
            sb.append(line).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            if (jar.equals("-")) {
                PrintStream out = System.out;
                out.write(bytes);
                out.flush();
                return;
            }
            Path target = Path.of(jar);
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                o.write(bytes);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // libcurl: "WARNING: failed to save cookies in FILE"; the cleanup goes on
        }
    }

    /** For tests: the number of cookies held. */
    int size() {
        return store == null ? 0 : store.size();
    }

}
