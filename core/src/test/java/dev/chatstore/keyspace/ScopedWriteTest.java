package dev.chatstore.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes through a tenant's view: keys land under the view's prefix, and a batch that breaks the
 * view's limits (keys shorter by the prefix) is refused whole, naming the operation and the
 * view's limit.
 */
class ScopedWriteTest {
  private MemoryKvStore store;
  private KvStore view;

  @BeforeEach
  void open() {
    store = new MemoryKvStore(StoreOptions.defaults());
    view = new Keyspace(store).tenant("t").area(Area.APP);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] key(int length, int fill) {
    byte[] k = new byte[length];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void keyOfTheViewsLimit_isWritten_underThePrefix() {
    int limit = view.maxKeyBytes();
    assertThat(limit).isLessThan(KvLimits.MAX_KEY_BYTES);
    byte[] longest = key(limit, 7);
    assertThat(view.write(WriteBatch.builder().put(longest, new byte[] {1})
        .check(key(limit, 8), null).build())).isTrue();
    assertThat(view.get(longest)).containsExactly(1);
    assertThat(store.count(KeyRange.all())).isEqualTo(1);
    byte[] stored = store.scanAll(KeyRange.all()).get(0).key();
    assertThat(stored).hasSize(KvLimits.MAX_KEY_BYTES);
    assertThat(Arrays.copyOfRange(stored, stored.length - limit, stored.length))
        .isEqualTo(longest);
  }

  @Test
  void keyPastTheViewsLimit_butWithinTheStores_isRefusedNamingTheViewsLimit_nothingWritten() {
    int limit = view.maxKeyBytes();
    byte[] tooLong = key(limit + 1, 7);
    WriteBatch batch = WriteBatch.builder().put(new byte[] {1}, new byte[] {1})
        .put(tooLong, new byte[] {2}).build();
    String message = "operation 1 of the write batch";
    String reason = "key of " + (limit + 1) + " bytes exceeds the limit of " + limit + " bytes";
    assertThatThrownBy(() -> view.write(batch)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message).hasMessageEndingWith(reason);
    assertThatThrownBy(() -> view.writeAsync(batch)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message).hasMessageEndingWith(reason);
    for (WriteBatch b : new WriteBatch[] {
        WriteBatch.builder().delete(tooLong).build(),
        WriteBatch.builder().checkAbsent(tooLong).build(),
        WriteBatch.builder().deleteRange(new byte[0], tooLong).build()}) {
      assertThatThrownBy(() -> view.write(b)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("operation 0 of the write batch").hasMessageEndingWith(reason);
    }
    assertThat(store.count(KeyRange.all())).as("nothing written").isZero();
  }

  @Test
  void valuePastTheLimit_isRefused_nothingWritten() {
    int limit = view.maxValueBytes();
    WriteBatch batch = WriteBatch.builder().put(new byte[] {1}, new byte[] {1})
        .check(new byte[] {2}, new byte[limit + 1]).build();
    assertThatThrownBy(() -> view.write(batch)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("operation 1 of the write batch")
        .hasMessageEndingWith("value of " + (limit + 1) + " bytes exceeds the limit of " + limit
            + " bytes");
    assertThat(store.count(KeyRange.all())).as("nothing written").isZero();
  }

  @Test
  void asyncWritesAndChecks_goThroughThePrefix() {
    assertThat(view.writeAsync(WriteBatch.builder().put(new byte[] {1}, new byte[] {1}).build())
        .join()).isTrue();
    assertThat(view.writeAsync(WriteBatch.builder().check(new byte[] {1}, new byte[] {1})
        .put(new byte[] {2}, new byte[] {2}).build()).join()).isTrue();
    assertThat(view.write(WriteBatch.builder().checkAbsent(new byte[] {1})
        .put(new byte[] {3}, new byte[] {3}).build())).as("the check sees the view's key")
        .isFalse();
    assertThat(view.get(new byte[] {3})).isNull();
    assertThat(view.count(KeyRange.all())).isEqualTo(2);
    assertThat(store.get(new byte[] {1})).as("no key outside the prefix").isNull();
    view.write(WriteBatch.builder().deleteRange(new byte[] {2}, null).build());
    assertThat(view.count(KeyRange.all())).isEqualTo(1);
    assertThat(store.count(KeyRange.all())).isEqualTo(1);
  }

  @Test
  void nullBatch_isRefused() {
    assertThatThrownBy(() -> view.write(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch");
    assertThatThrownBy(() -> view.writeAsync(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch");
  }
}
