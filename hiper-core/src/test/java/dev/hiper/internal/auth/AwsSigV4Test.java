package dev.hiper.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AWS Signature Version 4 on strings, at fixed times.
 *
 * <p>The "suite" cases are AWS's published Signature Version 4 test suite
 * (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html), as the repository
 * awslabs/aws-c-auth keeps it under {@code tests/aws-signing-test-suite/v4/<case>/}
 * (commit 495329c2433034bd8fd53fc6ba9e0202d3fac876): {@code request.txt},
 * {@code context.json} (AKIDEXAMPLE, us-east-1, service "service", 2015-08-30T12:36:00Z) and
 * {@code header-signature.txt}. The "curl" cases are curl's test cases 439, 472 and 3222
 * (tests/data), which a debug build signs at the epoch.
 */
class AwsSigV4Test {
    private static final String KEY = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /** 2015-08-30T12:36:00Z. */
    private static final long SUITE_TIME = 1_440_938_160L;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static AwsSigV4.Request suite(String method, String path, String query, List<String> headers) {
        return new AwsSigV4.Request("aws:amz:us-east-1:service", method,
                method.equals("POST") ? AwsSigV4.Kind.POST : AwsSigV4.Kind.GET, "example.amazonaws.com",
                "example.amazonaws.com", headers, path, query, null, -1, -1, KEY, SECRET);
    }

    private static String signature(String lines) {
        int at = lines.indexOf("Signature=");
        return lines.substring(at + 10, at + 74);
    }

    @Test
    void getVanillaGivesTheWholeAuthorizationAndDateLines() throws Exception {
        String lines = AwsSigV4.sign(suite("GET", "/", null, null), SUITE_TIME);
        assertEquals("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\r\n"
                + "X-Amz-Date: 20150830T123600Z", lines);
    }

    @Test
    void suiteQueries() throws Exception {
        assertEquals("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
                signature(AwsSigV4.sign(suite("GET", "/", "Param2=value2&Param1=value1", null), SUITE_TIME)),
                "get-vanilla-query-order-key-case");
        String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assertEquals("9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
                signature(AwsSigV4.sign(suite("GET", "/", unreserved + "=" + unreserved, null), SUITE_TIME)),
                "get-vanilla-query-unreserved");
        assertEquals("a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
                signature(AwsSigV4.sign(suite("GET", "/", "Param1=value1", null), SUITE_TIME)),
                "get-vanilla-empty-query-key");
        assertEquals("07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
                signature(AwsSigV4.sign(suite("GET", "/" + unreserved, null, null), SUITE_TIME)), "get-unreserved");
    }

    @Test
    void suiteHeaders() throws Exception {
        String trim = AwsSigV4.sign(suite("GET", "/", null, List.of("My-Header1: value1", "My-Header2: \"a   b   c\"")),
                SUITE_TIME);
        assertTrue(trim.contains("SignedHeaders=host;my-header1;my-header2;x-amz-date,"), trim);
        assertEquals("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736", signature(trim),
                "get-header-value-trim");
        assertEquals("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
                signature(AwsSigV4.sign(suite("GET", "/", null,
                        List.of("My-Header1:value2", "My-Header1:value2", "My-Header1:value1")), SUITE_TIME)),
                "get-header-key-duplicate");
        assertEquals("c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
                signature(AwsSigV4.sign(suite("POST", "/", null, List.of("My-Header1:value1")), SUITE_TIME)),
                "post-header-key-sort");
    }

    @Test
    void suitePostWithoutABody() throws Exception {
        assertEquals("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
                signature(AwsSigV4.sign(suite("POST", "/", null, null), SUITE_TIME)), "post-vanilla");
    }

    private static AwsSigV4.Request curlCase(String path, String query, String user) {
        return new AwsSigV4.Request("aws:amz:us-east-2:es", "GET", AwsSigV4.Kind.GET, "fake.fake.fake",
                "fake.fake.fake:8000", null, path, query, null, -1, -1, user, "secret");
    }

