package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlEasy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.MalformedURLException;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy's 407 answered from the client's {@link Authenticator}, by the JDK client's rules:
 *
 * <ol>
 *   <li>A request the proxy forwards ({@code http://} through an HTTP proxy) and a CONNECT
 *       tunnel ({@code https://}) are both answered, each unless its system property names
 *       Basic: {@code jdk.http.auth.proxying.disabledSchemes} for the first,
 *       {@code jdk.http.auth.tunneling.disabledSchemes} for tunnels. As in the JDK's client,
 *       each is read once, when this class loads (as the first client makes its
 *       instance), from the system properties or else from
 *       {@code $JAVA_HOME/conf/net.properties}, whose default disables Basic for tunnels.
 *   <li>Only a {@code Basic} challenge is answered.
 *   <li>The authenticator is asked with the proxy's host and port, protocol {@code "http"}, the
 *       challenge's realm, scheme {@code "basic"}, the request's URL and
 *       {@link Authenticator.RequestorType#PROXY}; the request goes again with
 *       {@code Proxy-Authorization: Basic} ({@code CURLOPT_PROXYUSERNAME},
 *       {@code CURLOPT_PROXYPASSWORD}, {@code CURLOPT_PROXYAUTH}; hiper sends it on the CONNECT
 *       for a tunnel).
 *   <li>Credentials the proxy took are kept per proxy and URL scheme (forwarding and tunnelling
 *       apart, as the JDK's client keeps them) and sent at once by later requests through it;
 *       credentials it refused are forgotten.
 * </ol>
 */
final class ProxyAuth {
    private static final Pattern BASIC_REALM =
            Pattern.compile("(?i)(?:^|,)\\s*basic(?:\\s+.*?realm=\"([^\"]*)\")?");

    /** Whether Basic is disabled for a proxy that forwards ({@code jdk.http.auth.proxying.disabledSchemes}). */
    private static final boolean PROXYING_BASIC_DISABLED = namesBasic("jdk.http.auth.proxying.disabledSchemes");
    /** Whether Basic is disabled for a CONNECT tunnel ({@code jdk.http.auth.tunneling.disabledSchemes}). */
    private static final boolean TUNNELING_BASIC_DISABLED = namesBasic("jdk.http.auth.tunneling.disabledSchemes");

    /** Credentials each proxy and scheme ({@code http://host:port https}) took. */
    private final Map<String, PasswordAuthentication> taken = new ConcurrentHashMap<>();

    /**
     * Whether the networking property {@code name} names Basic: the system property, else the
     * JDK's {@code conf/net.properties} (where the JDK's client reads it too), split at commas.
     */
    private static boolean namesBasic(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            Path file = Path.of(System.getProperty("java.home"), "conf", "net.properties");
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
                value = p.getProperty(name);
            } catch (IOException | RuntimeException e) {
                value = null; // no such file: nothing is disabled
            }
        }
        if (value == null) {
            return false;
        }
        for (String s : value.split(",")) {
            if (s.trim().equalsIgnoreCase("basic")) {
                return true;
            }
        }
        return false;
    }

    /** Whether Basic may answer a proxy for a request to {@code uri}: tunnelled for https, forwarded else. */
    static boolean basicAllowed(URI uri) {
        return tunnelled(uri) ? !TUNNELING_BASIC_DISABLED : !PROXYING_BASIC_DISABLED;
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

    /** Credentials that {@code proxy} took before for requests to {@code uri}'s scheme, or null. */
    PasswordAuthentication taken(String proxy, URI uri) {
        return taken.get(key(proxy, uri));
    }

    /** {@code proxy} took {@code pa} for a request to {@code uri}. */
    void took(String proxy, URI uri, PasswordAuthentication pa) {
        taken.put(key(proxy, uri), pa);
    }

    /** {@code proxy} refused {@code pa} for a request to {@code uri}. */
    void refused(String proxy, URI uri, PasswordAuthentication pa) {
        taken.remove(key(proxy, uri), pa);
    }

    private static String key(String proxy, URI uri) {
        return proxy + " " + uri.getScheme().toLowerCase(Locale.ROOT);
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
    static void apply(CurlEasy easy, PasswordAuthentication pa) throws IOException {
        EasyRequest.set(easy, CURLOPT_PROXYUSERNAME, pa.getUserName());
        EasyRequest.set(easy, CURLOPT_PROXYPASSWORD, new String(pa.getPassword()));
        EasyRequest.set(easy, CURLOPT_PROXYAUTH, CURLAUTH_BASIC);
    }

    /** Whether a request to {@code uri} through {@code proxy} is forwarded (not tunnelled). */
    static boolean forwarded(String proxy, URI uri) {
        return !proxy.isEmpty() && !tunnelled(uri);
    }

    /** Whether a request to {@code uri} through a proxy goes through a CONNECT tunnel. */
    static boolean tunnelled(URI uri) {
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    }
}
