package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.key;
import static dev.chatstore.tck.Tck.show;
import static dev.chatstore.tck.Tck.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counting the live entries of a range. */
public interface CountContract extends KvContract {

  private void putKeys(int n) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < n; i++) {
      batch.put(key(i), b("v"));
    }
    store().write(batch.build());
  }

  @Test
  default void count_ofEmptyStore_isZero() {
    assertEquals(0, store().count(KeyRange.all()), "an empty store should count 0 entries");
  }

  @Test
  default void count_ofAllKeys_countsEveryEntryOnce() {
    putKeys(50);
    store().put(new byte[0], new byte[0]);
    store().put(u(0xFF, 0xFF), b("top"));
    store().put(key(3), b("overwritten"));
    assertEquals(52, store().count(KeyRange.all()), "count of every key should be 52: 50 keys,"
        + " the empty key and 0xffff, an overwritten key counted once");
  }

  @Test
  default void count_isHalfOpen() {
    putKeys(20);
    assertEquals(5, store().count(KeyRange.of(key(5), key(10))),
        "count of [k0005, k0010) should count k0005..k0009: start included, end excluded");
    assertEquals(15, store().count(KeyRange.of(key(5), null)),
        "count of [k0005, end) should count the 15 keys from k0005 on");
    assertEquals(1, store().count(KeyRange.of(key(5), Bytes.successor(key(5)))),
        "count of [k0005, k0005 0x00) should count just k0005");
  }

  @Test
  default void count_ofEmptyRange_isZero() {
    putKeys(5);
    assertEquals(0, store().count(KeyRange.of(key(2), key(2))),
        "count of the empty range [k0002, k0002) should be 0, though k0002 exists");
    assertEquals(0, store().count(KeyRange.of(b("x"), b("y"))),
        "count of a range holding no key should be 0");
  }

  @Test
  default void count_afterDeletes_leavesThemOut() {
    putKeys(10);
    store().delete(key(0));
    store().delete(key(5));
    store().delete(b("absent"));
    assertEquals(8, store().count(KeyRange.all()), "count after deleting 2 of 10 keys should"
        + " be 8");
    assertEquals(4, store().count(KeyRange.of(key(0), key(6))),
        "count of [k0000, k0006) after deleting k0000 and k0005 should be 4");
  }

  @Test
  default void count_matchesScan_forRandomRanges() {
    Random rnd = new Random(seed());
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 200; i++) {
      batch.put(new byte[] {(byte) rnd.nextInt(256), (byte) rnd.nextInt(256)}, b("v"));
    }
    store().write(batch.build());
    for (int i = 0; i < 50; i++) {
      byte[] x = {(byte) rnd.nextInt(256), (byte) rnd.nextInt(256)};
      byte[] y = rnd.nextInt(5) == 0 ? null : new byte[] {(byte) rnd.nextInt(256)};
      KeyRange range = y == null || Bytes.compare(x, y) <= 0 ? KeyRange.of(x, y)
          : KeyRange.of(y, x);
      long scanned = store().scanAll(range).size();
      assertEquals(scanned, store().count(range), "count of " + show(range)
          + " should equal the number of entries a scan returns (seed=" + seed() + ")");
    }
  }

  @Test
  @Requires(KvFeature.TTL)
  default void count_leavesOutExpiredEntries() {
    Instant now = clock().instant();
    store().write(WriteBatch.builder()
        .put(b("a"), b("lives"))
        .put(b("b"), b("expires"), now.plusSeconds(10))
        .put(b("c"), b("expires later"), now.plusSeconds(20))
        .build());
    assertEquals(3, store().count(KeyRange.all()), "count before any expiry should be 3");
    clock().advance(Duration.ofSeconds(10));
    assertEquals(2, store().count(KeyRange.all()), "count at b's expiry instant should leave b"
        + " out");
    clock().advance(Duration.ofSeconds(10));
    assertEquals(1, store().count(KeyRange.all()), "count after both expiries should be 1");
    assertEquals(0, store().count(KeyRange.of(b("b"), null)),
        "count of [b, end) should leave out the expired b and c");
  }
}
