package dev.hiper.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.auth.DigestChallenge.Algorithm;
import dev.hiper.internal.auth.DigestChallenge.Qop;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Digest answers checked on bytes against the examples of RFC 2617 and RFC 7616, and the state's rules. */
class DigestAuthTest {
    @Test
    void rfc2617Example() {
        DigestAuth d = new DigestAuth(() -> "0a4f113b");
        assertNull(d.challenge("realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        String h = d.authorization("GET", "/dir/index.html", "Mufasa", "Circle Of Life", false);
        assertEquals("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", cnonce=\"0a4f113b\", "
                + "nc=00000001, qop=auth, response=\"6629fae49393a05397450978507c4ef1\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", h);
    }

    private static final String RFC7616_CHALLENGE = "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void rfc7616Section391Md5() {
        DigestAuth d = new DigestAuth(() -> RFC7616_CNONCE);
        assertNull(d.challenge("algorithm=MD5, " + RFC7616_CHALLENGE));
        String h = d.authorization("GET", "/dir/index.html", "Mufasa", "Circle of Life", false);
        assertTrue(h.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""), h);
        assertTrue(h.endsWith(", algorithm=MD5"), h);
    }

    @Test
    void rfc7616Section391Sha256() {
        DigestAuth d = new DigestAuth(() -> RFC7616_CNONCE);
        assertNull(d.challenge("algorithm=SHA-256, " + RFC7616_CHALLENGE));
        String h = d.authorization("GET", "/dir/index.html", "Mufasa", "Circle of Life", false);
        assertEquals("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", cnonce=\""
                + RFC7616_CNONCE + "\", nc=00000001, qop=auth, "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", algorithm=SHA-256", h);
    }

    @Test
    void rfc7616Section392UserhashSha512256() {
        // section 3.9.2 as corrected by RFC 7616 erratum 4897: the user name hashed with the realm
        assertEquals("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b",
                DigestAuth.hex(Algorithm.SHA_512_256, "J\u00e4s\u00f8n Doe:api@example.org"));
        DigestAuth d = new DigestAuth(() -> "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v");
        assertNull(d.challenge("realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, "
                + "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true"));
        String h = d.authorization("GET", "/doe.json", "J\u00e4s\u00f8n Doe", "Secret, or not?", false);
        assertTrue(h.startsWith("Digest username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\""), h);
        assertTrue(h.endsWith(", algorithm=SHA-512-256, userhash=true"), h);
        assertTrue(h.contains("response=\"3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5\""), h);
    }

    @Test
    void curlTestCaseAnswersWithoutQop() {
        // curl's test 2058: SHA-256 without qop, the algorithm echoed after the response
        DigestAuth d = new DigestAuth();
        assertNull(d.challenge(" realm=\"testrealm\", algorithm=\"SHA-256\", nonce=\"1053604144\""));
        assertEquals("Digest username=\"auser\", realm=\"testrealm\", nonce=\"1053604144\", uri=\"/2058\", "
                + "response=\"fbed69f9f3fd304c8f1acb1a43eb32688b933c0e28055c16b926cbcec070aeed\", algorithm=SHA-256",
                d.authorization("GET", "/2058", "auser", "apasswd", false));
    }

    @Test
    void duplicatedParametersKeepTheLast() {
        // curl's test 1437
        DigestAuth d = new DigestAuth();
        assertNull(d.challenge("realm=\"testrealm\", algorithm=MD5, algorithm=MD5, nonce=1, nonce=2"));
        assertEquals("Digest username=\"testuser\", realm=\"testrealm\", nonce=\"2\", uri=\"/1437\", "
                + "response=\"4376eb639bf8e7343a6e7b56e1b89c4f\", algorithm=MD5",
                d.authorization("GET", "/1437", "testuser", "testpass", false));
    }

    @Test
    void nonceCountGoesUpPerUseAndStaleStartsAgain() {
        DigestAuth d = new DigestAuth(() -> "c");
        assertNull(d.challenge("realm=\"r\", nonce=\"n1\", qop=\"auth\""));
        assertTrue(d.authorization("GET", "/a", "u", "p", false).contains("nc=00000001"));
        assertTrue(d.authorization("GET", "/b", "u", "p", false).contains("nc=00000002"));
        // a new nonce with stale=true: the credentials were right, the count starts again
        assertNull(d.challenge("realm=\"r\", nonce=\"n2\", qop=\"auth\", stale=true"));
        String h = d.authorization("GET", "/a", "u", "p", false);
        assertTrue(h.contains("nonce=\"n2\"") && h.contains("nc=00000001"), h);
        // a new nonce without stale: refused
        assertNotNull(d.challenge("realm=\"r\", nonce=\"n3\", qop=\"auth\""));
        assertFalse(d.ready());
        assertNull(d.authorization("GET", "/a", "u", "p", false));
    }

