package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.jdk.SideBySide.Seen;
import java.net.PasswordAuthentication;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CONNECT tunnel's 407 answered from the authenticator, side by side, with
 * {@code jdk.http.auth.tunneling.disabledSchemes} set empty. Both clients read that property once,
 * when their classes load, so this class runs in a JVM of its own that has it from the start
 * (the surefire execution {@code jdk-tunnel-basic} in this module's pom, which runs the classes
 * tagged {@value #TAG} and nothing else; the default execution leaves them out).
 */
@Tag(TunnelAuthEnabledTest.TAG)
@Timeout(60)
class TunnelAuthEnabledTest extends TunnelAuthCase {
    static final String TAG = "jdk-tunnel-basic";

    @Test
    void thisJvmEnablesBasicForTunnels() {
        assertEquals("", System.getProperty("jdk.http.auth.tunneling.disabledSchemes"));
    }

    private String connect(int endpoint, boolean withCredentials) {
        return "CONNECT 127.0.0.1:" + origin.tlsPort(endpoint) + " HTTP/1.1\n"
                + (withCredentials ? "Proxy-Authorization: Basic dHU6dHA=\n" : "");
    }

    @Test
    void theAuthenticatorAnswersTheTunnels407AndLaterTunnelsSendItAtOnce() throws Exception {
        Run run = sameRun(TunnelAuthCase::right, true, get(0), get(1));
        assertEquals(List.of("PROXY 127.0.0.1:" + proxy.port() + " http realm=t scheme=basic url=" + get(0).uri()),
                run.questions(), "asked once, for the first tunnel");
        // 407, the same CONNECT with credentials; the tunnel to the other port sends them at once
        assertEquals(List.of(connect(0, false), connect(0, true), connect(1, true)), run.connects());
        @SuppressWarnings("unchecked")
        List<Object> first = (List<Object>) run.results().get(0);
        assertEquals(2, first.size(), "the 407 is the previous response: " + first);
        assertEquals(200, ((Seen) first.get(0)).status());
        assertEquals("407 " + get(0).uri() + " GET body=null", first.get(1));
        @SuppressWarnings("unchecked")
        List<Object> second = (List<Object>) run.results().get(1);
        assertEquals(1, second.size(), second.toString());
        assertEquals(200, ((Seen) second.get(0)).status());
    }

    @Test
    void credentialsRefusedEndAfterFourQuestions() throws Exception {
        Run run = sameRun(() -> new PasswordAuthentication(USER, "wrong".toCharArray()), true, get(0));
        assertEquals(List.of("java.io.IOException: too many authentication attempts. Limit: 3"), run.results());
        assertEquals(4, run.questions().size(), run.questions().toString());
        assertEquals(5, run.connects().size(), run.connects().toString());
    }

    @Test
    void noCredentialsFromTheAuthenticator() throws Exception {
        Run run = sameRun(() -> null, true, get(0));
        assertEquals(List.of("java.io.IOException: No credentials provided"), run.results());
        assertEquals(1, run.questions().size());
        assertEquals(List.of(connect(0, false)), run.connects());
    }

    @Test
    void withoutAnAuthenticatorThe407IsTheResponse() throws Exception {
        Run run = sameRun(TunnelAuthCase::right, false, get(0));
        @SuppressWarnings("unchecked")
        List<Object> chain = (List<Object>) run.results().get(0);
        assertEquals(407, ((Seen) chain.get(0)).status());
        assertNull(((Seen) chain.get(0)).body());
    }
}
