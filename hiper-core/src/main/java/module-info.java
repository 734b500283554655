/**
 * hiper: libcurl's multi-socket interface in pure Java. {@code dev.hiper.curl} is the libcurl API;
 * {@code dev.hiper.loop} holds ready-made event loops. Everything else is internal.
 */
module dev.hiper.core {
    exports dev.hiper.curl;
    exports dev.hiper.loop;
    // optional: zstd content decoding, used only when present (docs/OPTIONS.md)
    requires static aircompressor;
}
