package dev.hiper.testkit;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.ExchangeCodec;
import java.nio.ByteBuffer;

/**
 * An exchange's listener for codec tests that need one but no transfer: it takes every event,
 * has no body to send, is always running, hears no trace, and runs {@code onWake} each time the
 * codec asks for its transfer to run again.
 */
public class QuietListener implements ExchangeCodec.Listener {
    private final Runnable onWake;

    public QuietListener(Runnable onWake) {
        this.onWake = onWake;
    }

    @Override
    public boolean onEvent(ExchangeCodec.Event event, ByteBuffer in) {
        return true;
    }

    @Override
    public void firstByte() {
    }

    @Override
    public int readBody(ByteBuffer dst) {
        return 0;
    }

    @Override
    public void waitingFor100() {
    }

    @Override
    public boolean running() {
        return true;
    }

    @Override
    public void fail(CurlCode code, String message) {
    }

    @Override
    public void trace(String text) {
    }

    @Override
    public void runSoon() {
        onWake.run();
    }
}
