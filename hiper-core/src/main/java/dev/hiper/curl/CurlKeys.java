package dev.hiper.curl;

import java.util.List;

/**
 * The root of {@link Curl}'s constant classes: the factories of option and information keys.
 * {@code Curl} gathers libcurl's names in one class for {@code import static dev.hiper.curl.Curl.*};
 * they are declared in this small chain of classes ({@code CurlValues}, {@code CurlInfos},
 * {@code CurlHttpOptions}, then {@code Curl} itself) so that no file grows past a reader's reach.
 */
abstract class CurlKeys {
    /** The type of a {@code curl_slist} value. */
    @SuppressWarnings("unchecked")
    static final Class<List<String>> STRING_LIST = (Class<List<String>>) (Class<?>) List.class;
    /** libcurl's {@code CURLINFO_STRING}: the type bits of a string information key. */
    static final int STRING = 0x100000;
    /** libcurl's {@code CURLINFO_LONG}. */
    static final int LONG = 0x200000;
    /** libcurl's {@code CURLINFO_OFF_T}. */
    static final int OFF_T = 0x600000;

    CurlKeys() {
    }

    static <T> MultiOption<T> m(String name, int code, Class<T> type) {
        return new MultiOption<>(name, code, type);
    }

    static <T> EasyOption<T> e(String name, int code, Class<T> type) {
        return new EasyOption<>(name, code, type);
    }

    static <T> EasyInfo<T> i(String name, int code, Class<T> type) {
        return new EasyInfo<>(name, code, type);
    }
}
