package dev.chatstore.tck.jobs;

import static dev.chatstore.jobs.Persistency.key;
import static dev.chatstore.tck.jobs.JobContract.await;
import static dev.chatstore.tck.jobs.JobContract.b;
import static dev.chatstore.tck.jobs.JobContract.failsWithInvalidArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.jobs.Job;
import dev.chatstore.jobs.Row;
import dev.chatstore.jobs.TupleRange;
import dev.chatstore.jobs.TxOp;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Writes and reads of one job: round trips, order, ranges, prefixes, counts, batches. */
public interface JobDataContract extends JobContract {

  private Job job() {
    return persistency().openJob("data");
  }

  private static List<Tuple> keys(List<Row> rows) {
    List<Tuple> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(r.key());
    }
    return out;
  }

  @Test
  default void putThenGet_returnsThePayloadExactly() {
    Job job = job();
    await(job.persistPut("c", key("a", 1L, new UUID(1, 2)), b("hello")));
    assertArrayEquals(b("hello"), await(job.get("c", key("a", 1L, new UUID(1, 2)))).orElseThrow());
    assertTrue(await(job.exists("c", key("a", 1L, new UUID(1, 2)))));
    assertEquals(Optional.empty(), await(job.get("c", key("a", 2L))), "an absent key is empty");
    assertFalse(await(job.exists("c", key("a", 2L))));
  }

  @Test
  default void emptyKeyPartsAndPayloads_areStoredAndReadBackExactly() {
    Job job = job();
    List<Tuple> keys = List.of(Tuple.empty(), key(""), key(new byte[0]), key("", ""),
        key((Object) null), key("a\0b"), key(new byte[] {0, 0, (byte) 0xFF}));
    for (int i = 0; i < keys.size(); i++) {
      job.persistPut("", keys.get(i), i % 2 == 0 ? new byte[0] : new byte[] {(byte) i});
    }
    for (int i = 0; i < keys.size(); i++) {
      byte[] expected = i % 2 == 0 ? new byte[0] : new byte[] {(byte) i};
      assertArrayEquals(expected, await(job.get("", keys.get(i))).orElseThrow(),
          "key " + keys.get(i) + " in the empty category should read back its payload");
    }
    List<Row> rows = await(job.scan("", TupleRange.all(), Direction.ASCENDING));
    assertEquals(new TreeSet<>(keys).stream().toList(), keys(rows),
        "every distinct key, in tuple order, the empty tuple first");
  }

  @Test
  default void persistPut_replaces_andPersistDelete_removes() {
    Job job = job();
    job.persistPut("c", key("k"), b("one"));
    job.persistPut("c", key("k"), b("two"));
    assertArrayEquals(b("two"), await(job.get("c", key("k"))).orElseThrow());
    await(job.persistDelete("c", key("k")));
    assertFalse(await(job.exists("c", key("k"))));
    await(job.persistDelete("c", key("never-there"))); // deleting an absent key is fine
  }

  @Test
  default void reads_seeEveryWriteIssuedBefore_withoutWaitingForTheirFutures() {
    Job job = job();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      writes.add(job.persistPut("c", key(i), b("v" + i)));
    }
    assertEquals(2000L, await(job.count("c", TupleRange.all())),
        "a read issued after 2000 fire-and-forget writes should see all of them");
    assertTrue(writes.stream().allMatch(CompletableFuture::isDone),
        "the writes a read has seen have committed, so their futures complete");
  }

  @Test
  default void writesOfManyThreads_applyInEachThreadsOrder() {
    Job job = job();
    int threads = 8;
    int writes = 300;
    List<CompletableFuture<Void>> last = new ArrayList<>();
    List<CompletableFuture<Void>> producers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        producers.add(CompletableFuture.runAsync(() -> {
          CompletableFuture<Void> w = null;
          for (int i = 0; i < writes; i++) {
            w = job.persistPut("c", key("thread", (long) thread), b("v" + i));
            if (i % 3 == 0) {
              job.persistDelete("c", key("thread", (long) thread));
            }
          }
          synchronized (last) {
            last.add(w);
          }
        }, pool));
      }
      producers.forEach(JobContract::await);
    }
    last.forEach(JobContract::await);
    for (int t = 0; t < threads; t++) {
      assertArrayEquals(b("v" + (writes - 1)), await(job.get("c", key("thread", (long) t)))
          .orElseThrow(), "thread " + t + "'s last write wins: each thread's writes apply in"
          + " the order it issued them");
    }
  }

  @Test
  default void keys_sortInTupleOrder_stringsLexicographically_integersSigned() {
    Job job = job();
    List<Tuple> sorted = List.of(key(new byte[] {1}), key("a"), key("a", ""), key("a", "x"),
        key("a", -5L), key("a", 0L), key("a", 7L), key("aa"), key("ab", 1L), key("b"), key("ba"),
        key(Long.MIN_VALUE), key(-256L), key(-1L), key(0L), key(1L), key(255L), key(256L),
        key(Long.MAX_VALUE), key(false), key(true));
    List<Tuple> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(seed()));
    List<TxOp> ops = new ArrayList<>();
    for (Tuple k : shuffled) {
      ops.add(TxOp.put("c", k, b(k.toString())));
    }
    job.persist(ops);
    assertEquals(sorted, keys(await(job.scan("c", TupleRange.all(), Direction.ASCENDING))),
        "ascending scan in tuple order: \"aa\" < \"b\", a key before its extensions, strings"
            + " before integers, integers signed (seed " + seed() + ")");
    List<Tuple> reversed = new ArrayList<>(sorted);
    Collections.reverse(reversed);
    assertEquals(reversed, keys(await(job.scan("c", TupleRange.all(), Direction.DESCENDING))));
  }

  @Test
  default void randomKeys_scanInTheOrderOfTupleCompareTo() {
    Random rnd = new Random(seed());
    Job job = job();
    TreeSet<Tuple> expected = new TreeSet<>();
    List<TxOp> ops = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Tuple k = key(randomPart(rnd), randomPart(rnd));
      expected.add(k);
      ops.add(TxOp.put("r", k, new byte[] {(byte) i}));
    }
    job.persist(ops);
    assertEquals(List.copyOf(expected),
        keys(await(job.scan("r", TupleRange.all(), Direction.ASCENDING))),
        "random keys should scan in Tuple.compareTo order (seed " + seed() + ")");
  }

  private static Object randomPart(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.appendCodePoint(new int[] {0, 'a', 'b', 0xE9, 0x1F600}[rnd.nextInt(5)]);
        }
        yield sb.toString();
      }
      case 1 -> (long) rnd.nextInt(601) - 300;
      case 2 -> {
        byte[] bytes = new byte[rnd.nextInt(3)];
        rnd.nextBytes(bytes);
        yield bytes;
      }
      default -> rnd.nextLong();
    };
  }

  @Test
  default void scan_isHalfOpen_inBothDirections_withAnOpenEnd_andALimit() {
    Job job = job();
    for (int i = 0; i < 10; i++) {
      job.persistPut("c", key(i), b("v" + i));
    }
    assertEquals(List.of(key(2), key(3), key(4)),
        keys(await(job.scan("c", TupleRange.of(key(2), key(5)), Direction.ASCENDING))),
        "[2, 5) holds 2, 3 and 4");
    assertEquals(List.of(key(4), key(3), key(2)),
        keys(await(job.scan("c", TupleRange.of(key(2), key(5)), Direction.DESCENDING))));
    assertEquals(List.of(key(7), key(8), key(9)),
        keys(await(job.scan("c", TupleRange.from(key(7)), Direction.ASCENDING))),
        "an open end runs to the last key");
    assertEquals(List.of(key(9), key(8)),
        keys(await(job.scan("c", TupleRange.from(key(7)), Direction.DESCENDING, 2))),
        "descending with a limit takes the largest keys");
    assertEquals(List.of(key(0), key(1)),
        keys(await(job.scan("c", TupleRange.until(key(2)), Direction.ASCENDING))));
    assertEquals(List.of(), await(job.scan("c", TupleRange.of(key(3), key(3)),
        Direction.ASCENDING)), "[3, 3) is empty");
    assertEquals(3L, await(job.count("c", TupleRange.of(key(2), key(5)))));
    assertEquals(10L, await(job.count("c", TupleRange.all())));
    List<Row> rows = await(job.scan("c", TupleRange.of(key(2), key(3)), Direction.ASCENDING));
    assertArrayEquals(b("v2"), rows.get(0).payload());
  }

  @Test
  default void scan_pagesThroughMoreRowsThanOnePage() {
    Job job = job();
    List<TxOp> ops = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      ops.add(TxOp.put("c", key(i), new byte[0]));
    }
    job.persist(ops);
    List<Row> all = await(job.scan("c", TupleRange.all(), Direction.DESCENDING));
    assertEquals(2500, all.size());
    assertEquals(key(2499), all.get(0).key());
    assertEquals(key(0), all.get(2499).key());
    assertEquals(1500, await(job.scan("c", TupleRange.all(), Direction.ASCENDING, 1500)).size());
  }

  @Test
  default void scanPrefix_takesTheKeyAndItsExtensions_notLongerStrings() {
    Job job = job();
    for (Tuple k : List.of(key("a"), key("a", 1L), key("a", "x"), key("a", "x", 2L),
        key("ab"), key("b"), key("", 1L))) {
      job.persistPut("c", k, new byte[0]);
    }
    job.persistPut("other", key("a", 9L), new byte[0]);
    assertEquals(List.of(key("a"), key("a", "x"), key("a", "x", 2L), key("a", 1L)),
        keys(await(job.scanPrefix("c", key("a"), Direction.ASCENDING))),
        "the key itself, then its extensions in tuple order (strings before integers)");
    assertEquals(List.of(key("a", "x", 2L), key("a", "x")),
        keys(await(job.scanPrefix("c", key("a", "x"), Direction.DESCENDING))));
    assertEquals(List.of(key("a", 1L)),
        keys(await(job.scanPrefix("c", key("a"), Direction.DESCENDING, 1))),
        "descending with a limit starts from the largest key under the prefix");
    assertEquals(7, await(job.scanPrefix("c", Tuple.empty(), Direction.ASCENDING)).size(),
        "the empty prefix takes the whole category, and only it");
  }

  @Test
  default void categories_areIsolated() {
    Job job = job();
    job.persistPut("x", key("k"), b("in x"));
    job.persistPut("xy", key("k"), b("in xy"));
    job.persistPut("", key("x", "k"), b("in the empty category"));
    assertArrayEquals(b("in x"), await(job.get("x", key("k"))).orElseThrow());
    assertArrayEquals(b("in xy"), await(job.get("xy", key("k"))).orElseThrow());
    assertEquals(1L, await(job.count("x", TupleRange.all())));
    assertEquals(1L, await(job.count("", TupleRange.all())));
    assertTrue(await(job.deleteAcked("x", key("k"))));
    assertTrue(await(job.exists("xy", key("k"))), "a delete in x leaves xy alone");
  }

  @Test
  default void persist_appliesABatchAtomically_inOrder() {
    Job job = job();
    job.persistPut("c", key("gone"), b("old"));
    await(job.persist(TxOp.put("c", key("a"), b("1")), TxOp.put("c", key("b"), b("2")),
        TxOp.delete("c", key("gone")), TxOp.put("c", key("twice"), b("first")),
        TxOp.put("c", key("twice"), b("second")), TxOp.put("c", key("then-deleted"), b("x")),
        TxOp.delete("c", key("then-deleted"))));
    assertEquals(List.of(key("a"), key("b"), key("twice")),
        keys(await(job.scan("c", TupleRange.all(), Direction.ASCENDING))));
    assertArrayEquals(b("second"), await(job.get("c", key("twice"))).orElseThrow(),
        "a later op on the same key wins");
    await(job.persist(List.of())); // the empty batch completes and writes nothing
  }

  @Test
  default void persist_withAnInvalidOp_failsWholeAndChangesNothing() {
    Job job = job();
    await(job.persistPut("c", key("kept"), b("v")));
    byte[] tooBig = new byte[KvLimits.MAX_VALUE_BYTES + 1];
    failsWithInvalidArgument(job.persist(TxOp.put("c", key("new"), b("x")),
        TxOp.delete("c", key("kept")), TxOp.put("c", key("big"), tooBig)));
    List<TxOp> withNull = new ArrayList<>();
    withNull.add(TxOp.put("c", key("new"), b("x")));
    withNull.add(null);
    failsWithInvalidArgument(job.persist(withNull));
    assertEquals(List.of(key("kept")),
        keys(await(job.scan("c", TupleRange.all(), Direction.ASCENDING))),
        "a refused batch applies none of its ops");
  }

  @Test
  default void invalidArguments_failTheFuture_andChangeNothing() {
    Job job = job();
    failsWithInvalidArgument(job.persistPut(null, key("k"), b("v")));
    failsWithInvalidArgument(job.persistPut("c", null, b("v")));
    failsWithInvalidArgument(job.persistPut("c", key("k"), null));
    failsWithInvalidArgument(job.persistPut("c", key(new byte[KvLimits.MAX_KEY_BYTES]), b("v")));
    failsWithInvalidArgument(job.persistDelete("c", null));
    failsWithInvalidArgument(job.get(null, key("k")));
    failsWithInvalidArgument(job.exists("c", null));
    failsWithInvalidArgument(job.scan("c", null, Direction.ASCENDING));
    failsWithInvalidArgument(job.scan("c", TupleRange.all(), null));
    failsWithInvalidArgument(job.scan("c", TupleRange.all(), Direction.ASCENDING, 0));
    failsWithInvalidArgument(job.scanPrefix("c", null, Direction.ASCENDING));
    failsWithInvalidArgument(job.count("c", null));
    failsWithInvalidArgument(job.deleteAcked("c", null));
    assertEquals(List.of(), await(job.scan("c", TupleRange.all(), Direction.ASCENDING)));
  }

  @Test
  default void deleteAcked_isTrueOnlyWhenTheKeyExisted() {
    Job job = job();
    job.persistPut("c", key("k"), new byte[0]);
    assertTrue(await(job.deleteAcked("c", key("k"))), "an existing key (empty payload) is acked");
    assertFalse(await(job.exists("c", key("k"))));
    assertFalse(await(job.deleteAcked("c", key("k"))), "an absent key is not acked");
  }

  @Test
  default void deleteAcked_concurrentCallsOnOneKey_exactlyOneIsTrue() throws Exception {
    Job job = job();
    for (int round = 0; round < 20; round++) {
      Tuple k = key("k", (long) round);
      job.persistPut("c", k, b("v"));
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<CompletableFuture<Boolean>>> calls = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return job.deleteAcked("c", k);
        }));
      }
      start.countDown();
      int acked = 0;
      for (CompletableFuture<CompletableFuture<Boolean>> c : calls) {
        acked += await(await(c)) ? 1 : 0;
      }
      assertEquals(1, acked, "round " + round + ": exactly one of 6 concurrent deleteAcked");
    }
  }

  @Test
  default void deleteAcked_isOrderedBetweenTheWritesAroundIt() {
    Job job = job();
    job.persistPut("c", key("k"), b("before"));
    CompletableFuture<Boolean> acked = job.deleteAcked("c", key("k"));
    job.persistPut("c", key("k"), b("after"));
    assertTrue(await(acked), "the put issued before is seen");
    assertArrayEquals(b("after"), await(job.get("c", key("k"))).orElseThrow(),
        "the put issued after is not erased by the delete");
  }

  @Test
  default void twoJobs_neverSeeEachOthersKeys() {
    Job a = persistency().openJob("a");
    Job b = persistency().openJob("b");
    a.persistPut("c", key("k"), b("a's"));
    b.persistPut("c", key("k"), b("b's"));
    b.persistPut("c", key("only-b"), b("x"));
    assertArrayEquals(b("a's"), await(a.get("c", key("k"))).orElseThrow());
    assertArrayEquals(b("b's"), await(b.get("c", key("k"))).orElseThrow());
    assertEquals(1L, await(a.count("c", TupleRange.all())));
    assertTrue(await(a.deleteAcked("c", key("k"))));
    assertTrue(await(b.exists("c", key("k"))));
  }
}
