package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.dump.DumpReader;
import dev.chatstore.dump.Dumps;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore import URI FILE}: writes the records of a dump into a store, after checking
 * the whole file ({@link Dumps#importFile}: a truncated or altered file imports nothing).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Write the records of a dump FILE (made by export) into a store.",
        "The whole file is checked first (format, order, count, SHA-256): a truncated or altered"
            + " file is refused and nothing is written. Records are upserts: other keys of the"
            + " store stay as they are."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the file is not a valid dump, or the store failed",
        "2:bad usage"})
final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Parameters(index = "0", paramLabel = "URI", description = "The store to write to.")
  String uri;

  @Parameters(index = "1", paramLabel = "FILE", description = "The dump file to read.")
  Path file;

  @Mixin
  ProgressOption progress;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("dump file " + file + " does not exist or is not a file");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ChatStore store = encryption.open(uri);
        Progress verify = progress.start(err, "verify", -1)) {
      Progress[] write = new Progress[1];
      Dumps.ImportResult r;
      try {
        r = Dumps.importFile(store.kv(), file, Clock.systemUTC(), new Dumps.Listener() {
          @Override
          public void verifying(long records) {
            verify.advance(records);
          }

          @Override
          public void verified(DumpReader.Summary summary) {
            verify.finish();
            write[0] = progress.start(err, "import", summary.records());
          }

          @Override
          public void written(long records) {
            write[0].advance(records);
          }
        });
      } finally {
        if (write[0] != null) {
          write[0].finish();
        }
      }
      out.printf(Locale.ROOT, "imported %,d records of %s from %s in %,d batches%s%n",
          r.records() - r.skippedExpired(),
          r.scope().isEmpty() ? "a whole-store dump" : "tenant '" + r.scope() + "'", file,
          r.batches(), r.skippedExpired() == 0 ? ""
              : String.format(Locale.ROOT, " (%,d already expired, skipped)", r.skippedExpired()));
    }
    return 0;
  }
}
