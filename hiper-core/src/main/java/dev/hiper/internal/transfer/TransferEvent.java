package dev.hiper.internal.transfer;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One transfer that ended: where it went, how it ended, its sizes and the times of its phases. */
@Name("dev.hiper.Transfer")
@Label("hiper Transfer")
@Category("hiper")
@Description("A transfer of hiper's engine ended (CURLMSG_DONE)")
@Enabled(false)
@StackTrace(false)
final class TransferEvent extends jdk.jfr.Event {
    @Label("Host")
    String host;
    @Label("Port")
    int port;
    @Label("Scheme")
    String scheme;
    @Label("Method")
    String method;
    @Label("Status")
    @Description("The response code; 0 when no response came")
    int status;
    @Label("Result")
    @Description("The CURLcode the transfer ended with")
    String result;
    @Label("HTTP Version")
    String httpVersion;
    @Label("Connection Reused")
    boolean reused;
    @Label("Redirects")
    int redirects;
    @Label("Bytes Received")
    @DataAmount(DataAmount.BYTES)
    long received;
    @Label("Bytes Sent")
    @DataAmount(DataAmount.BYTES)
    long sent;
    @Label("Name Lookup")
    @Timespan(Timespan.MICROSECONDS)
    long namelookup;
    @Label("Connect")
    @Timespan(Timespan.MICROSECONDS)
    long connect;
    @Label("TLS Handshake Done")
    @Timespan(Timespan.MICROSECONDS)
    long appconnect;
    @Label("Request Sent")
    @Description("CURLINFO_PRETRANSFER_TIME_T")
    @Timespan(Timespan.MICROSECONDS)
    long pretransfer;
    @Label("First Byte")
    @Description("CURLINFO_STARTTRANSFER_TIME_T")
    @Timespan(Timespan.MICROSECONDS)
    long starttransfer;
    @Label("Total")
    @Timespan(Timespan.MICROSECONDS)
    long total;
}
