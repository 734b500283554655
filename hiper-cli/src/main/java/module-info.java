/**
 * The {@code hiper} command: curl's command line over hiper's multi-socket engine. Exports
 * nothing; run it with {@code bin/hiper} or {@code java -m dev.hiper.cli/dev.hiper.cli.Main}.
 */
module dev.hiper.cli {
    requires dev.hiper.core;
}
