package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import dev.chatstore.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks on RocksDB answer from what the writer last wrote or checked when it still knows the
 * key, and from the database otherwise: both ways they see exactly what the database holds,
 * after eviction of the remembered keys, unchecked writes, range deletes and expiry sweeps.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RocksDbCheckedWritesTest {
  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();

  private RocksDbKvStore open() {
    return RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(),
        StoreOptions.defaults().withClock(clock));
  }

  private static byte[] key(int i) {
    return String.format("k%06d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void checksOfKeysNoLongerRemembered_readTheDatabase() {
    int n = WrittenValues.MAX_ENTRIES + 5_000;
    try (RocksDbKvStore store = open()) {
      for (int from = 0; from < n; from += 10_000) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int i = from; i < Math.min(n, from + 10_000); i++) {
          b.checkAbsent(key(i)).put(key(i), value("v1"));
        }
        assertThat(store.write(b.build())).isTrue();
      }
      // keys 0.. were evicted, the last ones are remembered
      assertThat(store.write(WriteBatch.builder().check(key(0), value("v1"))
          .put(key(0), value("v2")).build())).isTrue();
      assertThat(store.write(WriteBatch.builder().check(key(1), value("v2")).build())).isFalse();
      assertThat(store.write(WriteBatch.builder().checkAbsent(key(2)).build())).isFalse();
      assertThat(store.write(WriteBatch.builder().check(key(n - 1), value("v1")).build()))
          .isTrue();
      assertThat(store.write(WriteBatch.builder().checkAbsent(key(n - 1)).build())).isFalse();

      // unchecked deletes: of an evicted key (not learned) and of a remembered one (updated)
      store.write(WriteBatch.builder().delete(key(3)).delete(key(n - 2)).build());
      assertThat(store.write(WriteBatch.builder().checkAbsent(key(3)).build())).isTrue();
      assertThat(store.write(WriteBatch.builder().checkAbsent(key(n - 2)).build())).isTrue();
      assertThat(store.write(WriteBatch.builder().check(key(n - 2), value("v1")).build()))
          .isFalse();
      // an unchecked put of a key never checked, then a check of it
      store.write(WriteBatch.builder().put(key(n), value("new")).build());
      assertThat(store.write(WriteBatch.builder().check(key(n), value("new")).build())).isTrue();
      assertThat(store.get(key(0))).isEqualTo(value("v2"));
    }
  }

  private record Stored(byte[] value, long expiresAt) {
    boolean live(long now) {
      return expiresAt > now;
    }
  }

  /** What the model holds live for key {@code k}, or null. */
  private byte[] live(Map<Integer, Stored> model, int k) {
    Stored s = model.get(k);
    return s != null && s.live(clock.millis()) ? s.value() : null;
  }

  @Test
  void randomGroupsOfCheckedBatches_matchAPlainModel() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int universe = 48;
    Map<Integer, Stored> model = new HashMap<>();
    int passed = 0;
    int failed = 0;
    try (RocksDbKvStore store = open()) {
      for (int round = 0; round < 1_500; round++) {
        String step = "seed " + seed + ", round " + round;
        List<WriteBatch> batches = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        int count = 1 + r.nextInt(6);
        for (int b = 0; b < count; b++) {
          List<WriteOp> ops = new ArrayList<>();
          List<WriteOp.Check> checks = new ArrayList<>();
          int nChecks = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(3);
          for (int c = 0; c < nChecks; c++) {
            int k = r.nextInt(universe);
            byte[] current = live(model, k);
            byte[] exp = switch (r.nextInt(4)) {
              case 0 -> null;
              case 1 -> value("x" + r.nextInt(3));
              default -> current;
            };
            checks.add(new WriteOp.Check(key(k), exp));
          }
          int nWrites = r.nextInt(6);
          List<WriteOp> writes = new ArrayList<>();
          for (int i = 0; i < nWrites; i++) {
            int k = r.nextInt(universe);
            writes.add(switch (r.nextInt(10)) {
              case 0, 1 -> new WriteOp.Delete(key(k));
              case 2 -> new WriteOp.Put(key(k), value("x" + r.nextInt(3)),
                  clock.instant().plusSeconds(1 + r.nextInt(3)));
              case 3 -> r.nextInt(8) == 0
                  ? new WriteOp.DeleteRange(KeyRange.of(key(k), r.nextBoolean() ? null
                      : key(k + 5)))
                  : new WriteOp.Put(key(k), value("x" + r.nextInt(3)), null);
              default -> new WriteOp.Put(key(k), value("x" + r.nextInt(3)), null);
            });
          }
          // checks anywhere in the batch: all are evaluated before the batch's writes
          ops.addAll(writes);
          for (WriteOp.Check c : checks) {
            ops.add(r.nextInt(ops.size() + 1), c);
          }
          boolean ok = true;
          for (WriteOp.Check c : checks) {
            ok &= c.matches(live(model, index(c.key())));
          }
          if (ok) {
            apply(model, writes);
          }
          batches.add(WriteBatch.of(ops));
          expected.add(ok);
        }
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (WriteBatch b : batches) {
          results.add(store.writeAsync(b));
        }
        for (int b = 0; b < batches.size(); b++) {
          boolean ok = results.get(b).get(30, TimeUnit.SECONDS);
          assertThat(ok).as(step + ", batch " + b + ": " + batches.get(b))
              .isEqualTo(expected.get(b));
          if (ok) {
            passed++;
          } else {
            failed++;
          }
        }
        switch (r.nextInt(20)) {
          case 0 -> clock.advance(Duration.ofMillis(500 + r.nextInt(1500)));
          case 1 -> store.sweepExpired();
          default -> { }
        }
        if (round % 10 == 0) {
          List<byte[]> keys = new ArrayList<>();
          for (int k = 0; k < universe; k++) {
            keys.add(key(k));
          }
          List<byte[]> got = store.getAll(keys);
          for (int k = 0; k < universe; k++) {
            assertThat(got.get(k)).as(step + ": key %d", k).isEqualTo(live(model, k));
          }
        }
      }
    }
    assertThat(passed).as("seed %d", seed).isGreaterThan(1_000);
    assertThat(failed).as("seed %d", seed).isGreaterThan(1_000);
  }

  private static void apply(Map<Integer, Stored> model, List<WriteOp> writes) {
    for (WriteOp op : writes) {
      switch (op) {
        case WriteOp.Put p -> model.put(index(p.key()),
            new Stored(p.value(), p.expiresAtMillis()));
        case WriteOp.Delete d -> model.remove(index(d.key()));
        case WriteOp.DeleteRange d -> model.keySet().removeIf(k -> d.range().contains(key(k)));
        case WriteOp.Check c -> { }
      }
    }
  }

  private static int index(byte[] key) {
    return Integer.parseInt(new String(key, StandardCharsets.US_ASCII).substring(1));
  }
}
