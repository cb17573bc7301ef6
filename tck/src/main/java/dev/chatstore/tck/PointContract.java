package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.assertRefusedAsInvalid;
import static dev.chatstore.tck.Tck.b;
import static dev.chatstore.tck.Tck.contents;
import static dev.chatstore.tck.Tck.keysOf;
import static dev.chatstore.tck.Tck.random;
import static dev.chatstore.tck.Tck.show;
import static dev.chatstore.tck.Tck.shown;
import static dev.chatstore.tck.Tck.u;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Single keys and values: get, put, delete, getAll, the key order, the size limits, and who owns
 * the arrays.
 */
public interface PointContract extends KvContract {

  @Test
  default void get_ofAbsentKey_returnsNull() {
    assertNull(store().get(b("nothing")), "get of a key never written should return null");
    store().put(b("a"), b("1"));
    assertNull(store().get(b("b")), "get of an absent key should return null, even when other"
        + " keys exist");
  }

  @Test
  default void put_thenGet_returnsTheValue() {
    store().put(b("chat/1"), b("hello"));
    assertArrayEquals(b("hello"), store().get(b("chat/1")),
        "get after put(\"chat/1\", \"hello\") should return \"hello\"");
  }

  @Test
  default void put_ofExistingKey_replacesTheValue() {
    store().put(b("k"), b("first"));
    store().put(b("k"), b("second, longer"));
    store().put(b("k"), b("3rd"));
    assertEquals(show(b("3rd")), show(store().get(b("k"))),
        "the last put of a key should win");
    assertEquals(1, store().count(KeyRange.all()), "overwriting a key should not add an entry");
  }

  @Test
  default void delete_removesTheKey() {
    store().put(b("a"), b("1"));
    store().put(b("b"), b("2"));
    store().delete(b("a"));
    assertNull(store().get(b("a")), "a deleted key should read as absent");
    assertEquals(List.of("\"b\"=\"2\""), contents(store()),
        "deleting \"a\" should leave exactly the other entries");
  }

  @Test
  default void delete_ofAbsentKey_isFine() {
    store().put(b("a"), b("1"));
    store().delete(b("never-written"));
    store().delete(b("a"));
    store().delete(b("a"));
    assertEquals(List.of(), contents(store()),
        "deleting absent keys should succeed and change nothing else");
  }

  @Test
  default void emptyValue_isAValue_neverAbsent() {
    store().put(b("empty"), new byte[0]);
    byte[] got = store().get(b("empty"));
    assertNotNull(got, "get of a key holding the empty value should return an empty array,"
        + " not null (null means absent)");
    assertEquals(0, got.length, "the empty value should come back empty");
    List<byte[]> all = store().getAll(List.of(b("empty")));
    assertNotNull(all.get(0), "getAll of a key holding the empty value should return an empty"
        + " array, not null");
    assertEquals(0, all.get(0).length, "getAll should return the empty value empty");
    ScanPage page = store().scan(KeyRange.all(), Direction.ASCENDING, 10);
    assertEquals(List.of(new KvEntry(b("empty"), new byte[0])), page.entries(),
        "a scan should return the entry with the empty value");
    assertEquals(1, store().count(KeyRange.all()), "an entry with the empty value should count");
  }

  @Test
  default void emptyKey_isAValidKey_andTheSmallest() {
    store().put(b("a"), b("after"));
    store().put(u(0), b("zero"));
    store().put(new byte[0], b("empty key"));
    assertArrayEquals(b("empty key"), store().get(new byte[0]),
        "the empty key should be a valid key");
    assertEquals(List.of("{}", "0x00", "\"a\""), keysOf(store().scanAll(KeyRange.all())),
        "the empty key should sort before every other key");
    store().delete(new byte[0]);
    assertNull(store().get(new byte[0]), "the empty key should be deletable");
  }

  @Test
  default void value_of1MiB_roundTripsByteExact() {
    byte[] big = random(1 << 20, seed());
    store().put(b("big"), big);
    byte[] got = store().get(b("big"));
    assertNotNull(got, "a 1 MiB value should be stored");
    assertEquals(big.length, got.length, "a 1 MiB value should keep its length");
    assertTrue(Arrays.equals(big, got), () -> "a 1 MiB value should round-trip byte-exact,"
        + " first difference at byte " + Arrays.mismatch(big, got) + " (seed=" + seed() + ")");
    assertTrue(Arrays.equals(big, store().scanAll(KeyRange.all()).get(0).value()),
        "a scan should return the 1 MiB value byte-exact (seed=" + seed() + ")");
  }

