package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.STUCK_SECONDS;
import static dev.chatstore.tck.Tck.await;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.contents;
import static dev.chatstore.tck.Tck.key;
import static dev.chatstore.tck.Tck.random;
import static dev.chatstore.tck.Tck.runConcurrently;
import static dev.chatstore.tck.Tck.u;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Closing and reopening: close waits for writes in flight, later calls fail as CLOSED, and a
 * {@link KvFeature#PERSISTENT} store keeps every acknowledged write across close and reopen.
 */
public interface LifecycleContract extends KvContract {

  private static void assertClosed(String call, Executable action) {
    StoreException e = assertThrows(StoreException.class, action,
        () -> call + " after close() should throw StoreException of kind CLOSED");
    assertEquals(StoreException.Kind.CLOSED, e.kind(),
        () -> call + " after close() should fail with kind CLOSED, got " + e);
    assertTrue(e.getMessage() != null
        && e.getMessage().toLowerCase(Locale.ROOT).contains("closed"),
        () -> "the error of " + call + " after close() should say the store is closed, but"
            + " says: " + e.getMessage());
  }

  @Test
  default void name_isNotBlank() {
    assertTrue(store().name() != null && !store().name().isBlank(),
        "a store should have a non-blank name for messages");
  }

  @Test
  default void close_twice_isHarmless() {
    store().put(b("a"), b("1"));
    store().close();
    store().close();
  }

  @Test
  default void reads_afterClose_throwClosed() {
    store().put(b("a"), b("1"));
    KvStore s = store();
    s.close();
    assertClosed("get", () -> s.get(b("a")));
    assertClosed("getAll", () -> s.getAll(List.of(b("a"))));
    assertClosed("scan", () -> s.scan(KeyRange.all(), Direction.ASCENDING, 10));
    assertClosed("count", () -> s.count(KeyRange.all()));
  }

  @Test
  default void writes_afterClose_throwClosed() {
    KvStore s = store();
    s.close();
    assertClosed("write", () -> s.write(WriteBatch.builder().put(b("a"), b("1")).build()));
    assertClosed("writeAsync (thrown by the call)",
        () -> s.writeAsync(WriteBatch.builder().put(b("a"), b("1")).build()));
    assertClosed("put", () -> s.put(b("a"), b("1")));
    assertClosed("delete", () -> s.delete(b("a")));
  }

  @Test
  default void close_completesEveryWriteAsyncIssuedBefore() {
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(store().writeAsync(WriteBatch.builder().put(key(i), b("v" + i)).build()));
    }
    store().close();
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<Boolean> f = futures.get(i);
      int n = i;
      try {
        assertTrue(await(f, "writeAsync " + i), "writeAsync " + i + " should complete with true");
      } catch (StoreException e) {
        fail("close() should wait for writes in flight, but writeAsync " + n + ", issued before"
            + " close, failed: " + e, e);
      }
    }
  }

  /**
   * Eight threads write distinct keys while the store is closed under them. Every write must
   * either be acknowledged (return true) or fail as CLOSED; a write started after close()
   * returned must fail. Returns the acknowledged keys.
   */
  private List<byte[]> closeWhileWriting() {
    int threads = 8;
    AtomicBoolean closeReturned = new AtomicBoolean();
    AtomicInteger acked = new AtomicInteger();
    KvStore s = store();
    List<Callable<List<byte[]>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(() -> {
        List<byte[]> mine = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS / 2);
        for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
          boolean startedAfterClose = closeReturned.get();
          byte[] k = b(String.format("w%02d/%07d", thread, i));
          try {
            assertTrue(s.write(WriteBatch.builder().put(k, k).build()));
          } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.CLOSED) {
              throw e;
            }
            return mine;
          }
          assertFalse(startedAfterClose, "a write started after close() returned was"
              + " acknowledged; it should throw StoreException CLOSED");
          mine.add(k);
          acked.incrementAndGet();
        }
        return fail("close() did not stop the writers: their writes kept being acknowledged"
            + " (for " + STUCK_SECONDS / 2 + " s or 1,000,000 writes)");
      });
    }
    tasks.add(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS / 2);
      while (acked.get() < 400 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      s.close();
      closeReturned.set(true);
      return List.of();
    });
    List<byte[]> all = new ArrayList<>();
    for (List<byte[]> keys : runConcurrently(tasks)) {
      all.addAll(keys);
    }
    assertTrue(all.size() >= 400, "the writers should have been acknowledged at least 400 times"
        + " before close, got " + all.size());
    return all;
  }

  @Test
  default void close_whileWritersRun_eachWriteIsAcknowledgedOrFailsClosed() {
    closeWhileWriting();
    assertClosed("get after a close that raced writers", () -> store().get(b("w00/0000000")));
  }

  @Test
  @Requires(KvFeature.PERSISTENT)
  default void reopen_keepsEveryAcknowledgedWrite() {
    byte[] big = random(1 << 20, seed());
    store().put(b("a"), b("1"));
    store().put(b("b"), b("old"));
    store().put(b("b"), b("new"));
    store().put(b("gone"), b("x"));
    store().delete(b("gone"));
    store().put(new byte[0], b("empty key"));
    store().put(b("empty value"), new byte[0]);
    store().put(u(0xFF, 0xFF), b("top"));
    store().put(u(0x7F), b("middle"));
    store().put(b("big"), big);
    store().write(WriteBatch.builder().put(b("c"), b("3")).put(b("d"), b("4")).delete(b("a"))
        .build());
    List<String> before = contents(store());
    reopen();
    assertEquals(before, contents(store()), "after close and reopen, the store should hold"
        + " exactly what it held, in order (seed=" + seed() + ")");
    assertArrayEquals(big, store().get(b("big")), "a 1 MiB value should survive reopen"
        + " byte-exact (seed=" + seed() + ")");
    assertArrayEquals(new byte[0], store().get(b("empty value")),
        "an empty value should survive reopen as an empty value");
    store().put(b("after"), b("reopen"));
    assertArrayEquals(b("reopen"), store().get(b("after")), "a reopened store should be"
        + " writable");
  }

  @Test
  @Requires(KvFeature.PERSISTENT)
  default void reopen_keepsWritesAcknowledgedViaWriteAsync() {
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(store().writeAsync(WriteBatch.builder().put(key(i), b("v" + i)).build()));
    }
    for (CompletableFuture<Boolean> f : futures) {
      assertTrue(await(f, "writeAsync"));
    }
    reopen();
    assertEquals(500, store().count(KeyRange.all()), "every write acknowledged through a"
        + " writeAsync future should survive close and reopen");
    assertArrayEquals(b("v499"), store().get(key(499)), "the last acknowledged write should"
        + " survive reopen");
  }

  @Test
  @Requires(KvFeature.PERSISTENT)
  default void reopen_keepsWritesInFlightAtClose() {
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(store().writeAsync(WriteBatch.builder().put(key(i), b("v" + i)).build()));
    }
    store().close();
    for (CompletableFuture<Boolean> f : futures) {
      assertTrue(await(f, "writeAsync issued before close"), "close() should wait for writes in"
          + " flight: their futures should complete with true");
    }
    reopen();
    assertEquals(500, store().count(KeyRange.all()), "every write queued before close() should"
        + " be there after reopen: close waits for writes in flight");
  }

  @Test
  @Requires(KvFeature.PERSISTENT)
  default void reopen_keepsWritesOfManyThreadsMadeJustBeforeClose() {
    List<byte[]> acked = closeWhileWriting();
    reopen();
    for (byte[] k : acked) {
      assertArrayEquals(k, store().get(k), () -> "the acknowledged write of "
          + Tck.show(k) + ", made just before close(), should survive reopen");
    }
  }

  @Test
  @Requires({KvFeature.PERSISTENT, KvFeature.TTL})
  default void reopen_keepsExpiryInstants() {
    Instant start = clock().instant();
    store().write(WriteBatch.builder().put(b("k"), b("v"), start.plusSeconds(10))
        .put(b("p"), b("permanent")).build());
    reopen();
    assertArrayEquals(b("v"), store().get(b("k")), "an entry not yet expired should be visible"
        + " after reopen");
    clock().set(start.plusSeconds(10));
    assertNull(store().get(b("k")), "an entry should still expire at its instant after reopen");
    assertArrayEquals(b("permanent"), store().get(b("p")), "a permanent entry should stay");
  }

  @Test
  @Requires({KvFeature.PERSISTENT, KvFeature.RANGE_DELETE})
  default void reopen_keepsRangeDeletes() {
    for (int i = 0; i < 10; i++) {
      store().put(key(i), b("v"));
    }
    store().write(WriteBatch.builder().deleteRange(key(2), key(8)).put(key(5), b("back"))
        .build());
    List<String> before = contents(store());
    reopen();
    assertEquals(before, contents(store()), "a range delete (and a put after it) should survive"
        + " reopen");
  }
}
