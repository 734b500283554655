package dev.hiper.cli.demo;

import dev.hiper.cli.ToolEnv;

/** {@code hiper --demo [N]}. */
public final class Demo {
    private Demo() {
    }

    public static int run(String[] args, ToolEnv env) {
        return 0;
    }
}
