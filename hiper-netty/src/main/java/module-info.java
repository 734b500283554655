/** Drives a hiper {@code CurlMulti} from a Netty 4.2 NIO event loop: {@code dev.hiper.netty.NettyDriver}. */
module dev.hiper.netty {
    requires transitive dev.hiper.core;
    requires transitive io.netty.transport;
    requires transitive io.netty.common;

    exports dev.hiper.netty;
}
