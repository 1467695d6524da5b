package dev.sextant.replay;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./sextant replay}: the Kafka replay debugger. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Kafka replay debugger: dump topics, re-run a slice and diff, rewind a consumer group, explain an event's causal chain.",
        subcommands = {DumpCommand.class, RerunCommand.class, RewindCommand.class, ExplainCommand.class})
public final class ReplayCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Sextant's error handling: a bad argument or a refusal is one sentence and exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReplayCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            commandLine.getErr().println("replay: " + message);
            return 2;
        });
        return cl;
    }
}