    @Test
    void curlsOwnCasesAtTheEpoch() throws Exception {
        // test 439: empty components dropped, a key without '=', an encoded byte, '*' and '/' in a value
        String lines = AwsSigV4.sign(curlCase("/439/", "name=me&noval&aim=b%aad&&&weirdo=*.//-", "user"), 0);
        assertEquals("Authorization: AWS4-HMAC-SHA256 Credential=user/19700101/us-east-2/es/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=9dd8592929306832a6673d10063491391e486e5f50de4647ea7c2c797277e0a6\r\n"
                + "X-Amz-Date: 19700101T000000Z", lines);
        // test 472: the path's percent-encoded UTF-8 encoded again
        assertEquals("b8783c8387a5249b084642126fe1f8e07e12a2847820fd5b6cd64b2047149da4",
                signature(AwsSigV4.sign(curlCase("/472/a=%E3%81%82", null, "user"), 0)));
        // test 3222: the access key escaped in the credential
        String crlf = AwsSigV4.sign(curlCase("/", null, "user\r\n"), 0);
        assertTrue(crlf.contains("Credential=user%0D%0A/19700101/"), crlf);
        assertEquals("e5747e9555c0e96f1067cc4bf9f6055e72a185178e5dd0c2909279ec1d66360b", signature(crlf));
    }

    @Test
    void canonicalForms() throws Exception {
        assertEquals("/a%2520b/%2A", AwsSigV4.canonicalPath("/a%20b/*", true));
        assertEquals("/a%20b/*", AwsSigV4.canonicalPath("/a%20b/*", false));
        assertEquals("/", AwsSigV4.canonicalPath("", true));
        // an encoded '+' stays encoded; a plain '+' is a space; '=' in a value is encoded
        assertEquals("a=%2B&b=%20&c=d%3De&e=", AwsSigV4.canonicalQuery("b=+&a=%2b&c=d=e&e"));
        // an empty key sorts first, then keys, then values
        assertEquals("=x&k=1&k=2", AwsSigV4.canonicalQuery("k=2&k=1&=x"));
        assertEquals("", AwsSigV4.canonicalQuery(null));
        assertEquals("%25zz", AwsSigV4.canonicalQuery("%zz").replace("=", ""));
    }

