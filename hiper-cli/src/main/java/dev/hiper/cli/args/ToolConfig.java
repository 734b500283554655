package dev.hiper.cli.args;

import java.util.List;

/**
 * What a command line asks for, parsed and checked, before anything runs.
 *
 * @param global the options for the whole run
 * @param operations the {@code --next} groups, in order
 * @param action what to do: run transfers, or show help or the version
 * @param messages what the parser had to say (warnings, errors), in order, each line whole
 * @param exitCode the exit code when the parse ended the run (an error): 0 otherwise
 */
public record ToolConfig(GlobalConfig global, List<Operation> operations, Action action, List<String> messages,
        int exitCode) {

    /** What the command line asks the tool to do. */
    public enum Action { TRANSFER, HELP, VERSION, MANUAL, FAILED }

    public ToolConfig {
        operations = List.copyOf(operations);
        messages = List.copyOf(messages);
    }
}