    @Test
    void ieStyleDropsTheQueryAndQuotesAreEscaped() {
        DigestAuth d = new DigestAuth();
        assertNull(d.challenge("realm=\"test \\\"this\\\" realm!!\", nonce=\"1053604145\""));
        String h = d.authorization("GET", "/p?q=1", "us\"er", "pw", true);
        assertTrue(h.startsWith("Digest username=\"us\\\"er\", realm=\"test \\\"this\\\" realm!!\""), h);
        assertTrue(h.contains("uri=\"/p\""), h);
    }

    @Test
    void sessVariantHashesTheNonces() {
        String plain = DigestAuth.response(Algorithm.MD5, false, "u", "r", "p", "n", "c", 1, "auth", "GET", "/");
        String sess = DigestAuth.response(Algorithm.MD5, true, "u", "r", "p", "n", "c", 1, "auth", "GET", "/");
        String ha1 = DigestAuth.hex(Algorithm.MD5, DigestAuth.hex(Algorithm.MD5, "u:r:p") + ":n:c");
        assertEquals(DigestAuth.hex(Algorithm.MD5, ha1 + ":n:00000001:c:auth:" + DigestAuth.hex(Algorithm.MD5, "GET:/")),
                sess);
        assertFalse(plain.equals(sess));
        DigestChallenge c = DigestChallenge.parse("nonce=x, algorithm=SHA-256-sess, qop=auth-int");
        assertNull(c.problem());
        assertTrue(c.session());
        assertEquals(Algorithm.SHA_256, c.algorithm());
        assertEquals(Qop.AUTH_INT, c.qop());
    }

    @Test
    void authIntHashesTheEmptyBody() {
        DigestAuth d = new DigestAuth(() -> "c");
        assertNull(d.challenge("nonce=\"n\", realm=\"r\", qop=\"auth-int\""));
        String h = d.authorization("GET", "/", "u", "p", false);
        String ha2 = DigestAuth.hex(Algorithm.MD5, "GET:/:" + DigestAuth.hex(Algorithm.MD5, ""));
        String want = DigestAuth.hex(Algorithm.MD5, DigestAuth.hex(Algorithm.MD5, "u:r:p") + ":n:00000001:c:auth-int:"
                + ha2);
        assertTrue(h.contains("qop=auth-int, response=\"" + want + "\""), h);
    }

    @Test
    void challengesThatCannotBeAnswered() {
        assertNotNull(DigestChallenge.parse("realm=\"r\"").problem());
        assertNotNull(DigestChallenge.parse("nonce=1, algorithm=SHA-1").problem());
        assertNotNull(DigestChallenge.parse("nonce=1, algorithm=MD5-sess").problem());
        assertNotNull(DigestChallenge.parse("nonce=\"unclosed").problem());
        assertNotNull(DigestChallenge.parse("").problem());
        assertNotNull(DigestChallenge.parse(null).problem());
        // unknown qop values only: answered without qop
        assertEquals(Qop.NONE, DigestChallenge.parse("nonce=1, qop=\"crazy\"").qop());
        assertEquals(Qop.AUTH, DigestChallenge.parse("nonce=1, qop=\"crazy, auth\"").qop());
    }

    @Test
    void garbageNeverThrowsAndStaysBounded() {
        Random r = new Random(7616);
        String alphabet = "=\",\\ \tabcnoe\r\n,=";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(80);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            DigestChallenge c = DigestChallenge.parse(b.toString());
            assertTrue(c.problem() != null || c.nonce() != null);
        }
        String longValue = "nonce=\"" + "x".repeat(100_000) + "\"";
        DigestChallenge c = DigestChallenge.parse(longValue);
        assertTrue(c.nonce() == null || c.nonce().length() <= DigestChallenge.MAX_VALUE);
        String many = "a=1, ".repeat(10_000) + "nonce=1";
        assertNotNull(DigestChallenge.parse(many).problem()); // past the pair limit: the nonce is not read
    }
}