    @Test
    void queryComponentLimit() throws Exception {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < AwsSigV4.MAX_QUERY_COMPONENTS - 1; i++) {
            parts.add("k" + i);
        }
        AwsSigV4.canonicalQuery(String.join("&", parts));
        parts.add("one-too-many");
        AwsSigV4.Failure f = assertThrows(AwsSigV4.Failure.class,
                () -> AwsSigV4.canonicalQuery(String.join("&", parts)));
        assertEquals(CurlCode.CURLE_TOO_LARGE, f.code);
    }

    private static AwsSigV4.Request s3(AwsSigV4.Kind kind, String method, byte[] fields, long inFileSize) {
        return new AwsSigV4.Request("aws:amz:us-east-1:s3", method, kind, "bucket.example.com", "bucket.example.com",
                null, "/k", null, fields, -1, inFileSize, KEY, SECRET);
    }

    @Test
    void s3PayloadHashes() throws Exception {
        String get = AwsSigV4.sign(s3(AwsSigV4.Kind.GET, "GET", null, -1), 0);
        assertTrue(get.endsWith("\r\nX-Amz-Date: 19700101T000000Z\r\nx-amz-content-sha256: " + EMPTY_SHA256), get);
        assertTrue(get.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"), get);
        // a body read through the read callback: not known in advance
        assertTrue(AwsSigV4.sign(s3(AwsSigV4.Kind.PUT, "PUT", null, -1), 0)
                .endsWith("x-amz-content-sha256: UNSIGNED-PAYLOAD"));
        assertTrue(AwsSigV4.sign(s3(AwsSigV4.Kind.PUT, "PUT", null, 0), 0).endsWith(EMPTY_SHA256));
        // the suite's post-x-www-form-urlencoded body, whose SHA-256 its canonical request gives
        byte[] body = "Param1=value1".getBytes(StandardCharsets.US_ASCII);
        assertTrue(AwsSigV4.sign(s3(AwsSigV4.Kind.POST, "POST", body, -1), 0)
                .endsWith("x-amz-content-sha256: 9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
        // the application's own hash is used and not sent again by hiper
        AwsSigV4.Request own = new AwsSigV4.Request("aws:amz:us-east-1:s3", "PUT", AwsSigV4.Kind.PUT,
                "bucket.example.com", "bucket.example.com", List.of("x-amz-content-sha256: abc"), "/k", null, null, -1,
                -1, KEY, SECRET);
        String lines = AwsSigV4.sign(own, 0);
        assertTrue(lines.endsWith("X-Amz-Date: 19700101T000000Z"), lines);
    }

    @Test
    void serviceAndRegionFromTheHostName() throws Exception {
        AwsSigV4.Request r = new AwsSigV4.Request("aws:amz", "GET", AwsSigV4.Kind.GET, "sqs.eu-west-3.amazonaws.com",
                "sqs.eu-west-3.amazonaws.com", null, "/", null, null, -1, -1, KEY, SECRET);
        assertTrue(AwsSigV4.sign(r, 0).contains("/19700101/eu-west-3/sqs/aws4_request,"));
        AwsSigV4.Request p = new AwsSigV4.Request("Test:Try", "GET", AwsSigV4.Kind.GET, "svc.reg.example",
                "svc.reg.example", null, "/", null, null, -1, -1, KEY, SECRET);
        String lines = AwsSigV4.sign(p, 0);
        assertTrue(lines.startsWith("Authorization: TEST4-HMAC-SHA256 Credential=AKIDEXAMPLE/19700101/reg/svc/"
                + "test4_request, SignedHeaders=host;x-try-date, "), lines);
        assertTrue(lines.endsWith("\r\nX-Try-Date: 19700101T000000Z"), lines);
    }

    @Test
    void refusals() {
        AwsSigV4.Failure noService = assertThrows(AwsSigV4.Failure.class, () -> AwsSigV4.sign(
                new AwsSigV4.Request("aws:amz", "GET", AwsSigV4.Kind.GET, "localhost", "localhost:80", null, "/", null,
                        null, -1, -1, KEY, SECRET), 0));
        assertEquals(CurlCode.CURLE_URL_MALFORMAT, noService.code);
        assertEquals("aws-sigv4: service missing in parameters and hostname", noService.getMessage());
        AwsSigV4.Failure noRegion = assertThrows(AwsSigV4.Failure.class, () -> AwsSigV4.sign(
                new AwsSigV4.Request("aws:amz", "GET", AwsSigV4.Kind.GET, "svc.localhost", "svc.localhost", null, "/",
                        null, null, -1, -1, KEY, SECRET), 0));
        assertEquals("aws-sigv4: region missing in parameters and hostname", noRegion.getMessage());
        AwsSigV4.Failure empty = assertThrows(AwsSigV4.Failure.class, () -> AwsSigV4.sign(
                new AwsSigV4.Request(":amz:r:s", "GET", AwsSigV4.Kind.GET, "a.b.c", "a.b.c", null, "/", null, null, -1,
                        -1, KEY, SECRET), 0));
        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, empty.code);
    }

    @Test
    void theApplicationsOwnLines() throws Exception {
        AwsSigV4.Request own = suite("GET", "/", null, List.of("Authorization: mine"));
        assertNull(AwsSigV4.sign(own, SUITE_TIME), "an Authorization line of the application's: nothing signed");
        // the application's date: used for the scope, not sent twice, signed as its header
        String lines = AwsSigV4.sign(suite("GET", "/", null, List.of("X-Amz-Date: 20150830T123600Z")), 0);
        assertEquals("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", lines);
        // a Host line of the application's replaces hiper's in the signature
        String host = AwsSigV4.sign(suite("GET", "/", null, List.of("Host: example.amazonaws.com")), SUITE_TIME);
        assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature(host));
    }

    @Test
    void garbageNeverThrowsAnythingButAFailure() {
        java.util.Random rnd = new java.util.Random(4242);
        String alphabet = ":;.=&%+ \t\r\nAaZz09-_~/*\u00e9";
        int signed = 0;
        for (int n = 0; n < 2000; n++) {
            String param = garbage(rnd, alphabet, 12);
            String host = garbage(rnd, alphabet, 20);
            List<String> headers = List.of(garbage(rnd, alphabet, 16), garbage(rnd, alphabet, 16));
            AwsSigV4.Request r = new AwsSigV4.Request(param, "GET", AwsSigV4.Kind.values()[n % 5], host, host, headers,
                    "/" + garbage(rnd, alphabet, 10), garbage(rnd, alphabet, 24), rnd.nextBoolean() ? null : new byte[3],
                    rnd.nextInt(5) - 1, rnd.nextInt(3) - 1, garbage(rnd, alphabet, 6), garbage(rnd, alphabet, 6));
            try {
                String lines = AwsSigV4.sign(r, rnd.nextInt(Integer.MAX_VALUE));
                if (lines != null) {
                    assertTrue(lines.startsWith("Authorization: "), lines);
                    signed++;
                }
            } catch (AwsSigV4.Failure expected) {
                assertTrue(expected.code != null && !expected.getMessage().isEmpty());
            }
        }
        assertTrue(signed > 100, "most garbage still signs: " + signed);
    }

    private static String garbage(java.util.Random rnd, String alphabet, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(max); i > 0; i--) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
