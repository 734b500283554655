package dev.hiper.internal.http2;

/**
 * The {@code HTTP2-Settings} value of an {@code Upgrade: h2c} request (RFC 7540 section 3.2.1),
 * base64url without padding: the settings libcurl offers there, byte for byte (streams at most
 * the multi's {@code CURLMOPT_MAX_CONCURRENT_STREAMS}; a stream window of 64 KiB; no push). The
 * session's own SETTINGS, sent with the preface right after the 101, then replace them (a larger
 * stream window among them): the server adjusts stream 1's window by the difference, as RFC 9113
 * section 6.9.2 says for any change of the initial window.
 */
final class Http2UpgradeSettings {
    /** {@code SETTINGS_INITIAL_WINDOW_SIZE} in the {@code HTTP2-Settings} of an h2c upgrade, as libcurl's. */
    static final int UPGRADE_WINDOW = 64 * 1024;
    /** The value for the default {@code CURLMOPT_MAX_CONCURRENT_STREAMS} (100), made once. */
    private static final String DEFAULT = make(100);

    private Http2UpgradeSettings() {
    }

    /** The value for at most {@code maxStreams} concurrent streams. */
    static String value(int maxStreams) {
        return maxStreams == 100 ? DEFAULT : make(maxStreams);
    }

    private static String make(int maxStreams) {
        return Http2FrameWriter.upgradeSettings(new Http2Settings().set(Http2Settings.MAX_CONCURRENT_STREAMS, maxStreams)
                .set(Http2Settings.INITIAL_WINDOW_SIZE, UPGRADE_WINDOW).set(Http2Settings.ENABLE_PUSH, 0));
    }
}
