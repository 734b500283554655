package dev.hiper.cli.curltests;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * curl's {@code resolve} test tool, which a {@code <precheck>} runs as {@code %RESOLVE [--ipv6]
 * name}: whether the name has an address of that family here. The answer is the tool's line
 * when it does not (the case is then skipped with it), null when it does.
 */
final class ResolveTool {
    private ResolveTool() {
    }

    /** The precheck's arguments after {@code %RESOLVE}. */
    static String run(String args) {
        String[] words = args.trim().split("\\s+");
        boolean v6 = false;
        String host = null;
        for (String w : words) {
            if (w.equals("--ipv6")) {
                v6 = true;
            } else if (w.equals("--ipv4")) {
                v6 = false;
            } else if (!w.isEmpty()) {
                host = w;
            }
        }
        if (host == null) {
            return "Usage: resolve [option] <host>";
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (v6 ? a instanceof Inet6Address : a instanceof Inet4Address) {
                    return null;
                }
            }
        } catch (UnknownHostException e) {
            // not resolved: said below
        }
        return "Resolving " + (v6 ? "IPv6" : "IPv4") + " '" + host + "' did not work";
    }
}
