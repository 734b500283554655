package dev.hiper.curl;

/**
 * {@code CURLSHOPT_LOCKFUNC}: called before a transfer touches data of a {@link CurlShare}, so
 * that handles on several threads can use one share. hiper guards the shared data itself as
 * well, so the pair is needed only by an application that keeps its own lock over the data.
 */
@FunctionalInterface
public interface CurlLockFunction {
    /**
     * Takes the lock of one kind of shared data.
     *
     * @param easy the handle about to use the data; null when the share itself is cleaned up
     * @param data the kind, a {@code CURL_LOCK_DATA_*} value
     * @param access {@code CURL_LOCK_ACCESS_SHARED} to read, {@code CURL_LOCK_ACCESS_SINGLE} to change
     * @param userptr the value of {@code CURLSHOPT_USERDATA}
     */
    void lock(CurlEasy easy, int data, int access, Object userptr);
}
