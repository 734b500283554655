/**
 * hiper: libcurl's multi-socket interface in pure Java. {@code dev.hiper.curl} is the libcurl API;
 * {@code dev.hiper.loop} holds ready-made event loops. Everything else is internal.
 */
module dev.hiper.core {
    // Flight Recorder events when the run time has the module (see JfrEvents); not needed otherwise
    requires static jdk.jfr;

    exports dev.hiper.curl;
    exports dev.hiper.loop;
    // optional: zstd content decoding, used only when present (docs/OPTIONS.md)
    requires static aircompressor;
    // optional: br content decoding (org.brotli:dec, whose module name comes from its jar's name)
    requires static dec;
}