  @Test
  default void value_atMaxValueBytes_isAccepted() {
    byte[] max = random(store().maxValueBytes(), seed());
    store().put(b("max"), max);
    byte[] got = store().get(b("max"));
    assertNotNull(got, "a value of exactly MAX_VALUE_BYTES should be accepted");
    assertTrue(Arrays.equals(max, got), "a value of exactly MAX_VALUE_BYTES ("
        + store().maxValueBytes() + " bytes) should round-trip byte-exact (seed=" + seed() + ")");
  }

  @Test
  default void value_oneByteOverMaxValueBytes_isRefused_andChangesNothing() {
    store().put(b("k"), b("old"));
    byte[] tooBig = new byte[store().maxValueBytes() + 1];
    assertRefusedAsInvalid(store(), "a put of a " + tooBig.length + "-byte value",
        () -> store().put(b("k"), tooBig),
        String.valueOf(tooBig.length), String.valueOf(store().maxValueBytes()));
    assertArrayEquals(b("old"), store().get(b("k")),
        "a refused oversized put should leave the old value");
  }

  @Test
  default void key_atMaxKeyBytes_isAccepted() {
    byte[] longest = new byte[store().maxKeyBytes()];
    Arrays.fill(longest, (byte) 0xFF);
    store().put(longest, b("v"));
    assertArrayEquals(b("v"), store().get(longest),
        "a key of exactly MAX_KEY_BYTES (" + store().maxKeyBytes() + ") should be accepted");
    assertEquals(List.of(show(longest)), keysOf(store().scanAll(KeyRange.all())),
        "a scan should return the longest key whole");
  }

