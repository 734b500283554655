package dev.hiper.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The progress displays, on the message stream, as curl draws them: the per-transfer meter
 * (libcurl's table, at most once a second), the {@code -#} bar (72 columns of '#' on a
 * 79-column terminal), and with {@code -Z} one combined meter for all transfers (transfers done
 * and running, bytes, speed).
 */
final class Progress {
    private Progress() {
    }

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    private static final long GB = 1024 * MB;
    private static final long TB = 1024 * GB;
    private static final long PB = 1024 * TB;

    /** curl's max5data: a size in at most five characters. */
    static String max5(long bytes) {
        if (bytes < 100000) {
            return String.format("%5d", bytes);
        }
        if (bytes < 10000 * KB) {
            return String.format("%4dk", bytes / KB);
        }
        if (bytes < 100 * MB) {
            return String.format("%2d.%dM", bytes / MB, (bytes % MB) / (MB / 10));
        }
        if (bytes < 10000 * MB) {
            return String.format("%4dM", bytes / MB);
        }
        if (bytes < 100 * GB) {
            return String.format("%2d.%dG", bytes / GB, (bytes % GB) / (GB / 10));
        }
        if (bytes < 10000 * GB) {
            return String.format("%4dG", bytes / GB);
        }
        if (bytes < 10000 * TB) {
            return String.format("%4dT", bytes / TB);
        }
        return String.format("%4dP", bytes / PB);
    }

