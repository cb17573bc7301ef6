package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.assertRefusedWithout;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.contents;
import static dev.chatstore.tck.Tck.key;
import static dev.chatstore.tck.Tck.keysOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expiry ({@link KvFeature#TTL}): an entry is visible strictly before its expiry instant, by the
 * store's clock, and invisible to every read from that instant on; sweeping removes it.
 * {@link dev.chatstore.kv.KvStore#scanWithExpiry} reports each live entry's expiry to the
 * millisecond, so that a copy of the store keeps it.
 */
public interface ExpiryContract extends KvContract {

  private void putExpiring(byte[] key, byte[] value, Instant expiresAt) {
    store().write(WriteBatch.builder().put(key, value, expiresAt).build());
  }

  /** Asserts that every kind of read sees {@code key} as absent. */
  private void assertInvisible(byte[] key, String when) {
    assertNull(store().get(key), "get should not see an entry " + when);
    assertNull(store().getAll(List.of(key)).get(0), "getAll should not see an entry " + when);
    assertEquals(List.of(), keysOf(store().scan(KeyRange.prefix(key), Direction.ASCENDING, 10)
        .entries()), "a scan should not see an entry " + when);
    assertEquals(0, store().count(KeyRange.prefix(key)), "count should not count an entry "
        + when);
    assertTrue(store().write(WriteBatch.builder().checkAbsent(key).build()),
        "checkAbsent should hold for an entry " + when);
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_entryIsVisibleUntilJustBeforeItsInstant() {
    Instant expiry = clock().instant().plusSeconds(10);
    putExpiring(b("k"), b("v"), expiry);
    clock().set(expiry.minusMillis(1));
    assertArrayEquals(b("v"), store().get(b("k")), "an entry expiring at now+10s should still be"
        + " visible to get at now+9.999s");
    assertEquals(1, store().count(KeyRange.all()), "and counted at now+9.999s");
    assertEquals(List.of("\"k\"=\"v\""), contents(store()), "and scanned at now+9.999s");
    assertTrue(store().write(WriteBatch.builder().check(b("k"), b("v")).build()),
        "and matched by a check at now+9.999s");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_entryIsInvisibleFromItsExactInstant() {
    Instant expiry = clock().instant().plusSeconds(10);
    putExpiring(b("k"), b("v"), expiry);
    store().put(b("other"), b("stays"));
    clock().set(expiry);
    assertInvisible(b("k"), "at exactly its expiry instant");
    assertFalse(store().write(WriteBatch.builder().check(b("k"), b("v")).put(b("x"), b("1"))
        .build()), "a check for the value of an entry at exactly its expiry instant should fail");
    assertEquals(List.of("\"other\"=\"stays\""), contents(store()),
        "only the entry without expiry should be left");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_entryStaysInvisibleAfterItsInstant() {
    Instant expiry = clock().instant().plusSeconds(10);
    putExpiring(b("k"), b("v"), expiry);
    clock().advance(Duration.ofHours(1));
    assertInvisible(b("k"), "an hour after its expiry");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_inThePast_isInvisibleAtOnce() {
    putExpiring(b("k"), b("v"), clock().instant().minusSeconds(1));
    assertInvisible(b("k"), "written with an expiry instant in the past");
    putExpiring(b("now"), b("v"), clock().instant());
    assertInvisible(b("now"), "written with an expiry instant equal to now");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_overwriteWithoutExpiry_makesTheEntryPermanent() {
    putExpiring(b("k"), b("temporary"), clock().instant().plusSeconds(10));
    store().put(b("k"), b("permanent"));
    clock().advance(Duration.ofDays(365));
    assertArrayEquals(b("permanent"), store().get(b("k")),
        "overwriting an expiring entry with a put without expiry should make it permanent");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_overwriteWithExpiry_replacesTheOldExpiry() {
    Instant start = clock().instant();
    putExpiring(b("later"), b("v1"), start.plusSeconds(10));
    putExpiring(b("later"), b("v2"), start.plusSeconds(60));
    store().put(b("sooner"), b("v1"));
    putExpiring(b("sooner"), b("v2"), start.plusSeconds(5));
    clock().set(start.plusSeconds(30));
    assertArrayEquals(b("v2"), store().get(b("later")),
        "a later expiry written over an earlier one should replace it");
    assertNull(store().get(b("sooner")), "an expiry written over a permanent entry should apply");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_checkAgainstExpiredEntry_seesItAbsent() {
    putExpiring(b("lock"), b("owner-1"), clock().instant().plusSeconds(10));
    assertFalse(store().write(WriteBatch.builder().checkAbsent(b("lock"))
        .put(b("lock"), b("owner-2")).build()), "checkAbsent of a live entry should fail");
    clock().advance(Duration.ofSeconds(10));
    assertFalse(store().write(WriteBatch.builder().check(b("lock"), b("owner-1"))
        .put(b("lock"), b("owner-1 again")).build()),
        "a check for the value of an expired entry should fail: it is absent");
    assertTrue(store().write(WriteBatch.builder().checkAbsent(b("lock"))
        .put(b("lock"), b("owner-2")).build()),
        "checkAbsent of an expired entry should hold: expired counts as absent");
    assertArrayEquals(b("owner-2"), store().get(b("lock")),
        "a put over an expired entry should make the key live again");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_putOverExpiredEntry_makesItLiveAgain() {
    putExpiring(key(1), b("old"), clock().instant().plusSeconds(1));
    clock().advance(Duration.ofSeconds(2));
    store().put(key(1), b("new"));
    assertEquals(List.of("\"k0001\"=\"new\""), contents(store()),
        "a put over an expired entry should be visible with its new value");
    assertEquals(1, store().count(KeyRange.all()), "and counted once");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void sweepExpired_removesOnlyExpiredEntries_andCountsThem() {
    Instant start = clock().instant();
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 5; i++) {
      batch.put(key(i), b("expires at +10s"), start.plusSeconds(10));
    }
    for (int i = 5; i < 8; i++) {
      batch.put(key(i), b("permanent"));
    }
    for (int i = 8; i < 10; i++) {
      batch.put(key(i), b("expires at +20s"), start.plusSeconds(20));
    }
    store().write(batch.build());
    assertEquals(0, store().sweepExpired(), "sweeping before any expiry should remove nothing");
    clock().set(start.plusSeconds(10));
    assertEquals(5, store().sweepExpired(), "sweeping at +10s should remove exactly the 5"
        + " entries expiring at +10s");
    assertEquals(0, store().sweepExpired(), "sweeping again should remove nothing more");
    assertEquals(5, store().count(KeyRange.all()), "the 5 live entries should remain");
    clock().set(start.plusSeconds(20));
    assertEquals(2, store().sweepExpired(), "sweeping at +20s should remove the 2 entries"
        + " expiring at +20s");
    assertEquals(List.of("\"k0005\"=\"permanent\"", "\"k0006\"=\"permanent\"",
        "\"k0007\"=\"permanent\""), contents(store()), "sweeping should keep every live entry");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void sweepExpired_leavesTheStoreCorrect() {
    Instant start = clock().instant();
    for (int i = 0; i < 20; i++) {
      putExpiring(key(i), b("v" + i), i % 2 == 0 ? start.plusSeconds(5) : null);
    }
    clock().advance(Duration.ofSeconds(5));
    assertEquals(10, store().sweepExpired(), "sweeping should remove the 10 expired entries");
    store().put(key(0), b("back"));
    putExpiring(key(2), b("again"), start.plusSeconds(100));
    store().delete(key(3));
    assertEquals(11, store().count(KeyRange.all()),
        "after a sweep, writes should count as usual: 10 odd keys, k0000 and k0002, minus k0003");
    assertArrayEquals(b("back"), store().get(key(0)), "a swept key should be writable again");
    assertEquals(0, store().sweepExpired(), "nothing is expired now");
    clock().set(start.plusSeconds(100));
    assertEquals(1, store().sweepExpired(), "the re-written k0002 should expire at its new"
        + " instant");
    assertEquals(10, store().count(KeyRange.all()), "10 entries should remain");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void expiry_scanPagesSkipExpiredEntries_andStayFull() {
    Instant start = clock().instant();
    WriteBatch.Builder batch = WriteBatch.builder();
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 3 == 0 || (i >= 10 && i < 20)) { // single expired entries and a run longer than a page
        batch.put(key(i), b("gone"), start.plusSeconds(1));
      } else { // live: half permanent, half expiring later
        batch.put(key(i), b("live"), i % 2 == 0 ? start.plus(Duration.ofDays(1)) : null);
        live.add(String.format("\"k%04d\"", i));
      }
    }
    store().write(batch.build());
    clock().set(start.plusSeconds(1));
    for (Direction d : Direction.values()) {
      if (d == Direction.DESCENDING && !store().features().contains(KvFeature.REVERSE_SCAN)) {
        continue;
      }
      List<String> seen = new ArrayList<>();
      KeyRange rest = KeyRange.all();
      while (rest != null) {
        ScanPage page = store().scan(rest, d, 4);
        if (page.hasMore()) {
          assertEquals(4, page.entries().size(), d + ": a page before the last should hold 4 live"
              + " entries, however many expired ones lie between them: " + keysOf(page.entries()));
        }
        seen.addAll(keysOf(page.entries()));
        rest = page.rest();
      }
      List<String> expected = new ArrayList<>(live);
      if (d == Direction.DESCENDING) {
        Collections.reverse(expected);
      }
      assertEquals(expected, seen, d + " pages of 4 should give every live entry once, in order,"
          + " and no expired one");
    }
    assertEquals(live.size(), store().count(KeyRange.all()),
        "count should count the live entries only");
  }

  @Test
  @WhenAbsent(KvFeature.TTL)
  default void expiry_withoutTtl_putWithExpiryIsRefused_andChangesNothing() {
    store().put(b("a"), b("1"));
    Instant later = clock().instant().plusSeconds(10);
    WriteBatch batch = WriteBatch.builder()
        .put(b("b"), b("would be written first"))
        .put(b("a"), b("2"), later)
        .build();
    assertRefusedWithout(KvFeature.TTL, store(), "write of a put with an expiry",
        () -> store().write(batch));
    assertRefusedWithout(KvFeature.TTL, store(), "writeAsync of a put with an expiry",
        () -> store().writeAsync(batch));
    assertRefusedWithout(KvFeature.TTL, store(), "write of a put with an expiry in the past",
        () -> store().write(WriteBatch.builder().put(b("a"), b("3"),
            clock().instant().minusSeconds(1)).build()));
  }

  @Test
  @WhenAbsent(KvFeature.TTL)
  default void sweepExpired_withoutTtl_returnsZero() {
    store().put(b("a"), b("1"));
    clock().advance(Duration.ofDays(1000));
    assertEquals(0, store().sweepExpired(), "sweepExpired of a store without TTL should return 0");
    assertEquals(List.of("\"a\"=\"1\""), contents(store()),
        "sweepExpired of a store without TTL should change nothing");
  }

  /** {@code key=value@expiry} (or {@code key=value} without expiry) of each entry, in order. */
  private static List<String> withExpiry(List<KvEntry> entries) {
    return entries.stream().map(e -> new String(e.key(), StandardCharsets.UTF_8) + "="
        + new String(e.value(), StandardCharsets.UTF_8) + e.expiresAt().map(t -> "@" + t)
        .orElse("")).toList();
  }

  @Test
  @Requires(KvFeature.TTL)
  default void scanWithExpiry_reportsEachExpiry_toTheMillisecond() {
    Instant now = clock().instant();
    Instant soon = Instant.ofEpochMilli(now.toEpochMilli() + 10_123);
    Instant far = Instant.ofEpochMilli(now.toEpochMilli() + 400L * 24 * 3600 * 1000 + 7);
    store().write(WriteBatch.builder().put(b("a"), b("1"), soon).put(b("b"), b("2"))
        .put(b("c"), b(""), far).put(b("d"), b("4"), soon.plusNanos(999_999)).build());
    List<String> expected = List.of("a=1@" + soon, "b=2", "c=@" + far, "d=4@" + soon);
    assertEquals(expected, withExpiry(store().scanWithExpiry(KeyRange.all(), Direction.ASCENDING,
        10).entries()), "scanWithExpiry should report each entry's expiry to the millisecond (an"
        + " instant within a millisecond truncated to it) and none for the entry without one");
    assertEquals(expected, withExpiry(store().streamWithExpiry(KeyRange.all(),
        Direction.ASCENDING, 1).toList()), "paging by one entry should report the same");
    assertEquals(List.of("\"b\"", "\"c\""), keysOf(store().scanWithExpiry(
        new KeyRange(b("b"), b("d")), Direction.ASCENDING, 10).entries()),
        "scanWithExpiry should keep to its range");
    for (KvEntry e : store().scan(KeyRange.all(), Direction.ASCENDING, 10).entries()) {
      assertEquals(KvEntry.NO_EXPIRY, e.expiresAtMillis(), "a plain scan reports no expiry: " + e);
    }
  }

  @Test
  @Requires({KvFeature.TTL, KvFeature.REVERSE_SCAN})
  default void scanWithExpiry_descending_reportsEachExpiry() {
    Instant soon = Instant.ofEpochMilli(clock().millis() + 5_001);
    store().write(WriteBatch.builder().put(b("a"), b("1"), soon).put(b("b"), b("2"))
        .put(b("c"), b("3"), soon.plusSeconds(1)).build());
    assertEquals(List.of("c=3@" + soon.plusSeconds(1), "b=2"), withExpiry(store()
        .scanWithExpiry(KeyRange.all(), Direction.DESCENDING, 2).entries()),
        "a descending scanWithExpiry should report the expiry of each entry of its page");
  }

  @Test
  @Requires(KvFeature.TTL)
  default void scanWithExpiry_followsOverwrites_andSkipsExpiredEntries() {
    Instant start = Instant.ofEpochMilli(clock().millis());
    store().write(WriteBatch.builder().put(b("made-permanent"), b("1"), start.plusSeconds(5))
        .put(b("made-expiring"), b("2")).put(b("moved"), b("3"), start.plusSeconds(5))
        .put(b("gone"), b("4"), start.plusSeconds(1)).build());
    store().write(WriteBatch.builder().put(b("made-permanent"), b("1"))
        .put(b("made-expiring"), b("2"), start.plusSeconds(9))
        .put(b("moved"), b("3"), start.plusSeconds(60)).build());
    clock().set(start.plusSeconds(1));
    assertEquals(List.of("made-expiring=2@" + start.plusSeconds(9), "made-permanent=1",
        "moved=3@" + start.plusSeconds(60)), withExpiry(store().scanWithExpiry(KeyRange.all(),
        Direction.ASCENDING, 10).entries()), "scanWithExpiry should report the expiry of the"
        + " last put of each key, and leave out the entry expired at its exact instant");
  }

  @Test
  @WhenAbsent(KvFeature.TTL)
  default void scanWithExpiry_withoutTtl_reportsNoExpiry() {
    store().write(WriteBatch.builder().put(b("a"), b("1")).put(b("b"), b("2")).build());
    assertEquals(List.of("a=1", "b=2"), withExpiry(store().scanWithExpiry(KeyRange.all(),
        Direction.ASCENDING, 10).entries()), "a store without TTL holds no expiring entry:"
        + " scanWithExpiry should report its entries without expiry");
  }
}
