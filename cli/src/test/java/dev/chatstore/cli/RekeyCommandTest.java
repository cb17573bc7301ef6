package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore rekey} through main's entry, on a SQLite store, across a key rotation. */
class RekeyCommandTest {
  private static final int VALUES = 600;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return Base64.getEncoder().encodeToString(k);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rekey_sealsPlaintext_thenReseals_afterARotation(@TempDir Path dir) throws Exception {
    String uri = "sqlite:" + dir.resolve("data");
    try (ChatStore plain = ChatStore.open(uri)) {
      for (int t = 0; t < 3; t++) {
        WriteBatch.Builder batch = WriteBatch.builder();
        for (int i = 0; i < VALUES / 3; i++) {
          batch.put(b("k" + i), b("secret " + t + "/" + i));
        }
        plain.tenant("acct-" + t).area(Area.CREDENTIALS).write(batch.build());
      }
    }
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "k1=" + key(1) + "\n");
    Run first = run("rekey", "--uri", uri, "--key-file", keys.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("current key 'k1'")
        .contains("[" + "#".repeat(30) + "] 100%  600/600 entries, 600 re-sealed")
        .contains("rekey done: 600 entries scanned, 600 re-sealed with key 'k1'");

    Files.writeString(keys, "current=k2\nk1=" + key(1) + "\nk2=" + key(2) + "\n");
    Run second = run("rekey", "--uri", uri, "--key-file", keys.toString());
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("600 re-sealed with key 'k2'").contains("  0%");

    Files.writeString(keys, "k2=" + key(2) + "\n");
    try (ChatStore store = ChatStore.open(uri, StoreOptions.defaults(),
        EncryptionConfig.of(KeyProvider.fromFile(keys)))) {
      for (int t = 0; t < 3; t++) {
        KvStore creds = store.tenant("acct-" + t).area(Area.CREDENTIALS);
        for (int i = 0; i < VALUES / 3; i++) {
          assertThat(creds.get(b("k" + i))).isEqualTo(b("secret " + t + "/" + i));
        }
      }
    }
    assertThat(run("rekey", "--uri", uri, "--key-file", keys.toString()).out())
        .contains("0 re-sealed");
  }

  @Test
  void rekey_withoutTheOldKey_failsNamingIt(@TempDir Path dir) throws Exception {
    String uri = "sqlite:" + dir.resolve("data");
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "k1=" + key(1));
    try (ChatStore store = ChatStore.open(uri, StoreOptions.defaults(),
        EncryptionConfig.of(KeyProvider.fromFile(keys)))) {
      store.tenant("a").area(Area.SIGNAL).put(b("session"), b("state"));
    }
    Files.writeString(keys, "k3=" + key(3));
    Run r = run("rekey", "--uri", uri, "--key-file", keys.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("key id 'k1'").contains("SIGNAL");
  }

  @Test
  void rekey_needsExactlyOneKeySource() {
    Run none = run("rekey", "--uri", "memory:");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("--key-file").contains("--key-env");
    Run unset = run("rekey", "--uri", "memory:", "--key-env", "CHATSTORE_TEST_UNSET_KEYS_VAR");
    assertThat(unset.exit()).isEqualTo(2);
    assertThat(unset.err()).contains("CHATSTORE_TEST_UNSET_KEYS_VAR is not set");
  }
}
