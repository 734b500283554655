package dev.hiper.loop;

import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import java.util.concurrent.CompletableFuture;

/**
 * One handle handed to {@link SelectorLoop#submit} from any thread: queued until the loop's
 * thread adds it, then completed with the transfer's message. Not part of the API.
 */
final class Submission {
    final CurlEasy easy;
    final CompletableFuture<CurlMsg> future;

    Submission(CurlEasy easy, CompletableFuture<CurlMsg> future) {
        this.easy = easy;
        this.future = future;
    }
}
