package dev.chatstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Values of encrypted areas are sealed at rest, bound to their key, and opened only by their key. */
class EncryptingKvStoreTest {
  static final byte[] K1 = key(1);
  static final byte[] K2 = key(2);

  private final MemoryKvStore backend = new MemoryKvStore(StoreOptions.defaults());

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return k;
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  /** A chatstore on the shared backend, which the test closes. */
  private ChatStore open(KeyProvider keys, Area... areas) {
    ChatStore s = ChatStore.on(unclosed(backend), keys == null ? null
        : EncryptionConfig.of(keys, areas));
    return s;
  }

  private ChatStore open(KeyProvider keys) {
    return open(keys, Area.CREDENTIALS, Area.SIGNAL);
  }

  private byte[] raw(ChatStore s, String tenant, Area area, byte[] key) {
    return backend.get(Bytes.concat(s.tenant(tenant).subspace(area).prefix(), key));
  }

  private void putRaw(ChatStore s, String tenant, Area area, byte[] key, byte[] value) {
    backend.put(Bytes.concat(s.tenant(tenant).subspace(area).prefix(), key), value);
  }

  @Test
  void encryptedArea_storesSealedBytes_andReadsThePlaintext_otherAreasStayPlain() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    KvStore creds = s.tenant("alice").area(Area.CREDENTIALS);
    creds.put(b("identity"), b("secret identity key"));
    s.tenant("alice").area(Area.CHAT).put(b("m1"), b("hello"));

