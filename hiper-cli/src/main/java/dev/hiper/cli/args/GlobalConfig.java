package dev.hiper.cli.args;

/**
 * The options that apply to the whole run rather than to one {@code --next} group.
 *
 * @param silent {@code -s}
 * @param showError {@code -S}
 * @param noProgress {@code --no-progress-meter}
 * @param progressBar {@code -#}
 * @param trace how the trace is written: none, {@code -v}, {@code --trace}, {@code --trace-ascii}
 * @param traceFile the {@code --trace}/{@code --trace-ascii} file ({@code -} for stdout, {@code %} for stderr)
 * @param traceTime {@code --trace-time}
 * @param traceIds {@code --trace-ids}
 * @param parallel {@code -Z}
 * @param parallelMax {@code --parallel-max} (default 50)
 * @param parallelImmediate {@code --parallel-immediate}
 * @param parallelHost {@code --parallel-max-host}: connections at most per host with {@code -Z} (0: no limit)
 * @param failEarly {@code --fail-early}
 * @param stderrFile {@code --stderr}: where messages go instead of standard error ({@code -} for stdout)
 */
public record GlobalConfig(boolean silent, boolean showError, boolean noProgress, boolean progressBar, Trace trace,
        String traceFile, boolean traceTime, boolean traceIds, boolean parallel, int parallelMax,
        boolean parallelImmediate, int parallelHost, boolean failEarly, String stderrFile) {

    /** The kinds of trace, as curl's tracetype. */
    public enum Trace { NONE, VERBOSE, ASCII, BINARY }

    /** The default number of parallel transfers. */
    public static final int PARALLEL_DEFAULT = 50;
    /** The most parallel transfers {@code --parallel-max} allows. */
    public static final int PARALLEL_MAX = 300;
    /** The most {@code --parallel-max-host} allows (curl's MAX_PARALLEL_HOST). */
    public static final int PARALLEL_HOST_MAX = 65_535;

    static final class Builder {
        boolean silent;
        boolean showError;
        boolean noProgress;
        boolean progressBar;
        Trace trace = Trace.NONE;
        String traceFile;
        boolean traceTime;
        boolean traceIds;
        boolean parallel;
        int parallelMax = PARALLEL_DEFAULT;
        boolean parallelImmediate;
        int parallelHost;
        boolean failEarly;
        String stderrFile;

        GlobalConfig build() {
            return new GlobalConfig(silent, showError, noProgress, progressBar, trace, traceFile, traceTime, traceIds,
                    parallel, parallelMax, parallelImmediate, parallelHost, failEarly, stderrFile);
        }
    }
}
