package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.await;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.key;
import static dev.chatstore.tck.Tck.num;
import static dev.chatstore.tck.Tck.runConcurrently;
import static dev.chatstore.tck.Tck.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once: no lost update under check-and-set, no half-visible batch, consistent
 * paging while others write. Workloads are bounded in size and time; nothing here measures
 * speed.
 */
public interface ConcurrencyContract extends KvContract {

  /** The keys every batch of the atomicity tests writes together. */
  int GROUP = 16;

  /** The longest a writer of the atomicity tests keeps writing. */
  long RACE_MILLIS = 600;

  private static byte[] groupKey(int i) {
    return b(String.format("group/%02d", i));
  }

  @Test
  default void concurrentCheckAndSet_losesNoUpdate() {
    byte[] counter = b("counter");
    store().put(counter, num(0));
    int threads = 8;
    int increments = 200;
    List<Callable<Long>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(() -> {
        long retries = 0;
        for (int i = 0; i < increments; i++) {
          while (true) {
            byte[] old = store().get(counter);
            WriteBatch cas = WriteBatch.builder()
                .check(counter, old)
                .put(counter, num(num(old) + 1))
                .build();
            if (store().write(cas)) {
              break;
            }
            if (++retries > threads * increments) {
              // Each failed check needs another thread's success since the read: at most
              // threads * increments of them in all.
              fail("one thread's check-and-set failed " + retries + " times, more than all"
                  + " threads together succeeded: a check failed although the value it read had"
                  + " not changed");
            }
          }
        }
        return retries;
      });
    }
    List<Long> retries = runConcurrently(tasks);
    assertEquals(threads * increments, num(store().get(counter)), threads + " threads each"
        + " adding 1 " + increments + " times by check-and-set should leave exactly "
        + threads * increments + "; a lower value means a lost update (retries per thread: "
        + retries + ")");
  }

  @Test
  default void concurrentWriters_ofDistinctKeys_allLand() {
    int threads = 16;
    int perThread = 100;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(() -> {
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          byte[] k = b(String.format("t%02d/%04d", thread, i));
          if (i % 2 == 0) {
            store().put(k, k);
          } else {
            pending.add(store().writeAsync(WriteBatch.builder().put(k, k).build()));
          }
        }
        for (CompletableFuture<Boolean> f : pending) {
          assertTrue(await(f, "writeAsync"), "writeAsync without checks should complete true");
        }
        return null;
      });
    }
    runConcurrently(tasks);
    List<KvEntry> all = store().scanAll(KeyRange.all());
    assertEquals(threads * perThread, all.size(), threads + " threads writing " + perThread
        + " distinct keys each should leave " + threads * perThread + " entries");
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        byte[] k = b(String.format("t%02d/%04d", t, i));
        assertArrayEquals(k, store().get(k), "the key " + show(k) + " written concurrently"
            + " should be present");
      }
    }
  }

  @Test
  default void concurrentWriteAsync_fromManyThreads_allCompleteAndLand() {
    int threads = 8;
    int perThread = 200;
    List<Callable<List<CompletableFuture<Boolean>>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(() -> {
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          futures.add(store().writeAsync(WriteBatch.builder()
              .put(b("async/" + thread + "/" + i), num(i)).build()));
        }
        return futures;
      });
    }
    for (List<CompletableFuture<Boolean>> futures : runConcurrently(tasks)) {
      for (CompletableFuture<Boolean> f : futures) {
        assertTrue(await(f, "writeAsync"), "every writeAsync should complete with true");
      }
    }
    assertEquals(threads * perThread, store().count(KeyRange.prefix(b("async/"))),
        "every batch queued by writeAsync from " + threads + " threads should be applied");
  }

  /**
   * Runs one writer that keeps writing the {@link #GROUP} keys together (all set to generation g,
   * or all deleted every third generation) against two readers that each run {@code read} until
   * the writer stops; {@code read} returns a description of a torn state, or null.
   */
  private void raceReadersAgainstBatches(String how, Supplier<String> read) {
    WriteBatch.Builder init = WriteBatch.builder();
    for (int i = 0; i < GROUP; i++) {
      init.put(groupKey(i), num(0));
    }
    store().write(init.build());
    AtomicBoolean done = new AtomicBoolean();
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(() -> {
      try {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RACE_MILLIS);
        for (long g = 1; g <= 5000 && System.nanoTime() < deadline; g++) {
          WriteBatch.Builder batch = WriteBatch.builder();
          for (int i = 0; i < GROUP; i++) {
            if (g % 3 == 0) {
              batch.delete(groupKey(i));
            } else {
              batch.put(groupKey(i), num(g));
            }
          }
          store().write(batch.build());
        }
        return null;
      } finally {
        done.set(true);
      }
    });
    for (int r = 0; r < 2; r++) {
      tasks.add(() -> {
        long reads = 0;
        do {
          String torn = read.get();
          if (torn != null) {
            return how + " saw half a batch after " + reads + " reads: " + torn;
          }
          reads++;
        } while (!done.get());
        return null;
      });
    }
    for (String torn : runConcurrently(tasks)) {
      if (torn != null) {
        fail(torn + "; readers should see every batch whole or not at all");
      }
    }
  }

  private static String describe(List<byte[]> values) {
    List<String> out = new ArrayList<>();
    for (byte[] v : values) {
      out.add(v == null ? "absent" : String.valueOf(num(v)));
    }
    return out.toString();
  }

  @Test
  default void readers_neverSeeHalfABatch_viaGetAll() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < GROUP; i++) {
      keys.add(groupKey(i));
    }
    raceReadersAgainstBatches("getAll of the " + GROUP + " keys", () -> {
      List<byte[]> values = store().getAll(keys);
      for (byte[] v : values) {
        if (!Arrays.equals(v, values.get(0))) {
          return describe(values);
        }
      }
      return null;
    });
  }

  @Test
  default void readers_neverSeeHalfABatch_viaScanAndCount() {
    KeyRange group = KeyRange.prefix(b("group/"));
    raceReadersAgainstBatches("a scan or count of the " + GROUP + " keys", () -> {
      List<KvEntry> entries = store().scan(group, Direction.ASCENDING, GROUP + 10).entries();
      List<byte[]> values = new ArrayList<>();
      for (KvEntry e : entries) {
        values.add(e.value());
      }
      boolean whole = entries.isEmpty() || entries.size() == GROUP;
      for (byte[] v : values) {
        whole &= Arrays.equals(v, values.get(0));
      }
      if (!whole) {
        return "scan returned " + entries.size() + " entries " + describe(values);
      }
      long count = store().count(group);
      return count == 0 || count == GROUP ? null : "count returned " + count;
    });
  }

  private void pageWhileAnotherThreadWrites(Direction direction) {
    int n = 1000;
    WriteBatch.Builder init = WriteBatch.builder();
    for (int i = 0; i < n; i++) {
      init.put(key(i), b("stable " + i));
    }
    store().write(init.build());
    AtomicBoolean pagingDone = new AtomicBoolean();
    long seed = seed();
    Callable<Object> writer = () -> {
      Random rnd = new Random(seed);
      int writes = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Tck.STUCK_SECONDS / 2);
      while (!pagingDone.get() && writes < 200_000 && System.nanoTime() < deadline) {
        int odd = 2 * rnd.nextInt(n / 2) + 1;
        WriteBatch.Builder batch = WriteBatch.builder();
        switch (rnd.nextInt(4)) {
          case 0 -> batch.delete(key(odd));
          case 1 -> batch.put(key(odd), b("changed"));
          case 2 -> batch.put(Bytes.concat(key(odd - 1), b("+new")), b("inserted"));
          default -> batch.delete(Bytes.concat(key(odd - 1), b("+new")));
        }
        store().write(batch.build());
        writes++;
      }
      return writes;
    };
    Callable<Object> pager = () -> {
      try {
        List<KvEntry> seen = new ArrayList<>();
        KeyRange rest = KeyRange.all();
        int pages = 0;
        while (rest != null) {
          ScanPage page = store().scan(rest, direction, 7);
          seen.addAll(page.entries());
          rest = page.rest();
          if (++pages > 10_000) {
            fail("paging 1,000 keys by 7 did not end after 10,000 pages (seed=" + seed + ")");
          }
          Thread.yield();
        }
        return seen;
      } finally {
        pagingDone.set(true);
      }
    };
    List<Object> results = runConcurrently(List.of(writer, pager));
    @SuppressWarnings("unchecked")
    List<KvEntry> seen = (List<KvEntry>) results.get(1);
    String context = " (" + direction + " paging by 7 while another thread made " + results.get(0)
        + " writes; seed=" + seed + ")";
    int sign = direction == Direction.ASCENDING ? 1 : -1;
    for (int i = 1; i < seen.size(); i++) {
      byte[] prev = seen.get(i - 1).key();
      byte[] cur = seen.get(i).key();
      if (sign * Bytes.compare(prev, cur) >= 0) {
        fail("paging should return keys in strictly " + direction.name().toLowerCase()
            + " order, each once, but " + show(cur) + " came after " + show(prev) + context);
      }
    }
    List<String> stable = new ArrayList<>();
    for (KvEntry e : seen) {
      String k = new String(e.key(), StandardCharsets.US_ASCII);
      if (k.length() == 5 && Integer.parseInt(k.substring(1)) % 2 == 0) {
        assertEquals("stable " + Integer.parseInt(k.substring(1)),
            new String(e.value(), StandardCharsets.US_ASCII),
            "a key never written during paging should keep its value" + context);
        stable.add(k);
      }
    }
    assertEquals(n / 2, stable.size(), "each of the " + n / 2 + " keys never written during"
        + " paging should be seen exactly once" + context);
  }

  @Test
  default void scan_pagingWhileAnotherThreadWrites_seesUntouchedKeysExactlyOnce_ascending() {
    pageWhileAnotherThreadWrites(Direction.ASCENDING);
  }

  @Test
  @Requires(KvFeature.REVERSE_SCAN)
  default void scan_pagingWhileAnotherThreadWrites_seesUntouchedKeysExactlyOnce_descending() {
    pageWhileAnotherThreadWrites(Direction.DESCENDING);
  }
}
