package dev.hiper.internal.transfer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A new connection is ready for its first request: where to, over what, and what it took. */
@Name("dev.hiper.Connection")
@Label("hiper Connection")
@Category("hiper")
@Description("hiper's engine made a new connection (TCP, and TLS for https)")
@Enabled(false)
@StackTrace(false)
final class ConnectionEvent extends jdk.jfr.Event {
    @Label("Id")
    @Description("The connection's number, as in curl's verbose lines (Connection #N)")
    long id;
    @Label("Host")
    String host;
    @Label("Port")
    int port;
    @Label("Remote Address")
    String remoteAddress;
    @Label("Local Port")
    int localPort;
    @Label("TLS")
    boolean tls;
    @Label("ALPN")
    String alpn;
    @Label("Name Lookup")
    @Timespan(Timespan.MICROSECONDS)
    long namelookup;
    @Label("Connect")
    @Description("From the transfer's start until TCP connected")
    @Timespan(Timespan.MICROSECONDS)
    long connect;
    @Label("TLS Handshake Done")
    @Description("From the transfer's start until the TLS handshake finished; 0 without TLS")
    @Timespan(Timespan.MICROSECONDS)
    long appconnect;
}
