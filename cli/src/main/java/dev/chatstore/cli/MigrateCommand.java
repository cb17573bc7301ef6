package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore migrate --from URI --to URI}: copies every entry of one store into another,
 * resumably, and verifies the copy ({@link Migration}).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Copy everything from one store to another (any backend to any other),"
        + " then verify the copy: count and SHA-256 per tenant.",
        "Entries are copied in key order in atomic batches; each batch also records a"
            + " checkpoint (the last key copied) in the target's system records, so an"
            + " interrupted migration resumes where it stopped when run again with the same"
            + " --from. The checkpoint is removed once the copy is verified.",
        "The target must be empty (unless resuming); the source must not be written meanwhile."
            + " An entry that was to expire is copied with its expiry instant; entries already"
            + " expired are not copied.",
        "An encrypted source needs its keys (--from-key-file or --from-key-env); with"
            + " --to-key-file or --to-key-env the target's areas are encrypted with the target's"
            + " keys, so a migration can also encrypt a store or change its keys."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:copied and verified",
        "1:the copy stopped (run again to resume), the target is not empty, verification"
            + " found a difference, or a store failed",
        "2:bad usage"})
final class MigrateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "URI", description = "The source store.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "URI", description = "The target store.")
  String to;

  @Option(names = "--batch", defaultValue = "1000", paramLabel = "N",
      description = "Entries per atomic batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--stop-after-batches", hidden = true, defaultValue = "-1",
      description = "Testing: stop after N batches, as an interruption would.")
  long stopAfter;

  @Mixin
  ProgressOption progress;

  @Mixin
  EncryptionOptions.Migrate keys;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (from.equals(to)) {
      throw new IllegalArgumentException("--from and --to are the same store " + from);
    }
    try (ChatStore source = keys.from().open(from); ChatStore target = keys.to().open(to)) {
      Migration m = new Migration(source, target, batch);
      Migration.Checkpoint cp;
      try {
        cp = m.prepare();
      } catch (IllegalStateException e) {
        err.println("chatstore: " + e.getMessage());
        return 1;
      }
      long total = Migration.count(source.kv());
      if (cp != null) {
        out.printf(Locale.ROOT, "resuming: %,d entries were copied before, up to %s%n",
            cp.copied(), KeyText.format(cp.lastKey()));
      }
      boolean complete;
      try (Progress p = progress.start(err, "copy", total)) {
        if (cp != null) {
          p.advance(cp.copied());
        }
        complete = m.copy(cp, stopAfter, p::advance);
      }
      if (!complete) {
        err.println("chatstore: stopped after " + stopAfter + " batches as asked; run the"
            + " same command again to resume");
        return 1;
      }
      List<Migration.Check> checks;
      try (Progress p = progress.start(err, "verify", 2 * total)) {
        checks = m.verify(p::advance);
      }
      return report(m, checks, out, err);
    }
  }

  private int report(Migration m, List<Migration.Check> checks, PrintWriter out,
      PrintWriter err) {
    int width = Math.max(7, checks.stream().mapToInt(c -> name(c).length()).max().orElse(7));
    out.printf(Locale.ROOT, "%-" + width + "s %12s %12s  %-16s  %s%n", "TENANT", "SOURCE",
        "TARGET", "SHA-256", "CHECK");
    long entries = 0;
    int bad = 0;
    for (Migration.Check c : checks) {
      out.printf(Locale.ROOT, "%-" + width + "s %,12d %,12d  %-16s  %s%n", name(c),
          c.sourceCount(), c.targetCount(), c.sourceSha().substring(0, 16),
          c.ok() ? "ok" : "DIFFERENT (target " + c.targetSha().substring(0, 16) + ")");
      entries += c.sourceCount();
      bad += c.ok() ? 0 : 1;
    }
    if (bad > 0) {
      err.println("chatstore: verification failed for " + bad + " of " + checks.size()
          + " tenants; the checkpoint is kept");
      return 1;
    }
    m.finish();
    out.printf(Locale.ROOT, "migrated %,d entries of %d tenants from %s to %s, verified%n",
        entries, checks.size() - 1, from, to);
    return 0;
  }

  private static String name(Migration.Check c) {
    return c.tenant() == null ? "(system)" : c.tenant();
  }
}
