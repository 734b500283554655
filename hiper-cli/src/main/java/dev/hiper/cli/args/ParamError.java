package dev.hiper.cli.args;

/** The ways parsing an option can end, with curl's texts for the failures. */
enum ParamError {
    OK(null),
    NEXT_OPERATION(null),
    HELP_REQUESTED(null),
    MANUAL_REQUESTED(null),
    VERSION_INFO_REQUESTED(null),
    GOT_EXTRA_PARAMETER("had unsupported trailing garbage"),
    OPTION_UNKNOWN("is unknown"),
    OPTION_AMBIGUOUS("is ambiguous"),
    REQUIRES_PARAMETER("requires parameter"),
    BAD_USE("is badly used here"),
    BAD_NUMERIC("expected a proper numerical parameter"),
    NEGATIVE_NUMERIC("expected a positive numerical parameter"),
    LIBCURL_DOESNT_SUPPORT("the installed libcurl version does not support this"),
    LIBCURL_UNSUPPORTED_PROTOCOL("a specified protocol is unsupported by libcurl"),
    NO_PREFIX("the given option cannot be reversed with a --no- prefix"),
    NUMBER_TOO_LARGE("too large number"),
    CONTDISP_RESUME_FROM("--continue-at and --remote-header-name cannot be combined"),
    READ_ERROR("error encountered when reading a file"),
    EXPAND_ERROR("variable expansion failure"),
    BLANK_STRING("blank argument where content is expected"),
    VAR_SYNTAX("syntax error in --variable argument"),
    /** hiper lacks the feature; the message was already given. */
    NOT_BUILT_IN(null);

    final String text;

    ParamError(String text) {
        this.text = text;
    }
}
