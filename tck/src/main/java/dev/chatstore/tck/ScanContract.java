package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.assertRefusedAsInvalid;
import static dev.chatstore.tck.Tck.assertRefusedWithout;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.key;
import static dev.chatstore.tck.Tck.keysOf;
import static dev.chatstore.tck.Tck.pageThrough;
import static dev.chatstore.tck.Tck.show;
import static dev.chatstore.tck.Tck.shown;
import static dev.chatstore.tck.Tck.u;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scans: half-open bounds, both directions, page limits and continuations.
 */
public interface ScanContract extends KvContract {

  /** Writes {@code key(0) .. key(n - 1)}, each holding its own key as value. */
  private void putKeys(int n) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < n; i++) {
      batch.put(key(i), key(i));
    }
    store().write(batch.build());
  }

  private List<String> scanKeys(KeyRange range, Direction direction) {
    return keysOf(store().scan(range, direction, KvLimits.MAX_SCAN_LIMIT).entries());
  }

  private static List<String> keyNames(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(show(key(i)));
    }
    return out;
  }

  @Test
  default void scan_includesStartKey() {
    for (String k : List.of("a", "b", "c")) {
      store().put(b(k), b(k));
    }
    assertEquals(List.of("\"b\"", "\"c\""), scanKeys(KeyRange.of(b("b"), b("z")),
        Direction.ASCENDING), "a scan of [b, z) should include its start key b");
  }

  @Test
  default void scan_excludesEndKey() {
    for (String k : List.of("a", "b", "c", "d")) {
      store().put(b(k), b(k));
    }
    assertEquals(List.of("\"a\"", "\"b\""), scanKeys(KeyRange.of(b("a"), b("c")),
        Direction.ASCENDING), "a scan of [a, c) should not include its end key c");
    store().put(u('b', 0), b("just below the end"));
    assertEquals(List.of("\"b\"", "0x6200"), scanKeys(KeyRange.of(b("b"), u('b', 0, 0)),
        Direction.ASCENDING), "a scan of [b, b0000) should include b and b00 but not b0000");
  }

  @Test
  default void scan_ofEmptyRange_returnsNothing() {
    store().put(b("b"), b("present"));
    ScanPage page = store().scan(KeyRange.of(b("b"), b("b")), Direction.ASCENDING, 10);
    assertEquals(List.of(), keysOf(page.entries()),
        "a scan of the empty range [b, b) should return nothing, even though b exists");
    assertNull(page.rest(), "a scan of an empty range should have no continuation");
    assertEquals(List.of(), scanKeys(KeyRange.of(b("x"), b("y")), Direction.ASCENDING),
        "a scan of [x, y) holding no key should return nothing");
  }

  @Test
  default void scan_withNullEnd_runsToTheEndOfTheKeyspace() {
    byte[] highest = new byte[store().maxKeyBytes()];
    Arrays.fill(highest, (byte) 0xFF);
    for (byte[] k : List.of(b("0"), b("a"), u(0xFF), u(0xFF, 0xFF), highest)) {
      store().put(k, b("v"));
    }
    assertEquals(shown(List.of(b("a"), u(0xFF), u(0xFF, 0xFF), highest)),
        scanKeys(KeyRange.of(b("a"), null), Direction.ASCENDING),
        "a scan of [a, end) should run to the end of the keyspace, 0xff keys included");
    assertEquals(5, scanKeys(KeyRange.all(), Direction.ASCENDING).size(),
        "a scan of KeyRange.all() should return every key");
  }

  @Test
  default void scan_ofPrefixRange_holdsThePrefixAndItsExtensionsOnly() {
    List<byte[]> keys = List.of(u('a', 'a', 0xFF), b("ab"), u('a', 'b', 0), b("ab/x"),
        u('a', 'b', 0xFF, 0xFF), b("ac"), u(0xFE), u(0xFF), u(0xFF, 0), u(0xFF, 0xFF));
    for (byte[] k : keys) {
      store().put(k, k);
    }
    assertEquals(shown(keys.subList(1, 5)),
        scanKeys(KeyRange.prefix(b("ab")), Direction.ASCENDING),
        "a scan of prefix \"ab\" should hold ab itself and every extension of it, nothing else");
    assertEquals(shown(keys.subList(7, 10)),
        scanKeys(KeyRange.prefix(u(0xFF)), Direction.ASCENDING),
        "a scan of prefix 0xff should hold 0xff and its extensions, to the end of the keyspace");
  }

  @Test
  default void keyRange_withStartAfterEnd_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> KeyRange.of(b("b"), b("a")),
        "a range [b, a) has its start after its end and should be refused");
    assertThrows(IllegalArgumentException.class, () -> KeyRange.of(u(0xFF), u(0x7F)),
        "a range [0xff, 0x7f) has its start after its end (unsigned) and should be refused");
  }

  @Test
  default void scan_withLimit_returnsTheFirstEntries_andAContinuation() {
    putKeys(10);
    ScanPage page = store().scan(KeyRange.all(), Direction.ASCENDING, 3);
    assertEquals(keyNames(0, 3), keysOf(page.entries()),
        "a scan with limit 3 should return the first 3 keys in order");
    assertTrue(page.hasMore(), "a page that stopped at its limit with keys left should have a"
        + " continuation");
  }

  @Test
  default void scan_lastPage_hasNoContinuation() {
    ScanPage empty = store().scan(KeyRange.all(), Direction.ASCENDING, 10);
    assertEquals(List.of(), empty.entries(), "a scan of an empty store should return nothing");
    assertFalse(empty.hasMore(), "a scan of an empty store should have no continuation");
    putKeys(5);
    ScanPage page = store().scan(KeyRange.all(), Direction.ASCENDING, 10);
    assertEquals(keyNames(0, 5), keysOf(page.entries()), "a scan should return all 5 keys");
    assertNull(page.rest(), "a page holding fewer entries than its limit is the last page: its"
        + " continuation should be null");
    assertFalse(page.hasMore(), "the last page should say hasMore() == false");
  }

  @Test
  default void scan_pageOfExactlyLimitAtTheEndOfTheRange_isFollowedByNothing() {
    putKeys(10);
    List<KeyRange> ranges = List.of(KeyRange.of(key(3), key(8)),
        KeyRange.of(key(3), Bytes.successor(key(7))), KeyRange.of(key(5), null));
    List<List<String>> expected = List.of(keyNames(3, 8), keyNames(3, 8), keyNames(5, 10));
    for (int i = 0; i < ranges.size(); i++) {
      KeyRange range = ranges.get(i);
      ScanPage page = store().scan(range, Direction.ASCENDING, 5);
      assertEquals(expected.get(i), keysOf(page.entries()), "a scan of " + show(range)
          + " with limit 5 should return its 5 keys");
      if (page.hasMore()) {
        ScanPage next = store().scan(page.rest(), Direction.ASCENDING, 5);
        assertEquals(List.of(), keysOf(next.entries()), "after a full page that ends the range "
            + show(range) + ", the continuation " + show(page.rest()) + " should hold no entry");
        assertFalse(next.hasMore(), "the empty page after a full last page of " + show(range)
            + " should end the scan");
      }
    }
  }

  @Test
  default void scan_continuation_isTheUncoveredRestOfTheRange() {
    putKeys(10);
    KeyRange range = KeyRange.of(key(1), key(8));
    ScanPage page = store().scan(range, Direction.ASCENDING, 3);
    assertEquals(keyNames(1, 4), keysOf(page.entries()), "a scan of " + show(range)
        + " with limit 3 should return k0001..k0003");
    assertEquals(KeyRange.of(Bytes.successor(key(3)), key(8)), page.rest(),
        "the continuation of an ascending page ending at k0003 should be the rest of the range,"
            + " [k0003 0x00, k0008), got " + (page.rest() == null ? "null" : show(page.rest())));
  }

  @Test
  default void scan_pagesSeeWritesInTheUncoveredPartOnly() {
    for (int i = 0; i <= 8; i += 2) {
      store().put(key(i), b("old"));
    }
    ScanPage first = store().scan(KeyRange.all(), Direction.ASCENDING, 2);
    assertEquals(List.of(show(key(0)), show(key(2))), keysOf(first.entries()));
    store().put(key(1), b("new, behind the page"));
    store().put(key(5), b("new, ahead"));
    store().delete(key(6));
    store().put(key(8), b("changed"));
    List<KvEntry> rest = pageThrough(store(), first.rest(), Direction.ASCENDING, 2, 10,
        "the rest of the scan");
    assertEquals(List.of("\"k0004\"=\"old\"", "\"k0005\"=\"new, ahead\"",
        "\"k0008\"=\"changed\""), Tck.render(rest),
        "later pages should see writes in the part of the range not yet covered, and only"
            + " there");
  }

  @Test
  default void scan_invalidLimit_isRefused() {
    putKeys(3);
    for (int limit : new int[] {0, -1, Integer.MIN_VALUE, KvLimits.MAX_SCAN_LIMIT + 1}) {
      assertRefusedAsInvalid(store(), "a scan with limit " + limit,
          () -> store().scan(KeyRange.all(), Direction.ASCENDING, limit),
          String.valueOf(limit));
    }
  }

  @Test
  default void scan_atMaxScanLimit_isAccepted() {
    putKeys(3);
    assertEquals(keyNames(0, 3), scanKeys(KeyRange.all(), Direction.ASCENDING),
        "a scan with limit MAX_SCAN_LIMIT should be accepted");
  }

  @Test
  default void scan_paging_collectsEveryKeyExactlyOnce_ascending() {
    putKeys(1000);
    for (int limit : new int[] {1, 7, 100}) {
      List<KvEntry> all = pageThrough(store(), KeyRange.all(), Direction.ASCENDING, limit,
          1000 / limit + 2, "ascending paging by " + limit);
      assertEquals(keyNames(0, 1000), keysOf(all), "paging through 1,000 keys by " + limit
          + " should return every key exactly once, ascending");
      List<KvEntry> part = pageThrough(store(), KeyRange.of(key(100), key(900)),
          Direction.ASCENDING, limit, 800 / limit + 2, "ascending paging by " + limit);
      assertEquals(keyNames(100, 900), keysOf(part), "paging through [k0100, k0900) by "
          + limit + " should return k0100..k0899 exactly once, ascending");
    }
  }

  @Test
  @Requires(KvFeature.REVERSE_SCAN)
  default void scan_paging_collectsEveryKeyExactlyOnce_descending() {
    putKeys(1000);
    for (int limit : new int[] {1, 7, 100}) {
      List<String> expected = keyNames(0, 1000);
      Collections.reverse(expected);
      List<KvEntry> all = pageThrough(store(), KeyRange.all(), Direction.DESCENDING, limit,
          1000 / limit + 2, "descending paging by " + limit);
      assertEquals(expected, keysOf(all), "paging through 1,000 keys by " + limit
          + " should return every key exactly once, descending");
      List<String> part = keyNames(100, 900);
      Collections.reverse(part);
      assertEquals(part, keysOf(pageThrough(store(), KeyRange.of(key(100), key(900)),
          Direction.DESCENDING, limit, 800 / limit + 2, "descending paging by " + limit)),
          "paging through [k0100, k0900) by " + limit
              + " should return k0899..k0100 exactly once, descending");
    }
  }

  @Test
  @Requires(KvFeature.REVERSE_SCAN)
  default void scan_descending_returnsKeysLargestFirst() {
    List<byte[]> sorted = List.of(new byte[0], u(0), u(0, 0), u(1), u(0x7F), u(0x80), u(0xFF),
        u(0xFF, 0xFF));
    for (byte[] k : sorted) {
      store().put(k, k);
    }
    List<String> expected = new ArrayList<>(shown(sorted));
    Collections.reverse(expected);
    assertEquals(expected, scanKeys(KeyRange.all(), Direction.DESCENDING),
        "a descending scan should return keys largest first, in reverse unsigned byte order");
  }

  @Test
  @Requires(KvFeature.REVERSE_SCAN)
  default void scan_descending_keepsBoundsHalfOpen() {
    for (String k : List.of("a", "b", "c", "d", "e")) {
      store().put(b(k), b(k));
    }
    assertEquals(List.of("\"c\"", "\"b\""), scanKeys(KeyRange.of(b("b"), b("d")),
        Direction.DESCENDING), "a descending scan of [b, d) should include its start b and not"
        + " its end d");
    assertEquals(List.of(), scanKeys(KeyRange.of(b("c"), b("c")), Direction.DESCENDING),
        "a descending scan of the empty range [c, c) should return nothing");
    assertEquals(List.of("\"e\"", "\"d\""), scanKeys(KeyRange.of(b("d"), null),
        Direction.DESCENDING), "a descending scan of [d, end) should start at the last key");
  }

  @Test
  @Requires(KvFeature.REVERSE_SCAN)
  default void scan_descending_continuation_isTheUncoveredRestOfTheRange() {
    putKeys(10);
    KeyRange range = KeyRange.of(key(1), key(8));
    ScanPage page = store().scan(range, Direction.DESCENDING, 3);
    assertEquals(List.of(show(key(7)), show(key(6)), show(key(5))), keysOf(page.entries()),
        "a descending scan of " + show(range) + " with limit 3 should return k0007..k0005");
    assertEquals(KeyRange.of(key(1), key(5)), page.rest(),
        "the continuation of a descending page ending at k0005 should be [k0001, k0005), got "
            + (page.rest() == null ? "null" : show(page.rest())));
    List<String> expected = keyNames(1, 5);
    Collections.reverse(expected);
    assertEquals(expected, keysOf(pageThrough(store(), page.rest(), Direction.DESCENDING, 4, 3,
        "descending rest")), "the descending continuation should yield k0004..k0001 and end");
  }

  @Test
  @WhenAbsent(KvFeature.REVERSE_SCAN)
  default void scan_descending_withoutReverseScan_isRefused() {
    putKeys(3);
    assertRefusedWithout(KvFeature.REVERSE_SCAN, store(), "a DESCENDING scan",
        () -> store().scan(KeyRange.all(), Direction.DESCENDING, 10));
    assertRefusedWithout(KvFeature.REVERSE_SCAN, store(), "a DESCENDING scan of an empty range",
        () -> store().scan(KeyRange.of(b("x"), b("x")), Direction.DESCENDING, 10));
  }
}
