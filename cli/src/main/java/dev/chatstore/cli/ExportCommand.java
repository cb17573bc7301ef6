package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.dump.DumpFormat;
import dev.chatstore.dump.Dumps;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore export URI FILE [--tenant T]}: writes a dump (format of
 * {@link dev.chatstore.dump}) of the whole store or of one tenant. The dump is written to
 * {@code FILE.partial} and renamed to {@code FILE} once complete, so {@code FILE} is never a
 * half-written dump.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a portable, checksummed dump of a store, or of one tenant, to FILE.",
        "Records are streamed in key order; two dumps of the same data are byte for byte"
            + " identical. An entry that was to expire keeps its expiry instant; entries"
            + " already expired are left out."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the store or the file failed", "2:bad usage"})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Parameters(index = "0", paramLabel = "URI", description = "The store to export.")
  String uri;

  @Parameters(index = "1", paramLabel = "FILE", description = "The dump file to write.")
  Path file;

  @Option(names = "--tenant", paramLabel = "T", description = "Export only tenant T.")
  String tenant;

  @Mixin
  ProgressOption progress;

  @Override
  public Integer call() throws Exception {
    String scope = tenant == null ? "" : tenant;
    PrintWriter out = spec.commandLine().getOut();
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (ChatStore store = encryption.open(uri)) {
      if (tenant != null) {
        store.tenant(tenant); // checks the id
      }
      long total = store.kv().count(DumpFormat.range(scope));
      long n;
      try (Progress p = progress.start(spec.commandLine().getErr(), "export", total)) {
        n = Dumps.export(store.kv(), scope, Files.newOutputStream(partial), p::advance);
      } catch (RuntimeException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.printf(Locale.ROOT, "exported %,d records of %s to %s (%,d bytes)%n", n,
          tenant == null ? "the whole store" : "tenant '" + tenant + "'", file, Files.size(file));
    }
    return 0;
  }
}
