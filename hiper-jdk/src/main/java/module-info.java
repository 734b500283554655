/**
 * {@code java.net.http.HttpClient} on hiper's engine: {@code dev.hiper.jdk.HiperHttpClient}.
 * The implementation lives in {@code dev.hiper.internal.jdk}, which is not exported.
 */
module dev.hiper.jdk {
    requires transitive dev.hiper.core;
    requires transitive java.net.http;

    exports dev.hiper.jdk;
}
