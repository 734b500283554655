package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlEasy;
import java.net.Authenticator;
import java.net.MalformedURLException;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy's 407 answered from the client's {@link Authenticator}, by the JDK client's rules:
 *
 * <ol>
 *   <li>Only a request the proxy forwards ({@code http://} through an HTTP proxy) is answered; a
 *       CONNECT tunnel's 407 is not (the JDK's client disables Basic for tunnels by default,
 *       {@code jdk.http.auth.tunneling.disabledSchemes=Basic}).
 *   <li>Only a {@code Basic} challenge is answered, unless the system property
 *       {@code jdk.http.auth.proxying.disabledSchemes} names Basic.
 *   <li>The authenticator is asked with the proxy's host and port, protocol {@code "http"}, the
 *       challenge's realm, scheme {@code "basic"}, the request's URL and
 *       {@link Authenticator.RequestorType#PROXY}; the request goes again with
 *       {@code Proxy-Authorization: Basic} ({@code CURLOPT_PROXYUSERNAME},
 *       {@code CURLOPT_PROXYPASSWORD}, {@code CURLOPT_PROXYAUTH}).
 *   <li>Credentials the proxy took are kept per proxy and sent at once by later requests through
 *       it; credentials it refused are forgotten.
 * </ol>
 */
final class ProxyAuth {
    private static final Pattern BASIC_REALM =
            Pattern.compile("(?i)(?:^|,)\\s*basic(?:\\s+.*?realm=\"([^\"]*)\")?");

    /** Credentials each proxy ({@code http://host:port}) took. */
    private final Map<String, PasswordAuthentication> taken = new ConcurrentHashMap<>();

    /** Whether Basic may answer a proxy that forwards, as the JDK's client decides it. */
    static boolean basicAllowed() {
        String disabled = System.getProperty("jdk.http.auth.proxying.disabledSchemes", "");
        for (String s : disabled.split(",")) {
            if (s.trim().equalsIgnoreCase("basic")) {
                return false;
            }
        }
        return true;
    }

    /** The realm of the first Basic challenge among {@code headers}' {@code name} lines, "" if it names none; null without one. */
    static String basicRealm(HttpHeaders headers, String name) {
        for (String challenge : headers.allValues(name)) {
            Matcher m = BASIC_REALM.matcher(challenge);
            if (m.find()) {
                return m.group(1) == null ? "" : m.group(1);
            }
        }
        return null;
    }

    /** Credentials that {@code proxy} took before, or null. */
    PasswordAuthentication taken(String proxy) {
        return taken.get(proxy);
    }

    /** {@code proxy} took {@code pa}. */
    void took(String proxy, PasswordAuthentication pa) {
        taken.put(proxy, pa);
    }

    /** {@code proxy} refused {@code pa}. */
    void refused(String proxy, PasswordAuthentication pa) {
        taken.remove(proxy, pa);
    }

    /** Asks {@code auth} for {@code proxy}'s credentials ({@code proxy} is {@code http://host:port}). */
    static PasswordAuthentication ask(Authenticator auth, String proxy, HttpRequest sent, String realm)
            throws MalformedURLException {
        URI p = URI.create(proxy);
        String host = p.getHost();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return auth.requestPasswordAuthenticationInstance(host, null, p.getPort(), "http", realm,
                "basic", sent.uri().toURL(), Authenticator.RequestorType.PROXY);
    }

    /** Sends {@code pa} to the proxy with Basic. */
    static void apply(CurlEasy easy, PasswordAuthentication pa) throws java.io.IOException {
        EasyRequest.set(easy, CURLOPT_PROXYUSERNAME, pa.getUserName());
        EasyRequest.set(easy, CURLOPT_PROXYPASSWORD, new String(pa.getPassword()));
        EasyRequest.set(easy, CURLOPT_PROXYAUTH, CURLAUTH_BASIC);
    }

    /** Whether a request to {@code uri} through {@code proxy} is forwarded (not tunnelled). */
    static boolean forwarded(String proxy, URI uri) {
        return !proxy.isEmpty() && "http".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    }
}
