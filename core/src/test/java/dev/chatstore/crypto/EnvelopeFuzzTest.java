package dev.chatstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.testing.Fuzz;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sealed-value decoder against random and mutated input: a header or a
 * {@link EncryptionException} of reason MALFORMED, and through the store either the exact value
 * that was sealed or an {@link EncryptionException} naming the key — never other bytes, never
 * absence, never another exception. (The timeout only guards against a hang.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EnvelopeFuzzTest {
  private static final byte[] KEY_BYTES = EncryptingKvStoreTest.key(7);

  @Test
  void randomBytes_areAHeaderOrMalformed() {
    SecretKeySpec key = new SecretKeySpec(KEY_BYTES, "AES");
    byte[] storedKey = {0x15, 0x01, 0x02, 'a', 0, 0x15, 0x01, 'k'};
    Fuzz.run("envelope header fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(100_000); i++) {
        byte[] raw = Fuzz.randomBytes(r, 80);
        if (r.nextBoolean() && raw.length >= 2) {
          raw[0] = Envelope.MAGIC0;
          raw[1] = Envelope.MAGIC1;
          if (raw.length > 4 && r.nextBoolean()) {
            raw[2] = Envelope.VERSION;
            raw[3] = (byte) r.nextInt(2);
            raw[4] = (byte) (1 + r.nextInt(40));
          }
        }
        Envelope.Header h;
        try {
          h = Envelope.header(storedKey, raw);
        } catch (EncryptionException e) {
          assertThat(e.reason()).isEqualTo(EncryptionException.Reason.MALFORMED);
          assertThat(e.getMessage()).contains("'a'");
          continue;
        }
        assertThat(h.headerLength()).isBetween(6, raw.length);
        try {
          Envelope.open(storedKey, raw, h, key);
          throw new AssertionError("random bytes " + Fuzz.hex(raw) + " opened");
        } catch (EncryptionException e) {
          assertThat(e.reason()).isEqualTo(EncryptionException.Reason.AUTHENTICATION_FAILED);
        }
      }
    });
  }

  @Test
  void mutatedSealedValues_openToTheOriginalOrFail_namingTheKey() {
    MemoryKvStore backend = new MemoryKvStore(StoreOptions.defaults());
    try (ChatStore store = ChatStore.on(backend, EncryptionConfig.of(
        KeyProvider.of("k-7", Map.of("k-7", KEY_BYTES))))) {
      KvStore creds = store.tenant("victim").area(Area.CREDENTIALS);
      byte[] prefix = store.tenant("victim").subspace(Area.CREDENTIALS).prefix();
      Fuzz.run("sealed value mutation fuzz", r -> {
        for (int i = 0; i < Fuzz.iterations(20_000); i++) {
          byte[] key = {'k', (byte) (i % 7)};
          byte[] value = Fuzz.randomBytes(r, 64);
          creds.write(dev.chatstore.kv.WriteBatch.builder().put(key, value,
              r.nextBoolean() ? null : java.time.Instant.now().plusSeconds(600)).build());
          byte[] abs = Bytes.concat(prefix, key);
          byte[] sealed = backend.get(abs);
          byte[] damaged = Fuzz.mutate(r, sealed);
          backend.put(abs, damaged);
          try {
            byte[] read = creds.get(key);
            assertThat(Arrays.equals(damaged, sealed))
                .as("%s read as %s after damage to %s", Fuzz.hex(sealed), Fuzz.hex(read),
                    Fuzz.hex(damaged)).isTrue();
            assertThat(read).isEqualTo(value);
          } catch (EncryptionException e) {
            assertThat(e.getMessage()).contains("'victim'").contains("CREDENTIALS");
          }
        }
      });
    }
  }
}
