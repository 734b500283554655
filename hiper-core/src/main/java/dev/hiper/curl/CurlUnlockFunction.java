package dev.hiper.curl;

/** {@code CURLSHOPT_UNLOCKFUNC}: releases what {@link CurlLockFunction} took. */
@FunctionalInterface
public interface CurlUnlockFunction {
    /**
     * Releases the lock of one kind of shared data.
     *
     * @param easy the handle that used the data; null when the share itself is cleaned up
     * @param data the kind, a {@code CURL_LOCK_DATA_*} value
     * @param userptr the value of {@code CURLSHOPT_USERDATA}
     */
    void unlock(CurlEasy easy, int data, Object userptr);
}
