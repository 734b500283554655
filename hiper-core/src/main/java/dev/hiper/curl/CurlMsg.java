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
     */
    public CurlMsg(int msg, CurlEasy easy, CurlCode result, int msgsInQueue) {
        this.msg = msg;
        this.easy = easy;
        this.result = result;
        this.msgsInQueue = msgsInQueue;
    }

    /** {@link Curl#CURLMSG_DONE}. */
    public int msg() {
        return msg;
    }

    /** The transfer it is about. */
    public CurlEasy easy() {
        return easy;
    }

    /** The transfer's result. */
    public CurlCode result() {
        return result;
    }

    /** How many messages are still queued after this one. */
    public int msgsInQueue() {
        return msgsInQueue;
    }

    @Override
    public String toString() {
        return "CurlMsg[DONE " + result + ", " + msgsInQueue + " left]";
    }
}