    /** curl's time2str: "HH:MM:SS", "--:--:--" for unknown. */
    static String time2str(long seconds) {
        if (seconds <= 0) {
            return "--:--:--";
        }
        long h = seconds / 3600;
        if (h <= 99) {
            long m = (seconds - h * 3600) / 60;
            long s = seconds - h * 3600 - m * 60;
            return String.format("%2d:%02d:%02d", h, m, s);
        }
        long d = seconds / 86400;
        h = (seconds - d * 86400) / 3600;
        if (d <= 999) {
            return String.format("%3dd %02dh", d, h);
        }
        return String.format("%7dd", d);
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // a meter that cannot be shown is not an error
        }
    }

    private static long percent(long total, long cur) {
        if (total > 10000) {
            return cur / (total / 100);
        }
        if (total > 0) {
            return cur * 100 / total;
        }
        return 0;
    }

    /** libcurl's meter for one transfer. */
    static final class Meter {
        private final OutputStream out;
        private final long start = System.nanoTime();
        private final long resumeFrom;
        private boolean headerShown;
        private long lastShownSec = -1;
        long dlTotal;
        long dlNow;
        long ulTotal;
        long ulNow;

        Meter(OutputStream out, long resumeFrom) {
            this.out = out;
            this.resumeFrom = resumeFrom;
        }

        void update(long dltotal, long dlnow, long ultotal, long ulnow, boolean force) {
            dlTotal = dltotal;
            dlNow = dlnow;
            ulTotal = ultotal;
            ulNow = ulnow;
            long sec = (System.nanoTime() - start) / 1_000_000_000L;
            if (!force && sec == lastShownSec) {
                return;
            }
            lastShownSec = sec;
            show();
        }

        private void show() {
            StringBuilder sb = new StringBuilder();
            if (!headerShown) {
                if (resumeFrom > 0) {
                    sb.append("** Resuming transfer from byte position ").append(resumeFrom).append('\n');
                }
                sb.append("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n")
                        .append("                                 Dload  Upload   Total   Spent    Left  Speed\n");
                headerShown = true;
            }
            long us = Math.max(1, (System.nanoTime() - start) / 1000);
            long secs = us / 1_000_000;
            long dlSpeed = (long) (dlNow * 1_000_000.0 / us);
            long ulSpeed = (long) (ulNow * 1_000_000.0 / us);
            boolean dlKnown = dlTotal > 0;
            boolean ulKnown = ulTotal > 0;
            long dlSecs = dlKnown && dlSpeed > 0 ? dlTotal / dlSpeed : 0;
            long ulSecs = ulKnown && ulSpeed > 0 ? ulTotal / ulSpeed : 0;
            long dlPct = dlKnown && dlSpeed > 0 ? percent(dlTotal, dlNow) : 0;
            long ulPct = ulKnown && ulSpeed > 0 ? percent(ulTotal, ulNow) : 0;
            long totalSecs = Math.max(dlSecs, ulSecs);
            long expected = (ulKnown ? ulTotal : ulNow) + (dlKnown ? dlTotal : dlNow);
            long cur = dlNow + ulNow;
            long totalPct = percent(expected, cur);
            sb.append(String.format("\r%3d %s  %3d %s  %3d %s  %s  %s %s %s %s %s", totalPct, max5(expected), dlPct,
                    max5(dlNow), ulPct, max5(ulNow), max5(dlSpeed), max5(ulSpeed), time2str(totalSecs),
                    time2str(secs), time2str(totalSecs > 0 ? totalSecs - secs : 0), max5(Math.max(dlSpeed, ulSpeed))));
            write(out, sb.toString());
        }

        /** The last state and the newline that ends the meter. */
        void done() {
            show();
            write(out, "\n");
        }
    }

    /** The {@code -#} bar of one transfer (curl's tool_progress_cb). */
    static final class Bar {
        private static final int MAX_BARLENGTH = 400;
        private static final int MIN_BARLENGTH = 20;
        private final OutputStream out;
        private final int width;
        private final long initialSize;
        private long prev;
        private long prevTime;
        private int calls;
        private int tick;

        Bar(OutputStream out, int columns, long initialSize) {
            this.out = out;
            this.width = columns > MAX_BARLENGTH ? MAX_BARLENGTH : Math.max(columns, MIN_BARLENGTH);
            this.initialSize = initialSize;
        }

        boolean shown() {
            return calls > 0;
        }

        void update(long dltotal, long dlnow, long ultotal, long ulnow) {
            long now = System.nanoTime() / 1_000_000;
            long total;
            long point;
            if (initialSize < 0) {
                total = dltotal != 0 || ultotal != 0 ? dltotal + ultotal : Long.MAX_VALUE;
                point = dltotal != 0 || ultotal != 0 ? dlnow + ulnow : Long.MAX_VALUE;
            } else {
                total = dltotal + ultotal + initialSize;
                point = dlnow + ulnow + initialSize;
            }
            if (calls > 0) {
                if (total != 0) {
                    if (prev == point) {
                        return;
                    }
                    if (now - prevTime < 100 && point < total) {
                        return;
                    }
                } else {
                    if (now - prevTime < 100) {
                        return;
                    }
                    fly(point != prev);
                }
            }
            calls++;
            if (total > 0 && point != prev) {
                if (point > total) {
                    total = point;
                }
                double frac = (double) point / (double) total;
                double pct = frac * 100.0;
                int barwidth = width - 7;
                int num = Math.min(MAX_BARLENGTH, (int) (barwidth * frac));
                String line = "#".repeat(Math.max(0, num));
                write(out, String.format("\r%-" + barwidth + "s %5.1f%%", line, pct));
            }
            prev = point;
            prevTime = now;
        }

        private void fly(boolean moved) {
            int pos = tick++ % Math.max(1, width - 6);
            String s = " ".repeat(pos) + "#=O=-" ;
            write(out, "\r" + String.format("%-" + (width - 1) + "s", s.length() > width - 1 ? s.substring(0, width - 1) : s));
        }

        void done() {
            if (calls > 0) {
                write(out, "\n");
            }
        }
    }

    /** What the combined meter needs from each transfer. */
    interface Counted {
        long dlNow();

        long ulNow();

        long dlTotal();

        long ulTotal();
    }

    /** curl's parallel meter: one line for all transfers. */
    static final class Combined {
        private final OutputStream out;
        private final long start = System.nanoTime();
        private long stamp;
        private boolean header;
        private final long[][] speedStore = new long[10][3];
        private int speedIndex;
        private boolean wrapped;

        Combined(OutputStream out) {
            this.out = out;
        }

        void show(Collection<? extends Counted> running, long doneDl, long doneUl, long doneDlTotal, long xfers,
                boolean fin) {
            long now = System.nanoTime();
            if (!header) {
                header = true;
                write(out, "DL% UL%  Dled  Uled  Xfers  Live Total     Current  Left    Speed\n");
            }
            if (!fin && (now - stamp) / 1_000_000 <= 500) {
                return;
            }
            stamp = now;
            long spent = (now - start) / 1_000_000_000L;
            long dlNow = doneDl;
            long ulNow = doneUl;
            long dlTotal = doneDlTotal;
            long ulTotal = 0;
            boolean dlKnown = true;
            boolean ulKnown = true;
            for (Counted c : running) {
                dlNow += c.dlNow();
                ulNow += c.ulNow();
                if (c.dlTotal() == 0) {
                    dlKnown = false;
                } else {
                    dlTotal += c.dlTotal();
                }
                if (c.ulTotal() == 0) {
                    ulKnown = false;
                } else {
                    ulTotal += c.ulTotal();
                }
            }
            String dlPct = dlKnown && dlTotal > 0 ? String.format("%3d", dlNow * 100 / dlTotal) : "--";
            String ulPct = ulKnown && ulTotal > 0 ? String.format("%3d", ulNow * 100 / ulTotal) : "--";
            long[] slot = speedStore[speedIndex];
            slot[0] = dlNow;
            slot[1] = ulNow;
            slot[2] = now;
            if (++speedIndex >= speedStore.length) {
                wrapped = true;
                speedIndex = 0;
            }
            long deltaMs;
            long dl;
            long ul;
            if (wrapped) {
                deltaMs = (now - speedStore[speedIndex][2]) / 1_000_000;
                dl = dlNow - speedStore[speedIndex][0];
                ul = ulNow - speedStore[speedIndex][1];
            } else {
                deltaMs = (now - start) / 1_000_000;
                dl = dlNow;
                ul = ulNow;
            }
            if (deltaMs == 0) {
                deltaMs = 1;
            }
            long speed = Math.max((long) (dl / (deltaMs / 1000.0)), (long) (ul / (deltaMs / 1000.0)));
            String left;
            String total;
            if (dlKnown && speed > 0) {
                total = time2str(dlTotal / speed);
                left = time2str((dlTotal - dlNow) / speed);
            } else {
                total = time2str(0);
                left = time2str(0);
            }
            write(out, String.format("\r%-3s %-3s %s %s %5d %5d  %s %s %s %s %5s", dlPct, ulPct, max5(dlNow), max5(ulNow),
                    xfers, running.size(), total, time2str(spent), left, max5(speed), fin ? "\n" : ""));
        }
    }
}
