package dev.hiper.curl;

/**
 * What the typed keys of the API have in common ({@link EasyOption}, {@link MultiOption},
 * {@link EasyInfo}, {@link ShareOption}): libcurl's name and number, and the Java type of the
 * value. Instances are the constants in {@link Curl}; their identity is the key.
 *
 * @param <T> the type of the value
 */
abstract class TypedKey<T> {
    private final String name;
    private final int code;
    private final Class<T> type;

    TypedKey(String name, int code, Class<T> type) {
        this.name = name;
        this.code = code;
        this.type = type;
    }

    /**
     * The C name.
     *
     * @return the name as libcurl spells it, e.g. {@code CURLOPT_URL}
     */
    public final String name() {
        return name;
    }

    /**
     * libcurl's number for it, as in its headers.
     *
     * @return the number a C program passes
     */
    public final int code() {
        return code;
    }

    /**
     * The Java type of its value.
     *
     * @return the class a value must be an instance of
     */
    public final Class<T> type() {
        return type;
    }

    @Override
    public final String toString() {
        return name;
    }
}
