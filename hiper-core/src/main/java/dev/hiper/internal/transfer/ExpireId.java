package dev.hiper.internal.transfer;

/**
 * Every kind of deadline a transfer can have. Each is an entry in the engine's timer heap, so a
 * loop that only reacts to callbacks never misses one (contract rule 6).
 */
enum ExpireId {
    /** Work is ready: run at the next chance (reported as timeout 0). */
    RUN_NOW,
    /** {@code CURLOPT_TIMEOUT_MS}. */
    TOTAL,
    /** {@code CURLOPT_CONNECTTIMEOUT_MS}, covering name resolution and connecting. */
    CONNECT,
    /** Start the next connect attempt (happy eyeballs delay). */
    HAPPY_EYEBALLS,
    /** Stop waiting for {@code 100 Continue} and send the body. */
    EXPECT_100,
    /** Call the progress callback at least once a second. */
    PROGRESS,
    /** Back from RATELIMITING: the transfer is no longer ahead of its rate limit. */
    TOOFAST,
    /** The once-a-second check of {@code CURLOPT_LOW_SPEED_LIMIT}. */
    SPEEDCHECK;

    static final ExpireId[] ALL = values();
}
