package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.internal.conn.FilterException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Everything one TLS configuration needs, made once and shared by its connections: the
 * {@link SSLContext} (whose client session cache lets a later connection to the same host and
 * port resume the session instead of a full handshake), the trust material, the client
 * identity, the protocol versions, the cipher suites and the pins.
 */
final class TlsContext {
    private static final String[] VERSIONS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    private static final int MIN_DEFAULT = 6; // CURL_SSLVERSION_TLSv1_2
    private static final int MAX_LIMIT = 7; // CURL_SSLVERSION_TLSv1_3
    /** Verify results of full handshakes, by "host:port", for resumed sessions with verification off. */
    private static final int REMEMBERED = 1024;
    /**
     * Sessions kept per peer. The JDK caches one client session per (host, port) of the engine,
     * and a TLS 1.3 ticket resumes once (RFC 8446 section C.4): with a single entry, connections
     * opened together would all but one make a full handshake. So each peer gets this many
     * entries, told apart by the engine's port, which is advisory (only the cache uses it; SNI
     * and the checks use the host), and each new connection takes an entry that holds an unused
     * session when there is one, else one no live connection uses, as curl keeps several
     * tickets per peer. A TLS 1.2 session resumes any number of times and stays offered.
     */
    static final int SLOTS = 256;

