package dev.hiper.curl;

/**
 * A typed key for {@link CurlShare#setopt}: one {@code CURLSHOPT_*}.
 *
 * <p>Instances are the constants in {@link Curl}; their identity is the key.
 *
 * @param <T> the type of the value
 */
public final class ShareOption<T> {
    private final String name;
    private final int code;
    private final Class<T> type;

    ShareOption(String name, int code, Class<T> type) {
        this.name = name;
        this.code = code;
        this.type = type;
    }

    /**
     * The C name.
     *
     * @return the name as libcurl spells it, e.g. {@code CURLSHOPT_SHARE}
     */
    public String name() {
        return name;
    }

    /**
     * libcurl's number for it, as in its headers.
     *
     * @return the number a C program passes
     */
    public int code() {
        return code;
    }

    /**
     * The Java type of its value.
     *
     * @return the class a value must be an instance of
     */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return name;
    }
}
