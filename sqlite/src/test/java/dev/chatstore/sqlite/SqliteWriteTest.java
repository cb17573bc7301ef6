package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path of {@link SqliteKvStore}: operation order inside a batch across the JDBC put
 * batching, checks against earlier batches of the same group commit, and a group that holds an
 * expiry SQLite cannot count in epoch milliseconds.
 */
@Timeout(60)
class SqliteWriteTest {
  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void operationOrder_insideOneBatch_survivesPutBatching() {
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      store.write(WriteBatch.builder().put(b("a"), b("1")).delete(b("a")).build());
      assertThat(store.get(b("a"))).isNull();

      store.write(WriteBatch.builder().put(b("a"), b("1")).put(b("b"), b("1"))
          .deleteRange(b("a"), b("c")).put(b("a"), b("2")).build());
      assertThat(store.get(b("a"))).isEqualTo(b("2"));
      assertThat(store.get(b("b"))).isNull();

      store.write(WriteBatch.builder().put(b("z"), b("1")).put(b("z"), b("2")).build());
      assertThat(store.get(b("z"))).isEqualTo(b("2"));

      // more puts than one JDBC batch holds, the same keys written over and over
      WriteBatch.Builder big = WriteBatch.builder();
      for (int i = 0; i < 1_500; i++) {
        big.put(b("p" + (i % 100)), b(Integer.toString(i)));
        if (i == 1_000) {
          big.deleteRange(b("p"), b("q"));
        }
      }
      store.write(big.build());
      assertThat(store.count(KeyRange.prefix(b("p")))).isEqualTo(100);
      assertThat(store.get(b("p7"))).isEqualTo(b("1407"));
      assertThat(store.get(b("p0"))).isEqualTo(b("1400"));
    }
  }

  @Test
  void groupCommit_checksSeeTheEarlierBatchesOfTheSameGroup() throws Exception {
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      for (int round = 0; round < 20; round++) {
        byte[] k = b("k" + round);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        results.add(store.writeAsync(WriteBatch.builder().put(b("filler" + round),
            new byte[100_000]).build()));
        results.add(store.writeAsync(WriteBatch.builder().checkAbsent(k).put(k, b("1")).build()));
        results.add(store.writeAsync(WriteBatch.builder().check(k, b("1")).put(k, b("2"))
            .build()));
        results.add(store.writeAsync(WriteBatch.builder().check(k, b("1")).put(k, b("3"))
            .build()));
        results.add(store.writeAsync(WriteBatch.builder().checkAbsent(k).put(k, b("4")).build()));
        List<Boolean> applied = new ArrayList<>();
        for (CompletableFuture<Boolean> f : results) {
          applied.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(applied).containsExactly(true, true, true, false, false);
        assertThat(store.get(k)).isEqualTo(b("2"));
      }
    }
  }

  @Test
  void groupWithAnUncountableExpiry_staysAtomicAndCorrect() throws Exception {
    ManualClock clock = new ManualClock();
    try (SqliteKvStore store = SqliteKvStore.open(dir, SqliteOptions.defaults(),
        StoreOptions.defaults().withClock(clock))) {
      for (int round = 0; round < 20; round++) {
        byte[] c = b("c" + round);
        CompletableFuture<Boolean> filler = store.writeAsync(WriteBatch.builder()
            .put(b("filler" + round), new byte[100_000]).build());
        CompletableFuture<Boolean> conditional = store.writeAsync(WriteBatch.builder()
            .checkAbsent(c).put(c, b("1")).build());
        CompletableFuture<Boolean> forever = store.writeAsync(WriteBatch.builder()
            .put(b("forever"), b("v"), Instant.MAX).build());
        assertThat(filler.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(conditional.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(forever.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(store.get(c)).isEqualTo(b("1"));
      }
      clock.advance(Duration.ofDays(365L * 10_000));
      assertThat(store.get(b("forever"))).isEqualTo(b("v"));
    }
  }
}
