package dev.chatstore.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A damaged expiry envelope (emulated expiry, {@link Features#fill}) is an error naming the key
 * for every read — never a value read as absent, expired, or cut.
 */
class CorruptExpiryEnvelopeTest {
  private final MemoryKvStore raw = new MemoryKvStore(StoreOptions.defaults(), Set.of());
  private final KvStore filled = Features.fill(raw);

  @AfterEach
  void close() {
    filled.close();
  }

  private void assertDamagedNamingTheKey(byte[] key, byte[] stored, String why) {
    raw.put(key, stored);
    String hexKey = "0x" + java.util.HexFormat.of().formatHex(key);
    for (Runnable read : List.<Runnable>of(() -> filled.get(key),
        () -> filled.getAll(List.of(key)), () -> filled.scan(KeyRange.all(), Direction.ASCENDING, 10),
        () -> filled.scan(KeyRange.all(), Direction.DESCENDING, 10),
        () -> filled.count(KeyRange.all()),
        () -> filled.write(WriteBatch.builder().check(key, new byte[] {1}).build()))) {
      assertThatThrownBy(read::run).as(why).isInstanceOfSatisfying(StoreException.class,
          e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.SERIALIZATION))
          .hasMessageContaining(hexKey).hasMessageContaining("expiry envelope");
    }
    raw.delete(key);
  }

  @Test
  void damagedEnvelopes_areErrorsNamingTheKey() {
    byte[] key = {0x15, 0x01, 0x02, 'k', 0};
    assertDamagedNamingTheKey(key, new byte[0], "an empty stored value");
    assertDamagedNamingTheKey(key, new byte[] {7, 'v'}, "an unknown flag");
    assertDamagedNamingTheKey(key, new byte[] {1, 0, 0, 0}, "an expiry cut short");
  }

  @Test
  void healthyEnvelopes_stillRead() {
    filled.put(new byte[] {1}, new byte[] {42});
    filled.write(WriteBatch.builder().put(new byte[] {2}, new byte[0],
        java.time.Instant.now().plusSeconds(3600)).build());
    assertThat(filled.get(new byte[] {1})).containsExactly(42);
    assertThat(filled.get(new byte[] {2})).isEmpty();
    assertThat(filled.count(KeyRange.all())).isEqualTo(2);
  }
}
