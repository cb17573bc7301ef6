package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.Encryption;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.crypto.RekeyProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore rekey}: re-seals every value of the encrypted areas that is not sealed with the
 * current key (values of an older key, and plaintext written before encryption was enabled),
 * printing a progress bar, then marks the areas fully sealed. Safe to run again and beside
 * running writers; afterwards the old keys may be removed from the key file.
 */
@Command(name = "rekey", mixinStandardHelpOptions = true,
    description = "Re-seal the encrypted areas with the current key (after a key rotation, or to"
        + " encrypt plaintext written before encryption was enabled).")
final class RekeyCommand implements Callable<Integer> {
  private static final int BAR = 30;

  @Spec
  CommandSpec spec;

  @Option(names = "--uri", defaultValue = ChatStore.DEFAULT_URI,
      description = "The store to rekey (default: ${DEFAULT-VALUE}).")
  String uri;

  @Mixin
  EncryptionOptions keys;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EncryptionConfig config = keys.config();
    if (config == null) {
      throw new IllegalArgumentException("rekey needs the keys: pass --key-file PATH or"
          + " --key-env VARIABLE");
    }
    KeyProvider provider = config.keys();
    out.println("chatstore rekey on " + uri + ": areas " + config.areas() + ", current key '"
        + provider.currentKeyId() + "'");
    long t0 = System.nanoTime();
    try (ChatStore store = keys.open(uri, config)) {
      int[] shown = {-1};
      RekeyProgress done = Encryption.rekey(store, p -> {
        int step = p.percent() / 10;
        if (step != shown[0]) {
          shown[0] = step;
          out.println(bar(p));
        }
      });
      out.printf(Locale.ROOT, "rekey done: %,d entries scanned, %,d re-sealed with key '%s'"
          + " in %.1f s%n", done.scanned(), done.resealed(), provider.currentKeyId(),
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }

  static String bar(RekeyProgress p) {
    int filled = p.percent() * BAR / 100;
    return String.format(Locale.ROOT, "  [%s%s] %3d%%  %,d/%,d entries, %,d re-sealed",
        "#".repeat(filled), ".".repeat(BAR - filled), p.percent(), p.scanned(), p.total(),
        p.resealed());
  }
}
