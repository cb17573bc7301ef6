package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.StoreOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a command opens a store that is encrypted at rest ({@link dev.chatstore.crypto}): the
 * {@code --key-file PATH | --key-env VARIABLE} and {@code --areas} options that every command
 * opening a store mixes in. Without a key the store is opened unencrypted, which fails (exit code
 * 1, naming the options to pass) for a store holding encrypted areas. {@code migrate} opens two
 * stores and takes the same options twice, prefixed {@code --from-} and {@code --to-}
 * ({@link Migrate}).
 */
final class EncryptionOptions {
  static final String FILE =
      "A key file (id=BASE64KEY lines and current=id) for an encrypted store.";
  static final String ENV =
      "An environment variable holding id=BASE64KEY[,id=BASE64KEY...] (instead of a key file).";
  static final String AREAS =
      "The encrypted areas, comma-separated (default: CREDENTIALS,SIGNAL); needs a key.";
  private static final String ENCRYPTED_MARK = "holds encrypted areas";

  @Option(names = "--key-file", paramLabel = "PATH", description = FILE)
  Path file;

  @Option(names = "--key-env", paramLabel = "VARIABLE", description = ENV)
  String variable;

  @Option(names = "--areas", split = ",", paramLabel = "AREA", description = AREAS)
  List<Area> areas;

  /** The options' prefix in messages: {@code "--"}, {@code "--from-"} or {@code "--to-"}. */
  private String prefix = "--";

  private static EncryptionOptions of(String prefix, Path file, String variable,
      List<Area> areas) {
    EncryptionOptions o = new EncryptionOptions();
    o.prefix = prefix;
    o.file = file;
    o.variable = variable;
    o.areas = areas;
    return o;
  }

  /** Whether a key was given. */
  boolean present() {
    return file != null || variable != null;
  }

  /**
   * The encryption configuration the options name, or {@code null} when no key was given.
   *
   * @throws IllegalArgumentException when both a key file and a variable, or areas without a key,
   *     are given
   */
  EncryptionConfig config() {
    if (file != null && variable != null) {
      throw new IllegalArgumentException(prefix + "key-file " + file + " and " + prefix
          + "key-env " + variable + " exclude each other: pass one");
    }
    boolean someAreas = areas != null && !areas.isEmpty();
    if (!present()) {
      if (someAreas) {
        throw new IllegalArgumentException(prefix + "areas " + areas + " needs a key: pass "
            + prefix + "key-file PATH or " + prefix + "key-env VARIABLE");
      }
      return null;
    }
    KeyProvider keys = file != null ? KeyProvider.fromFile(file)
        : KeyProvider.fromEnvironment(variable);
    return someAreas ? new EncryptionConfig(keys, EnumSet.copyOf(areas))
        : EncryptionConfig.of(keys);
  }

  /**
   * Opens {@code uri} with these options.
   *
   * @throws IllegalStateException (exit code 1) when no key was given and the store holds
   *     encrypted areas; the message names the options to pass
   */
  ChatStore open(String uri) {
    return open(uri, config());
  }

  /** Opens {@code uri} with {@code config}, the {@link #config()} of these options. */
  ChatStore open(String uri, EncryptionConfig config) {
    try {
      return ChatStore.open(uri, StoreOptions.defaults(), config);
    } catch (IllegalArgumentException e) {
      if (config != null || e.getMessage() == null || !e.getMessage().contains(ENCRYPTED_MARK)) {
        throw e;
      }
      throw new IllegalStateException("store " + uri + " is encrypted (" + e.getMessage()
          + "): pass its key with " + prefix + "key-file PATH or " + prefix
          + "key-env VARIABLE", e);
    }
  }

  /**
   * The options of {@code migrate}, which opens two stores: {@code --from-key-file},
   * {@code --from-key-env}, {@code --from-areas} for the source and {@code --to-...} for the
   * target.
   */
  static final class Migrate {
    @Option(names = "--from-key-file", paramLabel = "PATH", description = "Source: " + FILE)
    Path fromFile;
    @Option(names = "--from-key-env", paramLabel = "VARIABLE", description = "Source: " + ENV)
    String fromVariable;
    @Option(names = "--from-areas", split = ",", paramLabel = "AREA",
        description = "Source: " + AREAS)
    List<Area> fromAreas;
    @Option(names = "--to-key-file", paramLabel = "PATH", description = "Target: " + FILE)
    Path toFile;
    @Option(names = "--to-key-env", paramLabel = "VARIABLE", description = "Target: " + ENV)
    String toVariable;
    @Option(names = "--to-areas", split = ",", paramLabel = "AREA",
        description = "Target: " + AREAS)
    List<Area> toAreas;

    /** The source's options. */
    EncryptionOptions from() {
      return of("--from-", fromFile, fromVariable, fromAreas);
    }

    /** The target's options. */
    EncryptionOptions to() {
      return of("--to-", toFile, toVariable, toAreas);
    }
  }
}
