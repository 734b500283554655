package dev.hiper.internal.mime;

import static dev.hiper.curl.Curl.CURL_READFUNC_ABORT;
import static dev.hiper.curl.Curl.CURL_READFUNC_PAUSE;
import static dev.hiper.curl.Curl.CURL_SEEKFUNC_OK;
import static dev.hiper.curl.Curl.SEEK_SET;

import dev.hiper.curl.CurlReadFunction;
import dev.hiper.curl.CurlSeekFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a part's bytes come from, read as they are sent: memory, a file (opened on its first
 * read, closed at its end, never read whole), or the application's read callback. Each reads
 * into a buffer and answers a count, 0 at the end, or one of {@link MimeTree}'s codes.
 */
abstract class MimeContent {
    /** The size when known, else -1. */
    abstract long size();

    /** Puts at most {@code dst.remaining()} bytes at {@code dst}'s position and moves it. */
    abstract int read(ByteBuffer dst);

    /** Back to the first byte; false when that cannot be done. */
    abstract boolean rewind();

    /** The same content, read from its start on its own. */
    abstract MimeContent copy();

    /** Lets go of what is open. */
    void close() {
    }

    /** The reason of the last {@link MimeTree#READ_ERROR}. */
    String error = "";

    /** {@code curl_mime_data}: bytes held in memory. */
    static final class Bytes extends MimeContent {
        private final byte[] data;
        private int at;

        Bytes(byte[] data) {
            this.data = data;
        }

        @Override
        long size() {
            return data.length;
        }

        @Override
        MimeContent copy() {
            return new Bytes(data);
        }

        @Override
        int read(ByteBuffer dst) {
            int n = Math.min(dst.remaining(), data.length - at);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        @Override
        boolean rewind() {
            at = 0;
            return true;
        }
    }

    /** {@code curl_mime_filedata}: a file, its size taken when it was named, as libcurl does. */
    static final class File extends MimeContent {
        final Path path;
        private final long size;
        private FileChannel channel;
        private long at;

        File(Path path, long size) {
            this.path = path;
            this.size = size;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        MimeContent copy() {
            return new File(path, size);
        }

        @Override
        int read(ByteBuffer dst) {
            if (size >= 0 && at >= size) {
                close();
                return 0;
            }
            try {
                if (channel == null) {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                }
                ByteBuffer d = dst;
                if (size >= 0 && dst.remaining() > size - at) {
                    d = dst.slice().limit((int) (size - at));
                }
                int n = channel.read(d);
                if (d != dst && n > 0) {
                    dst.position(dst.position() + n);
                }
                if (n <= 0) {
                    close();
                    return 0;
                }
                at += n;
                return n;
            } catch (IOException e) {
                close();
                error = "cannot read " + path + ": " + e.getMessage();
                return MimeTree.READ_ERROR;
            }
        }

        @Override
        boolean rewind() {
            close();
            at = 0;
            return true;
        }

        @Override
        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was written; closing cannot lose data
                }
                channel = null;
            }
        }

        /** The file's size when it is a regular file, -1 when it is not (a pipe); null when it is missing. */
        static Long sizeOf(Path p) {
            if (!Files.exists(p)) {
                return null;
            }
            try {
                return Files.isRegularFile(p) ? Files.size(p) : -1L;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** {@code curl_mime_data_cb}: the application's read (and seek) callback. */
    static final class Callback extends MimeContent {
        private final long size;
        private final CurlReadFunction read;
        private final CurlSeekFunction seek;
        private final Object arg;
        private long at;
        private boolean started;

        Callback(long size, CurlReadFunction read, CurlSeekFunction seek, Object arg) {
            this.size = size;
            this.read = read;
            this.seek = seek;
            this.arg = arg;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        MimeContent copy() {
            return new Callback(size, read, seek, arg);
        }

        @Override
        int read(ByteBuffer dst) {
            if (size >= 0 && at >= size) {
                return 0;
            }
            started = true;
            ByteBuffer d = dst.slice();
            if (size >= 0 && d.remaining() > size - at) {
                d.limit((int) (size - at));
            }
            int want = d.remaining();
            int r = read.read(d, arg);
            if (r == CURL_READFUNC_ABORT) {
                return MimeTree.ABORT;
            }
            if (r == CURL_READFUNC_PAUSE) {
                return MimeTree.PAUSE;
            }
            if (r < 0 || r > want) {
                error = "read function returned funny value";
                return MimeTree.READ_ERROR;
            }
            dst.position(dst.position() + r);
            at += r;
            return r;
        }

        @Override
        boolean rewind() {
            if (!started) {
                return true;
            }
            if (seek == null || seek.seek(arg, 0, SEEK_SET) != CURL_SEEKFUNC_OK) {
                return false;
            }
            started = false;
            at = 0;
            return true;
        }
    }
}