  @Test
  default void key_oneByteOverMaxKeyBytes_isRefused_andChangesNothing() {
    store().put(b("a"), b("1"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    String size = String.valueOf(tooLong.length);
    String limit = String.valueOf(store().maxKeyBytes());
    assertRefusedAsInvalid(store(), "a put of a " + size + "-byte key",
        () -> store().put(tooLong, b("v")), size, limit);
    assertRefusedAsInvalid(store(), "a delete of a " + size + "-byte key",
        () -> store().delete(tooLong), size, limit);
  }

  @Test
  default void read_ofKeyOverMaxKeyBytes_isRefused() {
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    String size = String.valueOf(tooLong.length);
    String limit = String.valueOf(store().maxKeyBytes());
    assertRefusedAsInvalid(store(), "a get of a " + size + "-byte key",
        () -> store().get(tooLong), size, limit);
    assertRefusedAsInvalid(store(), "a getAll holding a " + size + "-byte key",
        () -> store().getAll(List.of(b("a"), tooLong)), size, limit);
  }

  @Test
  default void nullKeyOrValue_isRefused() {
    store().put(b("a"), b("1"));
    assertRefusedAsInvalid(store(), "put(null, value)", () -> store().put(null, b("v")));
    assertRefusedAsInvalid(store(), "put(key, null)", () -> store().put(b("a"), null));
    assertRefusedAsInvalid(store(), "delete(null)", () -> store().delete(null));
    assertRefusedAsInvalid(store(), "get(null)", () -> store().get(null));
    assertRefusedAsInvalid(store(), "getAll of a list holding null",
        () -> store().getAll(Arrays.asList(b("a"), null)));
    assertArrayEquals(b("1"), store().get(b("a")), "refused null arguments should change nothing");
  }

  @Test
  default void returnedArrays_belongToTheCaller() {
    store().put(b("k"), b("value"));
    store().get(b("k"))[0] = 'X';
    store().getAll(List.of(b("k"))).get(0)[1] = 'X';
    KvEntry scanned = store().scan(KeyRange.all(), Direction.ASCENDING, 1).entries().get(0);
    scanned.value()[2] = 'X';
    scanned.key()[0] = 'X';
    for (int i = 0; i < 2; i++) {
      assertEquals(show(b("value")), show(store().get(b("k"))),
          "changing arrays returned by get, getAll or scan should not change what get returns");
      assertEquals(List.of(show(b("value"))), shown(store().getAll(List.of(b("k")))),
          "changing arrays returned by get, getAll or scan should not change what getAll"
              + " returns");
      assertEquals(List.of("\"k\"=\"value\""), contents(store()),
          "changing arrays returned by get, getAll or scan should not change what scan returns");
    }
  }

  @Test
  default void arraysPassedToWrites_belongToTheCaller() {
    byte[] key = b("k1");
    byte[] value = b("value");
    store().put(key, value);
    key[1] = '9';
    value[0] = 'X';
    byte[] rawKey = b("k2");
    byte[] rawValue = b("value");
    // WriteOp.Put does not copy; the store must, before write returns.
    assertTrue(store().write(WriteBatch.of(List.of(new WriteOp.Put(rawKey, rawValue, null)))));
    rawKey[1] = '9';
    rawValue[0] = 'X';
    assertEquals(List.of("\"k1\"=\"value\"", "\"k2\"=\"value\""), contents(store()),
        "changing the arrays given to put or write after it returned should not change the"
            + " store");
    assertEquals(show(b("value")), show(store().get(b("k2"))),
        "changing the arrays given to write after it returned should not change the store");
  }

  @Test
  default void getAll_returnsValuesInTheOrderAsked_withNullForAbsent() {
    store().put(b("a"), b("1"));
    store().put(b("c"), b("3"));
    store().put(b("e"), new byte[0]);
    List<byte[]> got = store().getAll(List.of(b("e"), b("b"), b("c"), b("a"), b("z")));
    assertEquals(Arrays.asList("{}", "null", "\"3\"", "\"1\"", "null"), shown(got),
        "getAll([e, b, c, a, z]) should answer key by key in the order asked, null for absent");
  }

  @Test
  default void getAll_allowsDuplicateKeys() {
    store().put(b("a"), b("1"));
    List<byte[]> got = store().getAll(List.of(b("a"), b("x"), b("a"), b("x"), b("a")));
    assertEquals(Arrays.asList("\"1\"", "null", "\"1\"", "null", "\"1\""), shown(got),
        "getAll should answer every occurrence of a duplicate key");
  }

  @Test
  default void getAll_ofNoKeys_returnsEmptyList() {
    store().put(b("a"), b("1"));
    List<byte[]> got = store().getAll(List.of());
    assertNotNull(got, "getAll of no keys should return a list, not null");
    assertEquals(0, got.size(), "getAll of no keys should return the empty list");
  }

  @Test
  default void getAll_ofMaxMultiGetKeys_isAccepted_andOneMoreRefused() {
    store().put(Tck.key(7), b("seven"));
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < KvLimits.MAX_MULTI_GET_KEYS; i++) {
      keys.add(Tck.key(i));
    }
    List<byte[]> got = store().getAll(keys);
    assertEquals(KvLimits.MAX_MULTI_GET_KEYS, got.size(),
        "getAll of exactly MAX_MULTI_GET_KEYS keys should answer every key");
    assertArrayEquals(b("seven"), got.get(7), "getAll of many keys should find key 7");
    keys.add(b("one too many"));
    assertRefusedAsInvalid(store(), "getAll of " + keys.size() + " keys",
        () -> store().getAll(keys),
        String.valueOf(keys.size()), String.valueOf(KvLimits.MAX_MULTI_GET_KEYS));
  }

  @Test
  default void order_isUnsignedBytes_withPrefixBeforeExtension() {
    List<byte[]> sorted = List.of(new byte[0], u(0x00), u(0x00, 0x00), u(0x00, 0x01),
        u(0x01), u(0x01, 0xFF), u(0x7F), u(0x7F, 0x00), u(0x80), u(0xFE, 0xFF), u(0xFF),
        u(0xFF, 0x00), u(0xFF, 0xFF), u(0xFF, 0xFF, 0xFF));
    List<byte[]> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(seed()));
    for (byte[] k : shuffled) {
      store().put(k, k);
    }
    assertEquals(shown(sorted), keysOf(store().scanAll(KeyRange.all())),
        "keys should sort as unsigned bytes (0xff after 0x7f), a prefix before its extensions,"
            + " {} < 0x00 < 0x0000 < 0x01 (seed=" + seed() + ")");
    assertEquals(shown(sorted.subList(7, 10)),
        keysOf(store().scanAll(KeyRange.of(u(0x7F, 0x00), u(0xFE, 0xFF, 0x00)))),
        "a scan of [0x7f00, 0xfeff00) should hold 0x7f00, 0x80 and 0xfeff, as unsigned bytes");
  }

  @Test
  default void order_ofRandomKeys_matchesBytesOrder() {
    Random rnd = new Random(seed());
    int[] alphabet = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
    List<byte[]> keys = new ArrayList<>();
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 300; i++) {
      byte[] k = new byte[rnd.nextInt(5)];
      for (int j = 0; j < k.length; j++) {
        k[j] = (byte) alphabet[rnd.nextInt(alphabet.length)];
      }
      keys.add(k);
      batch.put(k, k);
    }
    store().write(batch.build());
    TreeSet<byte[]> distinct = new TreeSet<>(Bytes.ORDER);
    distinct.addAll(keys);
    List<byte[]> expected = new ArrayList<>(distinct);
    KvStore s = store();
    assertEquals(shown(expected), keysOf(s.scanAll(KeyRange.all())),
        "a scan should return random keys of 0x00/0x7f/0x80/0xff bytes in unsigned byte order,"
            + " each once (seed=" + seed() + ")");
    for (byte[] k : expected) {
      assertArrayEquals(k, s.get(k), () -> "get(" + show(k) + ") should return its value (seed="
          + seed() + ")");
    }
  }
}
