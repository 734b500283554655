package dev.hiper.internal.jdk;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link WebSocket.Builder} of a {@code HiperHttpClient}: headers, a connect timeout and
 * sub-protocols, checked as the JDK's builder checks them (a bad value is an
 * {@link IllegalArgumentException} in the returned future, a null one a
 * {@link NullPointerException} at once).
 */
public final class WsBuilder implements WebSocket.Builder {
    /** Headers the opening handshake owns: the application may not set them. */
    private static final Set<String> OWN = Set.of("sec-websocket-accept", "sec-websocket-extensions",
            "sec-websocket-key", "sec-websocket-protocol", "sec-websocket-version", "connection", "upgrade", "host",
            "content-length", "expect");

    private final ClientCore client;
    private final List<String> headers = new ArrayList<>();
    private final List<String> protocols = new ArrayList<>();
    private Duration connectTimeout;
    private String problem;

    public WsBuilder(ClientCore client) {
        this.client = client;
    }

    @Override
    public WebSocket.Builder header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (OWN.contains(name.toLowerCase(Locale.ROOT))) {
            problem = "Illegal header: " + name;
        } else if (!token(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            problem = "Illegal header: " + name;
        }
        headers.add(name + ": " + value);
        return this;
    }

    @Override
    public WebSocket.Builder connectTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Invalid duration: " + timeout);
        }
        connectTimeout = timeout;
        return this;
    }

    @Override
    public WebSocket.Builder subprotocols(String mostPreferred, String... lesserPreferred) {
        Objects.requireNonNull(mostPreferred, "mostPreferred");
        Objects.requireNonNull(lesserPreferred, "lesserPreferred");
        protocols.clear();
        protocols.add(mostPreferred);
        for (String p : lesserPreferred) {
            protocols.add(Objects.requireNonNull(p, "lesserPreferred"));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String p : protocols) {
            if (!token(p) || !seen.add(p.toLowerCase(Locale.ROOT))) {
                problem = "Invalid subprotocol: " + p;
            }
        }
        return this;
    }

    @Override
    public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(listener, "listener");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid URI scheme: " + scheme));
        }
        if (uri.getFragment() != null || uri.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid URI: " + uri));
        }
        if (problem != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        List<String> lines = new ArrayList<>(headers);
        if (!protocols.isEmpty()) {
            lines.add("Sec-WebSocket-Protocol: " + String.join(", ", protocols));
        }
        return new JdkWebSocket(client, listener).start(uri, lines, connectTimeout);
    }

    /** RFC 7230 token: visible characters but separators. */
    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
