package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.await;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.contents;
import static dev.chatstore.tck.Tck.num;
import static dev.chatstore.tck.Tck.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Write batches: all operations or none, in order, conditional on checks; blocking and async. */
public interface BatchContract extends KvContract {

  @Test
  default void batch_appliesEveryOperation() {
    store().put(b("gone"), b("x"));
    boolean applied = store().write(WriteBatch.builder()
        .put(b("a"), b("1"))
        .put(b("b"), b("2"))
        .delete(b("gone"))
        .put(b("c"), new byte[0])
        .build());
    assertTrue(applied, "a batch without checks should return true");
    assertEquals(List.of("\"a\"=\"1\"", "\"b\"=\"2\"", "\"c\"={}"), contents(store()),
        "every operation of the batch should be applied");
  }

  @Test
  default void batch_putThenDeleteOfOneKey_leavesItAbsent() {
    store().write(WriteBatch.builder().put(b("k"), b("v")).delete(b("k")).build());
    assertNull(store().get(b("k")), "a put then a delete of one key in one batch should leave the"
        + " key absent: operations apply in order");
  }

  @Test
  default void batch_deleteThenPutOfOneKey_leavesItPresent() {
    store().put(b("k"), b("old"));
    store().write(WriteBatch.builder().delete(b("k")).put(b("k"), b("new")).build());
    assertArrayEquals(b("new"), store().get(b("k")), "a delete then a put of one key in one"
        + " batch should leave the put's value: operations apply in order");
  }

  @Test
  default void batch_laterPutOfOneKey_wins() {
    store().write(WriteBatch.builder()
        .put(b("k"), b("first")).put(b("k"), b("second")).put(b("k"), b("third")).build());
    assertEquals(show(b("third")), show(store().get(b("k"))),
        "the last put of a key in one batch should win");
    assertEquals(1, store().count(dev.chatstore.kv.KeyRange.all()),
        "three puts of one key should leave one entry");
  }

