package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that open a store, on a SQLite store whose credentials are encrypted at rest. */
class EncryptedStoreCommandTest {
  private static final int VALUES = 50;

  @TempDir
  Path dir;

  private Path keys;
  private String source;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return Base64.getEncoder().encodeToString(k);
  }

  private EncryptionConfig config() {
    return EncryptionConfig.of(KeyProvider.fromFile(keys));
  }

  @BeforeEach
  void encryptedStore() throws Exception {
    keys = dir.resolve("keys");
    Files.writeString(keys, "k1=" + key(1) + "\n");
    source = "sqlite:" + dir.resolve("source");
    try (ChatStore store = ChatStore.open(source, StoreOptions.defaults(), config())) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < VALUES; i++) {
        batch.put(b("k" + i), b("secret-value-" + i));
      }
      store.tenant("alice").area(Area.CREDENTIALS).write(batch.build());
    }
    assertThat(rawValues(source)).noneMatch(v -> v.contains("secret-value-"));
  }

  /** Every value of the store as the backend holds it, decoded as text. */
  private static List<String> rawValues(String uri) {
    List<String> out = new ArrayList<>();
    try (KvStore raw = ChatStore.provider(uri).open(uri, StoreOptions.defaults())) {
      for (KvEntry e : raw.scan(KeyRange.all(), Direction.ASCENDING, 10_000).entries()) {
        out.add(new String(e.value(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  private static void assertHoldsTheSecrets(String uri, EncryptionConfig config) {
    try (ChatStore store = ChatStore.open(uri, StoreOptions.defaults(), config)) {
      KvStore creds = store.tenant("alice").area(Area.CREDENTIALS);
      for (int i = 0; i < VALUES; i++) {
        assertThat(creds.get(b("k" + i))).isEqualTo(b("secret-value-" + i));
      }
    }
  }

  @Test
  void export_withoutTheKey_failsSayingTheStoreIsEncrypted_andWritesNothing() {
    Path file = dir.resolve("x.dump");
    Cli e = Cli.run("export", source, file.toString());
    assertThat(e.exit()).as(e.toString()).isEqualTo(1);
    assertThat(e.err()).contains("is encrypted").contains("--key-file PATH")
        .contains("--key-env VARIABLE").contains("CREDENTIALS");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void export_withTheKey_writesPlaintext_andImport_withAKey_sealsTheValues() throws Exception {
    Path file = dir.resolve("x.dump");
    Cli e = Cli.run("export", "--key-file", keys.toString(), source, file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    String dump = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    for (int i = 0; i < VALUES; i++) {
      assertThat(dump).contains("secret-value-" + i);
    }

    Path other = dir.resolve("other-keys");
    Files.writeString(other, "t1=" + key(7) + "\n");
    String target = "sqlite:" + dir.resolve("target");
    Cli i = Cli.run("import", "--key-file", other.toString(), target, file.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    assertThat(rawValues(target)).isNotEmpty().noneMatch(v -> v.contains("secret-value-"));
    assertHoldsTheSecrets(target, EncryptionConfig.of(KeyProvider.fromFile(other)));
  }

  @Test
  void aDecryptedDump_importsIntoAPlainStore_asPlainData() {
    Path file = dir.resolve("x.dump");
    Cli e = Cli.run("export", "--key-file", keys.toString(), source, file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    String target = "sqlite:" + dir.resolve("plain-target");
    Cli i = Cli.run("import", target, file.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    // The source's encryption markers stay with the source: the target opens without a key.
    try (ChatStore store = ChatStore.open(target)) {
      KvStore creds = store.tenant("alice").area(Area.CREDENTIALS);
      for (int n = 0; n < VALUES; n++) {
        assertThat(creds.get(b("k" + n))).isEqualTo(b("secret-value-" + n));
      }
    }
  }

  @Test
  void inspect_needsTheKey_andShowsThePlaintextWithIt() {
    Cli without = Cli.run("inspect", source);
    assertThat(without.exit()).as(without.toString()).isEqualTo(1);
    assertThat(without.err()).contains("is encrypted").contains("--key-file");

    Cli with = Cli.run("inspect", "--key-file", keys.toString(), "--limit", "100", source,
        "alice/credentials");
    assertThat(with.exit()).as(with.toString()).isZero();
    assertThat(with.out()).contains("secret-value-0").contains("secret-value-" + (VALUES - 1));

    Cli noVariable = Cli.run("inspect", "--key-env", "CHATSTORE_TEST_NO_SUCH_VARIABLE", source);
    assertThat(noVariable.exit()).as(noVariable.toString()).isNotZero();
    assertThat(noVariable.err()).contains("CHATSTORE_TEST_NO_SUCH_VARIABLE");
  }

  @Test
  void keyFileAndKeyEnv_excludeEachOther_asBadUsage() {
    Cli c = Cli.run("export", "--key-file", keys.toString(), "--key-env", "X", source,
        dir.resolve("x.dump").toString());
    assertThat(c.exit()).as(c.toString()).isEqualTo(2);
    assertThat(c.err()).contains("exclude each other");
  }

  @Test
  void migrate_takesTheSourceAndTargetKeysApart() throws Exception {
    String target = "sqlite:" + dir.resolve("target");
    Cli without = Cli.run("migrate", "--progress=OFF", "--from", source, "--to", target);
    assertThat(without.exit()).as(without.toString()).isEqualTo(1);
    assertThat(without.err()).contains("is encrypted").contains("--from-key-file PATH");

    Path other = dir.resolve("other-keys");
    Files.writeString(other, "t1=" + key(7) + "\n");
    String sealed = "sqlite:" + dir.resolve("sealed");
    Cli m = Cli.run("migrate", "--progress=OFF", "--from", source, "--from-key-file",
        keys.toString(), "--to", sealed, "--to-key-file", other.toString());
    assertThat(m.exit()).as(m.toString()).isZero();
    assertThat(m.out()).contains("verified");
    assertThat(rawValues(sealed)).noneMatch(v -> v.contains("secret-value-"));
    assertHoldsTheSecrets(sealed, EncryptionConfig.of(KeyProvider.fromFile(other)));
  }

  @Test
  void help_listsTheKeyOptions() {
    assertThat(Cli.run("export", "--help").out()).contains("--key-file").contains("--key-env")
        .contains("--areas");
    assertThat(Cli.run("migrate", "--help").out()).contains("--from-key-file")
        .contains("--to-key-env").contains("--to-areas");
  }
}