    byte[] stored = raw(s, "alice", Area.CREDENTIALS, b("identity"));
    assertThat(stored[0]).isEqualTo(Envelope.MAGIC0);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    assertThat(creds.get(b("identity"))).isEqualTo(b("secret identity key"));
    assertThat(raw(s, "alice", Area.CHAT, b("m1"))).isEqualTo(b("hello"));
    assertThat(creds.getAll(List.of(b("identity"), b("none"))).get(0))
        .isEqualTo(b("secret identity key"));
    assertThat(creds.scanAll(KeyRange.all())).containsExactly(
        new KvEntry(b("identity"), b("secret identity key")));
    assertThat(creds.count(KeyRange.all())).isEqualTo(1);
    assertThat(creds.get(b("none"))).isNull();
  }

  @Test
  void sameValueTwice_isSealedDifferently() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    KvStore creds = s.tenant("a").area(Area.CREDENTIALS);
    creds.put(b("x"), b("v"));
    creds.put(b("y"), b("v"));
    assertThat(raw(s, "a", Area.CREDENTIALS, b("x"))).isNotEqualTo(raw(s, "a", Area.CREDENTIALS,
        b("y")));
  }

  @Test
  void valueCopiedToAnotherKey_orTenant_failsToOpen_namingTheKey() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    s.tenant("alice").area(Area.CREDENTIALS).put(b("identity"), b("alice's key"));
    byte[] sealed = raw(s, "alice", Area.CREDENTIALS, b("identity"));
    putRaw(s, "alice", Area.CREDENTIALS, b("other"), sealed);
    putRaw(s, "mallory", Area.CREDENTIALS, b("identity"), sealed);

    assertThatThrownBy(() -> s.tenant("alice").area(Area.CREDENTIALS).get(b("other")))
        .isInstanceOfSatisfying(EncryptionException.class, e -> {
          assertThat(e.reason()).isEqualTo(EncryptionException.Reason.AUTHENTICATION_FAILED);
          assertThat(e.keyId()).isEqualTo("k1");
        })
        .hasMessageContaining("0x6f74686572").hasMessageContaining("'alice'")
        .hasMessageContaining("CREDENTIALS").hasMessageContaining("'k1'");
    assertThatThrownBy(() -> s.tenant("mallory").area(Area.CREDENTIALS).get(b("identity")))
        .isInstanceOf(EncryptionException.class).hasMessageContaining("'mallory'");
  }

  @Test
  void wrongKeyBytes_orMissingKey_areClearErrors_namingTheKeyIdAndRecord() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    s.tenant("alice").area(Area.SIGNAL).put(b("session"), b("state"));

    ChatStore wrong = open(KeyProvider.of("k1", Map.of("k1", K2)));
    assertThatThrownBy(() -> wrong.tenant("alice").area(Area.SIGNAL).get(b("session")))
        .isInstanceOfSatisfying(EncryptionException.class, e -> assertThat(e.reason())
            .isEqualTo(EncryptionException.Reason.AUTHENTICATION_FAILED))
        .hasMessageContaining("'k1'").hasMessageContaining("SIGNAL")
        .hasMessageContaining("0x73657373696f6e");

    ChatStore missing = open(KeyProvider.of("k9", Map.of("k9", K2)));
    assertThatThrownBy(() -> missing.tenant("alice").area(Area.SIGNAL).get(b("session")))
        .isInstanceOfSatisfying(EncryptionException.class, e -> {
          assertThat(e.reason()).isEqualTo(EncryptionException.Reason.KEY_MISSING);
          assertThat(e.keyId()).isEqualTo("k1");
        })
        .hasMessageContaining("key id 'k1'").hasMessageContaining("does not have");
    assertThatThrownBy(() -> missing.tenant("alice").area(Area.SIGNAL).scanAll(KeyRange.all()))
        .isInstanceOf(EncryptionException.class);
  }

  @Test
  void rotation_newWritesUseTheNewKey_oldValuesStillOpen_rekeyResealsThemAll() {
    ChatStore s1 = open(KeyProvider.of("k1", Map.of("k1", K1)));
    for (int i = 0; i < 1200; i++) {
      s1.tenant("t" + (i % 3)).area(Area.CREDENTIALS).put(b("key" + i), b("value" + i));
    }
    ChatStore s2 = open(KeyProvider.of("k2", Map.of("k1", K1, "k2", K2)));
    s2.tenant("t0").area(Area.CREDENTIALS).put(b("new"), b("fresh"));
    assertThat(Envelope.header(new byte[0], raw(s2, "t0", Area.CREDENTIALS, b("new"))).keyId())
        .isEqualTo("k2");
    assertThat(s2.tenant("t1").area(Area.CREDENTIALS).get(b("key1"))).isEqualTo(b("value1"));

    List<RekeyProgress> seen = new ArrayList<>();
    RekeyProgress done = Encryption.rekey(s2, seen::add);
    assertThat(done.total()).isEqualTo(1201);
    assertThat(done.scanned()).isEqualTo(1201);
    assertThat(done.resealed()).isEqualTo(1200);
    assertThat(seen).hasSizeGreaterThan(2);
    assertThat(seen.get(seen.size() - 1).percent()).isEqualTo(100);

    ChatStore onlyK2 = open(KeyProvider.of("k2", Map.of("k2", K2)));
    for (int i = 0; i < 1200; i++) {
      assertThat(onlyK2.tenant("t" + (i % 3)).area(Area.CREDENTIALS).get(b("key" + i)))
          .as("value %d after rekey, opened without the old key", i).isEqualTo(b("value" + i));
    }
    assertThat(Encryption.rekey(onlyK2, null).resealed()).as("a second rekey").isZero();
  }

  @Test
  void plaintextWrittenBeforeEncryption_isReadThenResealed_andAfterwardsUnsealedIsAnError() {
    ChatStore plain = open(null);
    plain.tenant("old").area(Area.CREDENTIALS).put(b("creds"), b("legacy plaintext"));
    plain.tenant("old").area(Area.APP).put(b("free"), b("app data"));

    ChatStore enc = open(KeyProvider.of("k1", Map.of("k1", K1)));
    EncryptingKvStore layer = Encryption.of(enc);
    assertThat(layer.mayHoldPlaintext(Area.CREDENTIALS)).isTrue();
    assertThat(enc.tenant("old").area(Area.CREDENTIALS).get(b("creds")))
        .isEqualTo(b("legacy plaintext"));

    assertThat(layer.rekey(null).resealed()).isEqualTo(1);
    assertThat(layer.mayHoldPlaintext(Area.CREDENTIALS)).isFalse();
    assertThat(Envelope.looksSealed(raw(enc, "old", Area.CREDENTIALS, b("creds")))).isTrue();
    assertThat(raw(enc, "old", Area.APP, b("free"))).isEqualTo(b("app data"));
    assertThat(enc.tenant("old").area(Area.CREDENTIALS).get(b("creds")))
        .isEqualTo(b("legacy plaintext"));

    putRaw(enc, "old", Area.CREDENTIALS, b("injected"), b("plaintext slipped in"));
    ChatStore again = open(KeyProvider.of("k1", Map.of("k1", K1)));
    assertThatThrownBy(() -> again.tenant("old").area(Area.CREDENTIALS).get(b("injected")))
        .isInstanceOf(EncryptionException.class).hasMessageContaining("is not sealed")
        .hasMessageContaining("'old'");
  }

  @Test
  void freshStore_isSealedFromTheStart() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    assertThat(Encryption.of(s).mayHoldPlaintext(Area.CREDENTIALS)).isFalse();
    putRaw(s, "a", Area.CREDENTIALS, b("k"), b("plain"));
    assertThatThrownBy(() -> s.tenant("a").area(Area.CREDENTIALS).get(b("k")))
        .isInstanceOf(EncryptionException.class);
  }

  @Test
  void encryptedStore_cannotBeOpenedWithoutItsAreas() {
    open(KeyProvider.of("k1", Map.of("k1", K1)));
    assertThatThrownBy(() -> open(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encrypted areas").hasMessageContaining("CREDENTIALS");
    assertThatThrownBy(() -> open(KeyProvider.of("k1", Map.of("k1", K1)), Area.CREDENTIALS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[SIGNAL]");
    assertThatThrownBy(() -> Encryption.of(ChatStore.on(new MemoryKvStore(StoreOptions.defaults()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without encryption");
  }

  @Test
  void checkOnAnEncryptedKey_comparesPlaintext_andFailsWhenItDiffers() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    KvStore creds = s.tenant("a").area(Area.CREDENTIALS);
    creds.put(b("n"), b("1"));
    assertThat(creds.write(WriteBatch.builder().check(b("n"), b("2")).put(b("n"), b("3"))
        .build())).isFalse();
    assertThat(creds.get(b("n"))).isEqualTo(b("1"));
    assertThat(creds.write(WriteBatch.builder().check(b("n"), b("1")).put(b("n"), b("2"))
        .build())).isTrue();
    assertThat(creds.writeAsync(WriteBatch.builder().check(b("n"), b("2")).put(b("n"), b("3"))
        .build()).join()).isTrue();
    assertThat(creds.get(b("n"))).isEqualTo(b("3"));
  }

  @Test
  void rekey_keepsTheExpiryOfSealedValues() {
    ChatStore s1 = open(KeyProvider.of("k1", Map.of("k1", K1)));
    java.time.Instant until = java.time.Instant.now().plusSeconds(3600);
    s1.tenant("a").area(Area.CREDENTIALS).write(WriteBatch.builder()
        .put(b("tmp"), b("v"), until).build());
    ChatStore s2 = open(KeyProvider.of("k2", Map.of("k1", K1, "k2", K2)));
    Encryption.rekey(s2, null);
    Envelope.Header h = Envelope.header(new byte[0], raw(s2, "a", Area.CREDENTIALS, b("tmp")));
    assertThat(h.keyId()).isEqualTo("k2");
    assertThat(h.expiresAtMillis()).isEqualTo(until.toEpochMilli());
  }

  /** Regression: rekey sealed an expiring plaintext value written before encryption as permanent. */
  @Test
  void rekey_keepsTheExpiryOfPlaintextValuesItSeals() {
    java.time.Instant until = java.time.Instant.now().plusSeconds(3600);
    open(null).tenant("a").area(Area.CREDENTIALS).write(WriteBatch.builder()
        .put(b("tmp"), b("v"), until).put(b("kept"), b("w")).build());
    ChatStore enc = open(KeyProvider.of("k1", Map.of("k1", K1)));
    assertThat(Encryption.rekey(enc, null).resealed()).isEqualTo(2);
    Envelope.Header h = Envelope.header(new byte[0], raw(enc, "a", Area.CREDENTIALS, b("tmp")));
    assertThat(h.expiresAtMillis()).isEqualTo(until.toEpochMilli());
    assertThat(enc.tenant("a").area(Area.CREDENTIALS).scanWithExpiry(KeyRange.all(),
        dev.chatstore.kv.Direction.ASCENDING, 10).entries()).as("expiry seen through the layer")
        .containsExactly(new KvEntry(b("kept"), b("w")),
            new KvEntry(b("tmp"), b("v"), until.toEpochMilli()));
  }

  @Test
  void valueLimit_shrinksByTheEnvelope_andAValueOverItWritesNothing() {
    ChatStore s = open(KeyProvider.of("k1", Map.of("k1", K1)));
    KvStore creds = s.tenant("a").area(Area.CREDENTIALS);
    int max = creds.maxValueBytes();
    assertThat(max).isEqualTo(backend.maxValueBytes() - Envelope.MAX_OVERHEAD);
    creds.put(b("at"), new byte[max]);
    assertThat(creds.get(b("at"))).hasSize(max);
    assertThatThrownBy(() -> creds.put(b("over"), new byte[max + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(max + 1)).hasMessageContaining(Integer.toString(max));
    assertThat(creds.get(b("over"))).isNull();
  }

  /** {@code store} with close left to the test: a failed open closes what it was given. */
  static KvStore unclosed(KvStore store) {
    return (KvStore) java.lang.reflect.Proxy.newProxyInstance(KvStore.class.getClassLoader(),
        new Class<?>[] {KvStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
