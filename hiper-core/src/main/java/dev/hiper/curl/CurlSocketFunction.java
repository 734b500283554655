package dev.hiper.curl;

/**
 * {@code CURLMOPT_SOCKETFUNCTION}: told which sockets to watch and for what.
 *
 * <p>Called only when a socket's combined interest changes. {@code what} is one of
 * {@link Curl#CURL_POLL_IN}, {@link Curl#CURL_POLL_OUT}, {@link Curl#CURL_POLL_INOUT} or
 * {@link Curl#CURL_POLL_REMOVE}; it is never 0. After REMOVE the socket's channel may be
 * closed at any time, so deregister it at once.
 */
@FunctionalInterface
public interface CurlSocketFunction {
    /**
     * @param easy the transfer the change is for; may be an internal handle the application
     *     never added (its {@code CURLINFO_PRIVATE} is null)
     * @param s the socket
     * @param what what to watch it for now
     * @param clientp the value of {@code CURLMOPT_SOCKETDATA}
     * @param socketp the value given to {@link CurlMulti#assign} for this socket, or null
     * @return 0, or -1 to abort every transfer of the multi
     */
    int socket(CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp);
}
