package dev.chatstore.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --progress} option that every long command mixes in. */
final class ProgressOption {
  @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "STYLE",
      description = "How to show progress on the error stream: AUTO (a bar on a terminal, plain"
          + " lines every 2 s otherwise), BAR, LINES or OFF (default: ${DEFAULT-VALUE}).")
  Progress.Style style = Progress.Style.AUTO;

  /** Starts a progress report of {@code label} on {@code err}. */
  Progress start(PrintWriter err, String label, long total) {
    return Progress.start(err, label, total, style);
  }
}
