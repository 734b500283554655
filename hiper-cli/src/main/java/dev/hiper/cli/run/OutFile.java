package dev.hiper.cli.run;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.Operation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where one transfer's body (and, with {@code -i}, its headers) goes: standard output, or a file
 * created on the first byte (curl's OutStruct). An existing file is truncated, or with
 * {@code --no-clobber} left alone for {@code name.1} ... {@code name.99}; {@code -C} appends.
 */
final class OutFile {
    /** The name as given (a byte string), or null for standard output. */
    String filename;
    /** The stream once opened; standard output's from the start. */
    OutputStream stream;
    /** Whether we opened the stream (a file). */
    boolean opened;
    /** Bytes written in this attempt. */
    long bytes;
    /** The size the file had when appending started. */
    long init;
    /** Whether the name came from Content-Disposition (-J). */
    boolean cdFilename;
    /** --out-null: everything is discarded. */
    boolean discard;
    private FileChannel channel;

    static OutFile stdout(Streams s) {
        OutFile o = new OutFile();
        o.stream = s.stdout;
        return o;
    }

    boolean isFile() {
        return filename != null;
    }

    /** Opens for appending at the current end (-C). Returns an error text, or null. */
    String openAppend(ToolEnv env) {
        try {
            Path p = env.path(filename);
            channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            stream = Channels.newOutputStream(channel);
            opened = true;
            init = channel.size();
            return null;
        } catch (IOException e) {
            return "cannot open '" + filename + "'";
        }
    }

    /** curl's tool_create_output_file; returns a warning text, or null when open. */
    String create(ToolEnv env, Operation.Clobber clobber) {
        if (filename == null || filename.isEmpty()) {
            return "Remote filename has no length";
        }
        Path p = env.path(filename);
        try {
            if (clobber == Operation.Clobber.ALWAYS || (clobber == Operation.Clobber.DEFAULT && !cdFilename)) {
                if (Files.isDirectory(p)) {
                    return "Failed to open the file " + filename + ": Is a directory";
                }
                channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                channel = exclusive(p);
                if (channel == null && clobber == Operation.Clobber.NEVER) {
                    for (int n = 1; n < 100 && channel == null; n++) {
                        String name = filename + "." + n;
                        channel = exclusive(env.path(name));
                        if (channel != null) {
                            filename = name;
                        }
                    }
                }
                if (channel == null) {
                    return "Failed to open the file " + filename + ": File exists";
                }
            }
        } catch (IOException e) {
            return "Failed to open the file " + filename + ": " + reason(e);
        }
        stream = Channels.newOutputStream(channel);
        opened = true;
        bytes = 0;
        init = 0;
        return null;
    }

    private static FileChannel exclusive(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return null;
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    /** Writes header bytes (-i): not counted as body. */
    void writeRaw(byte[] b, int off, int len) throws IOException {
        if (!discard) {
            stream.write(b, off, len);
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (discard) {
            bytes += len;
            return;
        }
        stream.write(b, off, len);
        bytes += len;
    }

    /** Cuts the file back to where this attempt started (a retry). */
    void truncateToStart() throws IOException {
        if (channel != null) {
            channel.truncate(init);
            channel.position(init);
            bytes = 0;
        }
    }

    void close() throws IOException {
        if (opened && stream != null) {
            stream.close();
            opened = false;
        }
    }
}