  @Test
  default void batch_withOneInvalidOp_changesNothing() {
    store().put(b("existing"), b("old"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    WriteBatch batch = WriteBatch.builder()
        .put(b("a"), b("1"))
        .put(b("existing"), b("new"))
        .delete(b("existing"))
        .put(tooLong, b("v"))
        .build();
    Tck.assertRefusedAsInvalid(store(), "a batch whose last operation has a "
        + tooLong.length + "-byte key", () -> store().write(batch),
        String.valueOf(tooLong.length), String.valueOf(store().maxKeyBytes()));
    assertArrayEquals(b("old"), store().get(b("existing")),
        "a refused batch should not apply its valid operations either");
  }

  @Test
  default void batch_withOversizedValueAtTheEnd_changesNothing() {
    store().put(b("existing"), b("old"));
    byte[] tooBig = new byte[store().maxValueBytes() + 1];
    WriteBatch batch = WriteBatch.builder()
        .put(b("a"), b("1"))
        .delete(b("existing"))
        .put(b("b"), tooBig)
        .build();
    Tck.assertRefusedAsInvalid(store(), "a batch whose last operation has a " + tooBig.length
        + "-byte value", () -> store().write(batch),
        String.valueOf(tooBig.length), String.valueOf(store().maxValueBytes()));
  }

  @Test
  default void batch_overMaxBatchOps_isRefused_andChangesNothing() {
    store().put(b("a"), b("1"));
    WriteBatch.Builder builder = WriteBatch.builder();
    for (int i = 0; i <= KvLimits.MAX_BATCH_OPS; i++) {
      builder.put(b("b"), b("x"));
    }
    WriteBatch batch = builder.build();
    Tck.assertRefusedAsInvalid(store(), "a batch of " + batch.size() + " operations",
        () -> store().write(batch),
        String.valueOf(batch.size()), String.valueOf(KvLimits.MAX_BATCH_OPS));
  }

  @Test
  default void batch_empty_isANoOpReturningTrue() {
    store().put(b("a"), b("1"));
    assertTrue(store().write(WriteBatch.empty()), "writing the empty batch should return true");
    assertTrue(store().write(WriteBatch.builder().build()),
        "writing a batch built with no operation should return true");
    assertTrue(await(store().writeAsync(WriteBatch.empty()), "writeAsync of the empty batch"),
        "writeAsync of the empty batch should complete with true");
    assertEquals(List.of("\"a\"=\"1\""), contents(store()), "the empty batch should change"
        + " nothing");
  }

  @Test
  default void batch_withPassingChecks_isApplied() {
    store().put(b("k"), b("v1"));
    store().put(b("e"), new byte[0]);
    boolean applied = store().write(WriteBatch.builder()
        .check(b("k"), b("v1"))
        .checkAbsent(b("new"))
        .check(b("e"), new byte[0])
        .put(b("k"), b("v2"))
        .put(b("new"), b("created"))
        .build());
    assertTrue(applied, "a batch whose checks all hold should return true");
    assertEquals(List.of("\"e\"={}", "\"k\"=\"v2\"", "\"new\"=\"created\""), contents(store()),
        "a batch whose checks all hold should be applied");
  }

  @Test
  default void batch_withFailingCheck_returnsFalse_andAppliesNothing() {
    store().put(b("k"), b("v1"));
    List<String> before = contents(store());
    List<WriteBatch> failing = List.of(
        WriteBatch.builder().put(b("x"), b("1")).check(b("k"), b("other")).put(b("k"), b("v2"))
            .build(),
        WriteBatch.builder().put(b("x"), b("1")).checkAbsent(b("k")).delete(b("k")).build(),
        WriteBatch.builder().check(b("k"), b("v1")).check(b("absent"), b("v")).put(b("x"),
            b("1")).build());
    String[] why = {"k holds another value", "k is present, not absent", "absent holds nothing"};
    for (int i = 0; i < failing.size(); i++) {
      assertFalse(store().write(failing.get(i)), "a batch whose check fails (" + why[i]
          + ") should return false");
      assertEquals(before, contents(store()), "a batch whose check fails (" + why[i]
          + ") should apply none of its operations");
    }
  }

  @Test
  default void batch_checkOfEmptyValue_isNotACheckOfAbsence() {
    store().put(b("empty"), new byte[0]);
    assertFalse(store().write(WriteBatch.builder().checkAbsent(b("empty")).put(b("x"), b("1"))
        .build()), "checkAbsent of a key holding the empty value should fail: empty is a value");
    assertFalse(store().write(WriteBatch.builder().check(b("absent"), new byte[0])
        .put(b("x"), b("1")).build()), "a check for the empty value of an absent key should"
        + " fail: absent is not empty");
    assertNull(store().get(b("x")), "failed checks should apply nothing");
  }

  @Test
  default void writeAsync_completesWithTheResultOfWrite_andTheWriteIsVisible() {
    CompletableFuture<Boolean> f = store().writeAsync(
        WriteBatch.builder().put(b("a"), b("1")).put(b("b"), b("2")).build());
    assertTrue(await(f, "writeAsync"), "writeAsync of a batch without checks should complete"
        + " with true");
    assertEquals(List.of("\"a\"=\"1\"", "\"b\"=\"2\""), contents(store()),
        "the write should be visible once the future of writeAsync has completed");
    CompletableFuture<Boolean> passing = store().writeAsync(
        WriteBatch.builder().check(b("a"), b("1")).put(b("a"), b("one")).build());
    assertTrue(await(passing, "writeAsync"), "writeAsync with a check that holds should complete"
        + " with true");
    assertArrayEquals(b("one"), store().get(b("a")), "the checked write should be visible");
  }

  @Test
  default void writeAsync_withFailingCheck_completesWithFalse_andAppliesNothing() {
    store().put(b("a"), b("1"));
    CompletableFuture<Boolean> f = store().writeAsync(
        WriteBatch.builder().checkAbsent(b("a")).put(b("a"), b("2")).put(b("b"), b("2")).build());
    assertFalse(await(f, "writeAsync"), "writeAsync of a batch whose check fails should complete"
        + " with false, not exceptionally");
    assertEquals(List.of("\"a\"=\"1\""), contents(store()),
        "writeAsync of a batch whose check fails should apply nothing");
  }

  @Test
  default void writeAsync_ofInvalidBatch_throwsAtOnce_andChangesNothing() {
    store().put(b("a"), b("1"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    WriteBatch batch = WriteBatch.builder().put(b("b"), b("2")).delete(tooLong).build();
    Tck.assertRefusedAsInvalid(store(), "writeAsync of a batch with a " + tooLong.length
        + "-byte key (thrown by the call, not through the future)",
        () -> store().writeAsync(batch),
        String.valueOf(tooLong.length), String.valueOf(store().maxKeyBytes()));
  }

  @Test
  default void writes_ofOneThread_applyInCallOrder() {
    // Each batch only applies if the one before it already did.
    byte[] k = b("counter");
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    futures.add(store().writeAsync(WriteBatch.builder().checkAbsent(k).put(k, num(0)).build()));
    for (long i = 0; i < 200; i++) {
      futures.add(store().writeAsync(
          WriteBatch.builder().check(k, num(i)).put(k, num(i + 1)).build()));
    }
    for (int i = 0; i < futures.size(); i++) {
      assertTrue(await(futures.get(i), "writeAsync " + i), "writeAsync " + i + " checks the value"
          + " written by writeAsync " + (i - 1) + " of the same thread; writes of one thread"
          + " should apply in call order");
    }
    assertEquals(200, num(store().get(k)), "200 ordered increments should leave 200");
    for (long i = 200; i < 230; i++) {
      store().put(k, num(i + 1));
      store().writeAsync(WriteBatch.builder().put(k, num(-1)).put(k, num(i + 1)).build());
    }
    store().write(WriteBatch.builder().check(k, num(230)).put(k, num(231)).build());
    assertEquals(231, num(store().get(k)), "mixed write and writeAsync calls of one thread"
        + " should apply in call order");
  }
}
