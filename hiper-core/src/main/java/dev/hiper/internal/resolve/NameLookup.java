package dev.hiper.internal.resolve;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How a name becomes addresses, on a resolver thread. Replaceable so tests never ask real DNS. */
@FunctionalInterface
public interface NameLookup {
    InetAddress[] lookup(String host) throws UnknownHostException;

    NameLookup SYSTEM = InetAddress::getAllByName;
}
