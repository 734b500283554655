package dev.hiper.curl;

/** {@code CURLMsg}: a message from {@link CurlMulti#infoRead()}; today always {@code CURLMSG_DONE}. */
public final class CurlMsg {
    private final int msg;
    private final CurlEasy easy;
    private final CurlCode result;
    private final int msgsInQueue;

    /**
     * A message as {@link CurlMulti#infoRead()} makes it; public so that a loop which ends a
     * transfer itself (an aborting shutdown) can report it the same way.
     *
     * @param msg the kind of message, {@link Curl#CURLMSG_DONE}
     * @param easy the transfer it is about
     * @param result the transfer's result
     * @param msgsInQueue how many messages are still queued after this one
     */
    public CurlMsg(int msg, CurlEasy easy, CurlCode result, int msgsInQueue) {
        this.msg = msg;
        this.easy = easy;
        this.result = result;
        this.msgsInQueue = msgsInQueue;
    }

    /**
     * The kind of message ({@code CURLMsg.msg}).
     *
     * @return {@link Curl#CURLMSG_DONE}
     */
    public int msg() {
        return msg;
    }

    /**
     * The transfer it is about ({@code CURLMsg.easy_handle}).
     *
     * @return the easy handle whose transfer ended
     */
    public CurlEasy easy() {
        return easy;
    }

    /**
     * The transfer's result ({@code CURLMsg.data.result}).
     *
     * @return {@code CURLE_OK} or the error that ended the transfer
     */
    public CurlCode result() {
        return result;
    }

    /**
     * The queue's length after this message ({@code curl_multi_info_read}'s {@code msgs_in_queue}).
     *
     * @return how many messages are still queued after this one
     */
    public int msgsInQueue() {
        return msgsInQueue;
    }

    @Override
    public String toString() {
        return "CurlMsg[DONE " + result + ", " + msgsInQueue + " left]";
    }
}
