package dev.hiper.cli.args;

import dev.hiper.cli.ToolEnv;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the default config file, where curl looks for it: {@code $CURL_HOME/.curlrc},
 * {@code $XDG_CONFIG_HOME/curlrc}, {@code $HOME/.curlrc}, then {@code $CURL_HOME/.config/curlrc}
 * and {@code $HOME/.config/curlrc}. The first that exists wins.
 */
final class CurlRc {
    private CurlRc() {
    }

    private record Place(String var, String sub, boolean withoutDot) {
    }

    private static final Place[] PLACES = {
        new Place("CURL_HOME", "", false),
        new Place("XDG_CONFIG_HOME", "", true),
        new Place("HOME", "", false),
        new Place("CURL_HOME", "/.config", true),
        new Place("HOME", "/.config", true),
    };

    static Path find(ToolEnv env) {
        for (Place p : PLACES) {
            String dir = env.getenv(p.var());
            if (dir == null || dir.isEmpty()) {
                continue;
            }
            Path f = env.cwd().resolve(dir + p.sub()).resolve(p.withoutDot() ? "curlrc" : ".curlrc");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }
}
