package dev.hiper.cli.curltests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Perl the test cases carry: {@code <strip>} patterns, {@code <strippart>} and
 * {@code <stripfile>} operations are Perl code, run by perl itself so that they mean exactly
 * what they mean to curl's harness; {@code <precheck>} and {@code <postcheck>} are shell
 * commands (often perl one-liners).
 */
final class Perl {
    private static final String SCRIPT = String.join("\n",
            "my ($opsfile, $infile, $mode) = @ARGV;",
            "open(my $o, '<', $opsfile) or die; binmode $o; my @ops = <$o>; close $o; chomp @ops;",
            "open(my $i, '<', $infile) or die; binmode $i; my @lines = <$i>; close $i;",
            "binmode STDOUT;",
            "if($mode eq 'strip') { for my $p (@ops) { @lines = grep { $_ !~ /$p/ } @lines; } }",
            "elsif($mode eq 'part') { for my $op (@ops) { for(@lines) { eval $op; } } }",
            "else { for my $op (@ops) { my @n; for(@lines) { eval $op; push @n, $_ if($_); } @lines = @n; } }",
            "print @lines;",
            "");

    private static volatile Boolean available;

    private Perl() {
    }

    static boolean available() {
        if (available == null) {
            available = new File("/usr/bin/perl").canExecute() || onPath("perl");
        }
        return available;
    }

    private static boolean onPath(String cmd) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, cmd).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Removes the lines matching any of the patterns (curl's striparray). */
    static String strip(List<String> patterns, String text, Path tmp) throws IOException {
        return run(patterns, text, "strip", tmp);
    }

    /** Applies each operation to each line, keeping all lines (strippart). */
    static String part(List<String> ops, String text, Path tmp) throws IOException {
        return run(ops, text, "part", tmp);
    }

    /** Applies each operation to each line, dropping lines that became false (stripfile). */
    static String file(List<String> ops, String text, Path tmp) throws IOException {
        return run(ops, text, "file", tmp);
    }

    private static String run(List<String> ops, String text, String mode, Path tmp) throws IOException {
        if (ops.isEmpty()) {
            return text;
        }
        Path opsFile = Files.createTempFile(tmp, "ops", ".pl");
        Path in = Files.createTempFile(tmp, "in", ".txt");
        try {
            StringBuilder sb = new StringBuilder();
            for (String op : ops) {
                sb.append(op.endsWith("\n") ? op : op + "\n");
            }
            Files.write(opsFile, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            Files.write(in, text.getBytes(StandardCharsets.ISO_8859_1));
            ProcessBuilder pb = new ProcessBuilder("perl", "-e", SCRIPT, opsFile.toString(), in.toString(), mode);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new String(out, StandardCharsets.ISO_8859_1);
        } finally {
            Files.deleteIfExists(opsFile);
            Files.deleteIfExists(in);
        }
    }

    /** Result of a shell command: exit code and its first output line. */
    record Shell(int exit, String firstLine) {
    }

    /** Runs {@code /bin/sh -c cmd} in {@code dir}, bounded in time. */
    static Shell shell(String cmd, Path dir, long timeoutMs) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd).directory(dir.toFile());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Shell(-1, "timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Shell(-1, "interrupted");
        }
        String s = new String(out, StandardCharsets.ISO_8859_1);
        int nl = s.indexOf('\n');
        return new Shell(p.exitValue(), (nl < 0 ? s : s.substring(0, nl)).replace("\r", ""));
    }
}
