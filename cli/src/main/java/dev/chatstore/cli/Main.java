package dev.chatstore.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chatstore} command.
 *
 * <p>Exit codes: 0 success; 1 the command failed (the store reported an error); 2 bad usage
 * (unknown command or option, malformed URI).
 */
@Command(name = "chatstore", mixinStandardHelpOptions = true,
    version = "chatstore 0.1.0-SNAPSHOT",
    description = "The storage layer for messaging clients, bots and nodes on the JVM.",
    subcommands = {DemoCommand.class, InspectCommand.class, ExportCommand.class,
        ImportCommand.class, MigrateCommand.class, ImportWhatsAppCommand.class,
        BenchCommand.class, RekeyCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed", "2:bad usage"})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns its exit code, writing to the given streams. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("chatstore: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    return cmd.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }
}
