package dev.chatstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Memory-store specifics beyond the conformance kit (which runs in the tck module). */
class MemoryKvStoreTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Regression: an expiry beyond the epoch-millisecond range ({@link Instant#MAX}) made the
   * commit throw half-way through a group, with earlier batches already applied; the writer's
   * one-by-one retry then told a conditional batch "not applied" although its put was visible.
   * Such instants now saturate ("never"), and a failing group is undone whole.
   */
  @Test
  void instantMaxExpiry_meansNever_andNeverBreaksTheGroupItCommitsIn() throws Exception {
    try (KvStore store = new MemoryKvStore(StoreOptions.defaults())) {
      for (int round = 0; round < 50; round++) {
        byte[] c = b("c" + round);
        store.writeAsync(WriteBatch.builder().put(b("filler" + round), new byte[100_000]).build());
        CompletableFuture<Boolean> conditional = store.writeAsync(WriteBatch.builder()
            .checkAbsent(c).put(c, b("1")).build());
        assertThat(store.writeAsync(WriteBatch.builder().put(b("forever"), b("v"), Instant.MAX)
            .build()).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(conditional.get(30, TimeUnit.SECONDS)).as("round %d", round).isTrue();
        assertThat(store.get(c)).isEqualTo(b("1"));
      }
      assertThat(store.get(b("forever"))).isEqualTo(b("v"));
      store.put(b("past"), b("v"));
      store.write(WriteBatch.builder().put(b("past"), b("v"), Instant.MIN).build());
      assertThat(store.get(b("past"))).as("Instant.MIN is already expired").isNull();
    }
  }

  @Test
  void askingForAFeatureMemoryLacks_isRefused() {
    assertThatThrownBy(() -> new MemoryKvStore(StoreOptions.defaults(), Set.of(KvFeature.PERSISTENT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERSISTENT");
  }
}
