package dev.hiper.curl;

/**
 * A typed key for {@link CurlEasy#setopt}: one {@code CURLOPT_*}.
 *
 * <p>Instances are the constants in {@link Curl}; their identity is the key. {@code name()},
 * {@code code()} and {@code type()} give libcurl's name and number and the value's Java type.
 *
 * @param <T> the type of the value
 */
public final class EasyOption<T> extends TypedKey<T> {
    EasyOption(String name, int code, Class<T> type) {
        super(name, code, type);
    }
}
