package dev.chatstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key rotated while the store runs: reloaded key file, and a rekey beside busy writers. */
class OnlineRotationTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(byte[] k) {
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void reloadedKeyFile_sealsNewWritesWithTheNewKey_whileOldValuesStillOpen(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "k1=" + b64(EncryptingKvStoreTest.K1));
    KeyFileProvider keys = KeyProvider.fromFile(file);
    MemoryKvStore backend = new MemoryKvStore(StoreOptions.defaults());
    try (ChatStore store = ChatStore.on(backend, EncryptionConfig.of(keys))) {
      KvStore creds = store.tenant("a").area(Area.CREDENTIALS);
      byte[] prefix = store.tenant("a").subspace(Area.CREDENTIALS).prefix();
      creds.put(b("old"), b("1"));
      Files.writeString(file, "current=k2\nk1=" + b64(EncryptingKvStoreTest.K1) + "\nk2="
          + b64(EncryptingKvStoreTest.K2));
      keys.reload();
      creds.put(b("new"), b("2"));
      assertThat(Envelope.header(prefix, backend.get(Bytes.concat(prefix, b("new")))).keyId())
          .isEqualTo("k2");
      assertThat(Envelope.header(prefix, backend.get(Bytes.concat(prefix, b("old")))).keyId())
          .isEqualTo("k1");
      assertThat(creds.get(b("old"))).isEqualTo(b("1"));
      assertThat(creds.get(b("new"))).isEqualTo(b("2"));
    }
  }

  @Test
  void rekey_besideWriters_leavesEveryValueUnderTheNewKey_andEveryLastWriteInPlace()
      throws Exception {
    MemoryKvStore backend = new MemoryKvStore(StoreOptions.defaults());
    KvStore shared = EncryptingKvStoreTest.unclosed(backend);
    ChatStore old = ChatStore.on(shared, EncryptionConfig.of(
        KeyProvider.of("k1", Map.of("k1", EncryptingKvStoreTest.K1))));
    for (int i = 0; i < 2000; i++) {
      old.tenant("t" + (i % 4)).area(Area.SIGNAL).put(b("key" + i), b("v0-" + i));
    }
    ChatStore store = ChatStore.on(shared, EncryptionConfig.of(KeyProvider.of("k2", Map.of(
        "k1", EncryptingKvStoreTest.K1, "k2", EncryptingKvStoreTest.K2))));
    Map<String, String> last = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int seed = w;
      writers.add(Thread.ofPlatform().start(() -> {
        java.util.Random r = new java.util.Random(seed);
        for (int n = 0; !stop.get(); n++) {
          int i = r.nextInt(2000);
          String v = "w" + seed + "-" + n;
          synchronized (last) { // one writer per key at a time, so "last" is the stored value
            store.tenant("t" + (i % 4)).area(Area.SIGNAL).put(b("key" + i), b(v));
            last.put("key" + i, v);
          }
        }
      }));
    }
    RekeyProgress done = Encryption.rekey(store, null);
    stop.set(true);
    for (Thread t : writers) {
      t.join();
    }
    assertThat(done.scanned()).isEqualTo(2000);
    ChatStore onlyK2 = ChatStore.on(shared, EncryptionConfig.of(
        KeyProvider.of("k2", Map.of("k2", EncryptingKvStoreTest.K2))));
    for (int i = 0; i < 2000; i++) {
      String expected = last.getOrDefault("key" + i, "v0-" + i);
      assertThat(onlyK2.tenant("t" + (i % 4)).area(Area.SIGNAL).get(b("key" + i)))
          .as("key%d after a rekey beside writers", i).isEqualTo(b(expected));
    }
    backend.close();
  }
}
