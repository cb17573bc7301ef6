package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry on RocksDB: reads decide by the store's clock from the value header; the sweeper removes
 * expired entries physically (data and index), skips entries that were overwritten or deleted
 * since, works through more than one sweep chunk, and also runs in the background.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RocksDbExpirySweepTest {
  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int i) {
    return b(String.format("k%06d", i));
  }

  private RocksDbKvStore open(StoreOptions options) {
    return RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(), options);
  }

  private RocksDbKvStore open() {
    return open(StoreOptions.defaults().withClock(clock));
  }

  @Test
  void sweep_removesExpiredEntriesPhysically_andTheirIndexEntries() {
    Instant start = clock.instant();
    try (RocksDbKvStore store = open()) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < 1000; i++) {
        batch.put(key(i), b("v" + i), i % 2 == 0 ? start.plusSeconds(10) : null);
      }
      store.write(batch.build());
      assertThat(store.storedEntries()).isEqualTo(1000);
      assertThat(store.expiryIndexEntries()).isEqualTo(500);
      clock.set(start.plusSeconds(10));
      assertThat(store.count(KeyRange.all())).as("expired entries are invisible at once")
          .isEqualTo(500);
      assertThat(store.storedEntries()).as("but still stored before a sweep").isEqualTo(1000);
      assertThat(store.sweepExpired()).isEqualTo(500);
      assertThat(store.storedEntries()).as("a sweep removes them physically").isEqualTo(500);
      assertThat(store.expiryIndexEntries()).as("and their index entries").isZero();
      assertThat(store.sweepExpired()).isZero();
    }
  }

  @Test
  void sweep_keepsEntriesOverwrittenOrDeletedSinceTheirExpiryWasIndexed() {
    Instant start = clock.instant();
    try (RocksDbKvStore store = open()) {
      for (int i = 0; i < 10; i++) {
        store.write(WriteBatch.builder().put(key(i), b("old"), start.plusSeconds(10)).build());
      }
      store.put(key(0), b("permanent now"));
      store.write(WriteBatch.builder().put(key(1), b("later"), start.plusSeconds(60)).build());
      store.delete(key(2));
      store.write(WriteBatch.builder().deleteRange(key(3), key(5)).build());
      store.write(WriteBatch.builder().put(key(4), b("back, permanent")).build());
      clock.set(start.plusSeconds(10));
      assertThat(store.sweepExpired()).as("k5..k9 are the only entries still expiring at +10s")
          .isEqualTo(5);
      assertThat(store.get(key(0))).isEqualTo(b("permanent now"));
      assertThat(store.get(key(1))).isEqualTo(b("later"));
      assertThat(store.get(key(4))).isEqualTo(b("back, permanent"));
      assertThat(store.storedEntries()).isEqualTo(3);
      assertThat(store.expiryIndexEntries()).as("only k1's later expiry stays indexed")
          .isEqualTo(1);
      clock.set(start.plusSeconds(60));
      assertThat(store.sweepExpired()).isEqualTo(1);
      assertThat(store.expiryIndexEntries()).isZero();
      assertThat(store.storedEntries()).isEqualTo(2);
    }
  }

  @Test
  void sweep_ofMoreThanOneChunk_removesEverythingExpired() {
    int n = 25_000; // AbstractKvStore sweeps in chunks of 10,000
    Instant start = clock.instant();
    try (RocksDbKvStore store = open()) {
      for (int from = 0; from < n; from += 5000) {
        WriteBatch.Builder batch = WriteBatch.builder();
        for (int i = from; i < from + 5000; i++) {
          batch.put(key(i), b("v"), start.plusMillis(1 + i % 1000));
        }
        store.write(batch.build());
      }
      store.put(b("stays"), b("v"));
      clock.set(start.plusSeconds(2));
      assertThat(store.sweepExpired()).isEqualTo(n);
      assertThat(store.storedEntries()).isEqualTo(1);
      assertThat(store.expiryIndexEntries()).isZero();
    }
  }

  @Test
  void sweep_removesOnlyWhatIsDueAtTheStoreClock_inExpiryOrder() {
    Instant start = clock.instant();
    try (RocksDbKvStore store = open()) {
      store.write(WriteBatch.builder()
          .put(key(1), b("past"), Instant.MIN)
          .put(key(2), b("before epoch"), Instant.ofEpochMilli(-5))
          .put(key(3), b("now+1ms"), start.plusMillis(1))
          .put(key(4), b("never"), Instant.MAX)
          .build());
      assertThat(store.sweepExpired()).as("the two instants in the past").isEqualTo(2);
      assertThat(store.get(key(3))).isEqualTo(b("now+1ms"));
      clock.advance(Duration.ofMillis(1));
      assertThat(store.sweepExpired()).isEqualTo(1);
      clock.set(Instant.parse("2999-01-01T00:00:00Z"));
      assertThat(store.sweepExpired()).as("Instant.MAX means never").isZero();
      assertThat(store.get(key(4))).isEqualTo(b("never"));
      assertThat(store.expiryIndexEntries()).as("a put that never expires is not indexed")
          .isZero();
    }
  }

  @Test
  void backgroundSweep_removesExpiredEntriesWithoutBeingAsked() throws InterruptedException {
    Instant start = clock.instant();
    StoreOptions options = StoreOptions.defaults().withClock(clock)
        .withSweepInterval(Duration.ofMillis(50));
    try (RocksDbKvStore store = open(options)) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < 100; i++) {
        batch.put(key(i), b("v"), start.plusSeconds(1));
      }
      store.write(batch.build());
      clock.set(start.plusSeconds(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (store.storedEntries() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(store.storedEntries()).as("the background sweeper (every 50 ms) removed them")
          .isZero();
      assertThat(store.expiryIndexEntries()).isZero();
    }
  }

  @Test
  void expiry_survivesCompactionAndReopen_andIsSweptAfterwards() {
    Instant start = clock.instant();
    try (RocksDbKvStore store = open()) {
      store.write(WriteBatch.builder().put(key(1), b("v"), start.plusSeconds(5))
          .put(key(2), b("p")).build());
      store.compact();
    }
    try (RocksDbKvStore store = open()) {
      assertThat(store.get(key(1))).isEqualTo(b("v"));
      clock.set(start.plusSeconds(5));
      assertThat(store.get(key(1))).isNull();
      assertThat(store.sweepExpired()).isEqualTo(1);
      store.compact();
      assertThat(store.storedEntries()).isEqualTo(1);
      assertThat(store.get(key(2))).isEqualTo(b("p"));
    }
  }
}
