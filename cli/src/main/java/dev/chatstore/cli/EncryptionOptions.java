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
 * ({@link From}, {@link To}).
 */
abstract class EncryptionOptions {
  static final String FILE = "A key file (id=BASE64KEY lines and current=id) for an encrypted store.";
  static final String ENV =
      "An environment variable holding id=BASE64KEY[,id=BASE64KEY...] (instead of a key file).";
  static final String AREAS =
      "The encrypted areas, comma-separated (default: CREDENTIALS,SIGNAL); needs a key.";
  private static final String ENCRYPTED_MARK = "holds encrypted areas";

  abstract Path file();

  abstract String variable();

  abstract List<Area> areas();

  /** The options' prefix: {@code "--"}, {@code "--from-"} or {@code "--to-"}. */
  abstract String prefix();

  /** Whether a key was given. */
  boolean present() {
    return file() != null || variable() != null;
  }

  /**
   * The encryption configuration the options name, or {@code null} when no key was given.
   *
   * @throws IllegalArgumentException when both a key file and a variable, or areas without a key,
   *     are given
   */
  EncryptionConfig config() {
    if (file() != null && variable() != null) {
      throw new IllegalArgumentException(prefix() + "key-file " + file() + " and " + prefix()
          + "key-env " + variable() + " exclude each other: pass one");
    }
    List<Area> areas = areas();
    boolean someAreas = areas != null && !areas.isEmpty();
    if (!present()) {
      if (someAreas) {
        throw new IllegalArgumentException(prefix() + "areas " + areas + " needs a key: pass "
            + prefix() + "key-file PATH or " + prefix() + "key-env VARIABLE");
      }
      return null;
    }
    KeyProvider keys = file() != null ? KeyProvider.fromFile(file())
        : KeyProvider.fromEnvironment(variable());
    return someAreas ? new EncryptionConfig(keys, EnumSet.copyOf(areas)) : EncryptionConfig.of(keys);
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
          + "): pass its key with " + prefix() + "key-file PATH or " + prefix()
          + "key-env VARIABLE", e);
    }
  }

  /** {@code --key-file}, {@code --key-env}, {@code --areas}. */
  static final class Keys extends EncryptionOptions {
    @Option(names = "--key-file", paramLabel = "PATH", description = FILE)
    Path file;

    @Option(names = "--key-env", paramLabel = "VARIABLE", description = ENV)
    String variable;

    @Option(names = "--areas", split = ",", paramLabel = "AREA", description = AREAS)
    List<Area> areas;

    @Override
    Path file() {
      return file;
    }

    @Override
    String variable() {
      return variable;
    }

    @Override
    List<Area> areas() {
      return areas;
    }

    @Override
    String prefix() {
      return "--";
    }
  }

  /** {@code --from-key-file}, {@code --from-key-env}, {@code --from-areas}: the source's keys. */
  static final class From extends EncryptionOptions {
    @Option(names = "--from-key-file", paramLabel = "PATH", description = "Source: " + FILE)
    Path file;

    @Option(names = "--from-key-env", paramLabel = "VARIABLE", description = "Source: " + ENV)
    String variable;

    @Option(names = "--from-areas", split = ",", paramLabel = "AREA",
        description = "Source: " + AREAS)
    List<Area> areas;

    @Override
    Path file() {
      return file;
    }

    @Override
    String variable() {
      return variable;
    }

    @Override
    List<Area> areas() {
      return areas;
    }

    @Override
    String prefix() {
      return "--from-";
    }
  }

  /** {@code --to-key-file}, {@code --to-key-env}, {@code --to-areas}: the target's keys. */
  static final class To extends EncryptionOptions {
    @Option(names = "--to-key-file", paramLabel = "PATH", description = "Target: " + FILE)
    Path file;

    @Option(names = "--to-key-env", paramLabel = "VARIABLE", description = "Target: " + ENV)
    String variable;

    @Option(names = "--to-areas", split = ",", paramLabel = "AREA",
        description = "Target: " + AREAS)
    List<Area> areas;

    @Override
    Path file() {
      return file;
    }

    @Override
    String variable() {
      return variable;
    }

    @Override
    List<Area> areas() {
      return areas;
    }

    @Override
    String prefix() {
      return "--to-";
    }
  }
}
