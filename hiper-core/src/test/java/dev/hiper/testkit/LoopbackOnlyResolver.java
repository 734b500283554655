package dev.hiper.testkit;

import dev.hiper.internal.resolve.NameLookup;
import dev.hiper.internal.resolve.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installed for every test class (JUnit extension auto-detection): host names never reach real
 * DNS, so no test sends a packet beyond loopback. {@code NAME.hiper.test} resolves to 127.0.0.1
 * and ::1 ({@code v4.NAME.hiper.test} to 127.0.0.1 only, {@code v6.NAME...} to ::1 only);
 * {@code delayNNN.NAME.hiper.test} answers after NNN ms; every other name is unknown.
 */
public final class LoopbackOnlyResolver implements BeforeAllCallback, NameLookup {
    public static final LoopbackOnlyResolver INSTANCE = new LoopbackOnlyResolver();

    @Override
    public void beforeAll(ExtensionContext context) {
        Resolver.setDefaultLookup(INSTANCE);
    }

    @Override
    public InetAddress[] lookup(String host) throws UnknownHostException {
        String h = host.toLowerCase(Locale.ROOT);
        if (!h.endsWith(".hiper.test")) {
            throw new UnknownHostException(host + ": unknown name (tests resolve only *.hiper.test)");
        }
        for (String label : h.split("\\.")) {
            if (label.startsWith("delay") && label.length() > 5) {
                try {
                    Thread.sleep(Long.parseLong(label.substring(5)));
                } catch (InterruptedException | NumberFormatException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        InetAddress v4 = InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        InetAddress v6 = InetAddress.getByAddress(host, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        if (h.startsWith("v4.")) {
            return new InetAddress[] {v4};
        }
        if (h.startsWith("v6.")) {
            return new InetAddress[] {v6};
        }
        return new InetAddress[] {v4, v6};
    }
}
