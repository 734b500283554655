package dev.hiper.curl;

/**
 * {@code CURLMOPT_TIMERFUNCTION}: told when the multi next needs
 * {@code socketAction(CURL_SOCKET_TIMEOUT, 0)}.
 *
 * <p>Called only when the earliest deadline changes. {@code timeoutMs} is -1 to delete the
 * timer, 0 to act at once (do it from your loop, not from inside this callback), or the
 * milliseconds to wait, never less than the true time left.
 */
@FunctionalInterface
public interface CurlTimerFunction {
    /**
     * Told the time until the multi's next deadline.
     *
     * @param multi the multi whose timer this is
     * @param timeoutMs -1 to delete the timer, 0 to act at once, else the milliseconds to wait
     * @param clientp the value of {@code CURLMOPT_TIMERDATA}
     * @return 0, or -1 to abort every transfer of the multi
     */
    int timer(CurlMulti multi, long timeoutMs, Object clientp);
}
