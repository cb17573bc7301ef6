package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.assertRefusedWithout;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.contents;
import static dev.chatstore.tck.Tck.keysOf;
import static dev.chatstore.tck.Tck.shown;
import static dev.chatstore.tck.Tck.u;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Range deletes in a write batch ({@link KvFeature#RANGE_DELETE}), and their refusal without. */
public interface RangeDeleteContract extends KvContract {

  /** Keys around the range [b, d): below, at, inside, at the end, with the start as prefix... */
  private List<byte[]> neighbourhood() {
    return List.of(b("a"), u('a', 0xFF, 0xFF), b("b"), u('b', 0), b("bz"), u('c', 0xFF),
        b("d"), u('d', 0), b("da"), b("e"), u(0xFF));
  }

  private void putAll(List<byte[]> keys) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (byte[] k : keys) {
      batch.put(k, k);
    }
    store().write(batch.build());
  }

  private List<String> keys() {
    return keysOf(store().scanAll(KeyRange.all()));
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_removesExactlyTheHalfOpenRange() {
    List<byte[]> keys = neighbourhood();
    putAll(keys);
    assertTrue(store().write(WriteBatch.builder().deleteRange(b("b"), b("d")).build()),
        "a batch with a range delete should return true");
    List<byte[]> expected = new ArrayList<>(keys);
    expected.removeIf(k -> KeyRange.of(b("b"), b("d")).contains(k));
    assertEquals(shown(expected), keys(), "a range delete of [b, d) should remove b, b00, bz"
        + " and cff (its start included) and keep a, affff, d, d00, da, e, ff (its end"
        + " excluded)");
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_keepsItsNeighbours() {
    putAll(List.of(b("msg/1/"), b("msg/1/a"), b("msg/1/z"), b("msg/10"), b("msg/1."),
        b("msg/0"), u('m', 's', 'g', '/', '1', '/', 0xFF)));
    store().write(WriteBatch.builder().deleteRange(KeyRange.prefix(b("msg/1/"))).build());
    assertEquals(List.of("\"msg/0\"", "\"msg/1.\"", "\"msg/10\""), keys(),
        "deleting the prefix range of \"msg/1/\" should remove msg/1/ and its extensions and"
            + " keep the keys just below it (msg/1.) and just above it (msg/10)");
    store().write(WriteBatch.builder().deleteRange(b("msg/1"), b("msg/10")).build());
    assertEquals(List.of("\"msg/0\"", "\"msg/10\""), keys(),
        "a range delete of [msg/1, msg/10) should keep msg/10, its end key, which has its start"
            + " as a prefix");
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_withNullEnd_removesToTheEndOfTheKeyspace() {
    putAll(neighbourhood());
    store().write(WriteBatch.builder().deleteRange(b("d"), null).build());
    assertEquals(shown(neighbourhood().subList(0, 6)), keys(),
        "a range delete of [d, end) should remove d and everything after it, 0xff included");
    store().write(WriteBatch.builder().deleteRange(KeyRange.all()).build());
    assertEquals(List.of(), keys(), "a range delete of KeyRange.all() should remove every key");
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_ofEmptyRange_changesNothing() {
    putAll(neighbourhood());
    List<String> before = contents(store());
    assertTrue(store().write(WriteBatch.builder().deleteRange(b("b"), b("b")).build()),
        "a range delete of an empty range should still apply (as a no-op)");
    store().write(WriteBatch.builder().deleteRange(b("x"), b("y")).build());
    assertEquals(before, contents(store()), "a range delete of [b, b) or of a range holding no key"
        + " should change nothing");
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_thenPutInTheSameBatch_keepsThePut() {
    putAll(neighbourhood());
    store().write(WriteBatch.builder()
        .put(b("c"), b("put before, removed"))
        .deleteRange(b("b"), b("d"))
        .put(b("bz"), b("put after, survives"))
        .build());
    assertArrayEquals(b("put after, survives"), store().get(b("bz")),
        "a put after a range delete in the same batch should survive it");
    assertEquals(List.of("\"a\"", "0x61ffff", "\"bz\"", "\"d\"", "0x6400", "\"da\"", "\"e\"",
        "0xff"), keys(), "a put before a range delete in the same batch should be removed by it");
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_withFailingCheck_removesNothing() {
    putAll(neighbourhood());
    List<String> before = contents(store());
    assertFalse(store().write(WriteBatch.builder().checkAbsent(b("b")).deleteRange(KeyRange.all())
        .build()), "a range delete guarded by a failing check should return false");
    assertEquals(before, contents(store()), "a range delete guarded by a failing check should"
        + " remove nothing");
  }

  @Test
  @WhenAbsent(KvFeature.RANGE_DELETE)
  default void rangeDelete_withoutRangeDelete_isRefused_andChangesNothing() {
    putAll(neighbourhood());
    WriteBatch batch = WriteBatch.builder()
        .put(b("new"), b("would be written first"))
        .delete(b("a"))
        .deleteRange(b("b"), b("d"))
        .build();
    assertRefusedWithout(KvFeature.RANGE_DELETE, store(), "write of a batch with a range delete",
        () -> store().write(batch));
    assertRefusedWithout(KvFeature.RANGE_DELETE, store(),
        "writeAsync of a batch with a range delete", () -> store().writeAsync(batch));
    assertRefusedWithout(KvFeature.RANGE_DELETE, store(),
        "write of a batch with an empty range delete",
        () -> store().write(WriteBatch.builder().deleteRange(b("x"), b("x")).build()));
  }
}