    final TlsOptions options;
    final SSLContext ssl;
    final PeerVerifier verifier;
    final PinnedKeys pins;
    /** Whether {@link #ssl} is the application's (CURLOPT_SSL_CTX_FUNCTION): its trust managers judge the chain. */
    boolean custom;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final Map<String, Long> lastResult = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    private final Map<String, Slots> slots = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slots> eldest) {
            return size() > REMEMBERED;
        }
    };

    private static final byte FREE = 0;
    private static final byte IN_USE = 1;
    private static final byte READY = 2;
    private static final byte SHARED = 3;

    /** The state of a peer's cache entries: free, used by a live connection, holding a session once or for all. */
    private static final class Slots {
        byte[] state = new byte[8];
        int next;
    }

    private TlsContext(TlsOptions options, SSLContext ssl, PeerVerifier verifier, PinnedKeys pins, String[] protocols,
            String[] cipherSuites) {
        this.options = options;
        this.ssl = ssl;
        this.verifier = verifier;
        this.pins = pins;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    static TlsContext create(TlsOptions o, CurlEasy creator) throws FilterException {
        String[] protocols = protocols(o.sslVersion);
        PeerVerifier verifier = PeerVerifier.create(o);
        ClientIdentity identity = o.sslCert == null ? null : ClientIdentity.load(o);
        KeyManager[] km = {new ClientKeys(identity, verifier)};
        PinnedKeys pins = o.pinnedPublicKey == null ? null : PinnedKeys.parse(o.pinnedPublicKey);
        SSLContext ssl;
        try {
            ssl = SSLContext.getInstance("TLS");
            ssl.init(km, new TrustManager[] {verifier}, null);
        } catch (GeneralSecurityException e) {
            throw new FilterException(CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS: cannot set up the JDK's TLS: " + e, e);
        }
        boolean custom = false;
        if (o.sslCtxFunction != null) {
            SSLContext given;
            try {
                given = o.sslCtxFunction.sslCtx(creator, ssl, o.sslCtxData);
            } catch (RuntimeException e) {
                throw new FilterException(CurlCode.CURLE_ABORTED_BY_CALLBACK, "the SSL context callback failed: " + e, e);
            }
            if (given != null && given != ssl) {
                ssl = given;
                custom = true;
            }
        }
        SSLParameters supported = ssl.getSupportedSSLParameters();
        List<String> enabled = new ArrayList<>();
        List<String> have = Arrays.asList(supported.getProtocols());
        for (String p : protocols) {
            if (have.contains(p)) {
                enabled.add(p);
            }
        }
        if (enabled.isEmpty()) {
            throw new FilterException(CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS: this JDK has none of the versions "
                    + String.join(", ", protocols));
        }
        String[] suites = CipherSuites.select(o.cipherList, o.tls13Ciphers, supported.getCipherSuites(),
                ssl.getDefaultSSLParameters().getCipherSuites());
        TlsContext made = new TlsContext(o, ssl, verifier, pins, enabled.toArray(new String[0]), suites);
        made.custom = custom;
        return made;
    }

    /**
     * The protocol versions {@code CURLOPT_SSLVERSION} allows: its low 16 bits are the minimum
     * ({@code CURL_SSLVERSION_*}: 0 is TLS 1.2 as in curl 8.16, 1 is TLS 1.0), the high bits the
     * maximum ({@code CURL_SSLVERSION_MAX_*}: 0 and MAX_DEFAULT are TLS 1.3).
     */
    static String[] protocols(long sslVersion) {
        int min = (int) (sslVersion & 0xffff);
        int max = (int) ((sslVersion >>> 16) & 0xffff);
        if (min == 0) {
            min = MIN_DEFAULT;
        } else if (min == 1) {
            min = 4;
        }
        if (max <= 1) {
            max = MAX_LIMIT;
        }
        List<String> out = new ArrayList<>();
        for (int v = Math.max(min, 4); v <= Math.min(max, MAX_LIMIT); v++) {
            out.add(VERSIONS[v - 4]);
        }
        return out.toArray(new String[0]);
    }

    /** A cache entry for a new connection to host:port: one holding an unused session if any. */
    synchronized int takeSlot(String host, int port) {
        Slots s = slots.computeIfAbsent(host + ":" + port, k -> new Slots());
        byte[] st = s.state;
        int free = -1;
        int shared = -1;
        for (int i = 0; i < st.length; i++) {
            if (st[i] == READY) {
                st[i] = IN_USE;
                return i;
            }
            if (st[i] == SHARED && shared < 0) {
                shared = i;
            } else if (st[i] == FREE && free < 0) {
                free = i;
            }
        }
        if (shared >= 0) {
            return shared;
        }
        if (free < 0 && st.length < SLOTS) {
            free = st.length;
            s.state = java.util.Arrays.copyOf(st, st.length * 2);
        }
        if (free >= 0) {
            s.state[free] = IN_USE;
            return free;
        }
        int i = s.next; // every entry in use: share one
        s.next = (i + 1) % st.length;
        return i;
    }

    /**
     * The JDK cached a resumable session under this entry: a TLS 1.3 ticket arrived (good for
     * one resumption), or a TLS 1.2 handshake ended ({@code reusable}: good for any number).
     */
    synchronized void sessionReady(String host, int port, int slot, boolean reusable) {
        Slots s = slots.get(host + ":" + port);
        if (s != null && slot < s.state.length) {
            s.state[slot] = reusable ? SHARED : READY;
        }
    }

    /** The connection that took this entry closed without leaving a session in it. */
    synchronized void slotReleased(String host, int port, int slot) {
        Slots s = slots.get(host + ":" + port);
        if (s != null && slot < s.state.length && s.state[slot] == IN_USE) {
            s.state[slot] = FREE;
        }
    }

    /**
     * A client engine for one connection: SNI for names only, ALPN offered, no JDK host check
     * (the filter does it), the session cache entry {@code slot} of the peer.
     */
    SSLEngine engine(String host, int port, int slot) {
        SSLEngine e = ssl.createSSLEngine(host, slot == 0 ? port : port | slot << 16);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(protocols);
        if (cipherSuites != null) {
            p.setCipherSuites(cipherSuites);
        }
        if (options.alpn) {
            p.setApplicationProtocols(options.h2 ? new String[] {"h2", "http/1.1"} : new String[] {"http/1.1"});
        }
        p.setEndpointIdentificationAlgorithm(null);
        String name = HostnameMatcher.normalize(host);
        if (HostnameMatcher.ipLiteral(name) != null) {
            p.setServerNames(List.of()); // RFC 6066 section 3: no SNI for an address
        } else {
            try {
                p.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAHostName) {
                p.setServerNames(List.of());
            }
        }
        e.setSSLParameters(p);
        return e;
    }

    /**
     * The client's key manager: offers the identity if there is one, and tells the connection
     * that the server asked for a certificate, so that a refusal can be named for what it is.
     */
    private static final class ClientKeys extends X509ExtendedKeyManager {
        private final ClientIdentity identity;
        private final PeerVerifier verifier;

        ClientKeys(ClientIdentity identity, PeerVerifier verifier) {
            this.identity = identity;
            this.verifier = verifier;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            TlsFilter f = verifier.filterFor(engine);
            if (f != null) {
                f.clientCertificateRequested(identity != null);
            }
            return identity == null ? null : identity.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return identity == null ? null : identity.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return identity == null ? null : identity.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return identity == null ? null : identity.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity == null ? null : identity.getPrivateKey(alias);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    synchronized void rememberResult(String host, int port, long result) {
        lastResult.put(host + ":" + port, result);
    }

    synchronized long rememberedResult(String host, int port) {
        Long r = lastResult.get(host + ":" + port);
        return r == null ? PeerVerifier.OK : r;
    }
}
