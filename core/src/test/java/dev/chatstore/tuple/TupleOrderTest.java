package dev.chatstore.tuple;

import static dev.chatstore.tuple.TupleTestSupport.bytes;
import static dev.chatstore.tuple.TupleTestSupport.hex;
import static dev.chatstore.tuple.TupleTestSupport.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tuple order: {@link Tuple#compareTo} on values agrees with the unsigned order of the
 * packings, over every edge case of every type and over random tuples.
 */
class TupleOrderTest {

  /** Asserts the order and equality properties for every ordered pair of {@code tuples}. */
  private static void assertPackingPreservesOrder(List<Tuple> tuples, String context) {
    byte[][] packs = new byte[tuples.size()][];
    for (int i = 0; i < packs.length; i++) {
      packs[i] = tuples.get(i).pack();
    }
    for (int i = 0; i < packs.length; i++) {
      Tuple a = tuples.get(i);
      for (int j = 0; j < packs.length; j++) {
        Tuple b = tuples.get(j);
        assertPairAgrees(a, packs[i], b, packs[j], context);
      }
    }
  }

  private static void assertPairAgrees(Tuple a, byte[] pa, Tuple b, byte[] pb, String context) {
    int byValue = Integer.signum(a.compareTo(b));
    int byBytes = Integer.signum(Arrays.compareUnsigned(pa, pb));
    boolean equalPacks = Arrays.equals(pa, pb);
    if (byValue != byBytes || equalPacks != a.equals(b)
        || (equalPacks && a.hashCode() != b.hashCode())) {
      fail(context + ": " + a + " vs " + b + ": compareTo sign " + byValue
          + ", packed bytes sign " + byBytes + ", equals " + a.equals(b) + "; packs "
          + hex(pa) + " vs " + hex(pb));
    }
  }

  private static List<Tuple> singletons(List<Object> values) {
    List<Tuple> out = new ArrayList<>();
    for (Object v : values) {
      out.add(Tuple.of(v));
    }
    return out;
  }

  @Test
  void edgeValuesCoverEveryType() {
    List<Object> edges = TupleTestSupport.edgeValues();
    assertThat(edges).hasSizeGreaterThanOrEqualTo(60);
    assertThat(edges).hasAtLeastOneElementOfType(byte[].class)
        .hasAtLeastOneElementOfType(String.class).hasAtLeastOneElementOfType(Long.class)
        .hasAtLeastOneElementOfType(Boolean.class).hasAtLeastOneElementOfType(UUID.class)
        .hasAtLeastOneElementOfType(Tuple.class).containsNull();
  }

  @Test
  void singleElementTuplesOfEveryEdgeValueOrderLikeTheirPackings() {
    assertPackingPreservesOrder(singletons(TupleTestSupport.edgeValues()), "one element");
  }

  @Test
  void nestedEdgeValuesOrderLikeTheirPackings() {
    List<Tuple> tuples = new ArrayList<>();
    for (Object v : TupleTestSupport.edgeValues()) {
      tuples.add(Tuple.of(Tuple.of(v)));
      tuples.add(Tuple.of(Tuple.of(v, null)));
      tuples.add(Tuple.of(Tuple.of(null, v), v));
    }
    assertPackingPreservesOrder(tuples, "nested");
  }

  @Test
  void twoElementTuplesOfEdgeValuesOrderLikeTheirPackings() {
    List<Tuple> tuples = new ArrayList<>();
    for (Object a : TupleTestSupport.edgeValues()) {
      for (Object b : TupleTestSupport.representativeValues()) {
        tuples.add(Tuple.of(a, b));
        tuples.add(Tuple.of(b, a));
      }
    }
    assertPackingPreservesOrder(tuples, "two elements");
  }

  @Test
  void tupleSortsBeforeItsExtensions() {
    List<Object> edges = TupleTestSupport.edgeValues();
    List<Tuple> bases = new ArrayList<>(singletons(edges));
    bases.add(Tuple.empty());
    for (Tuple base : bases) {
      KeyRange range = base.range();
      assertThat(range.contains(base.pack())).as("range of %s excludes itself", base).isFalse();
      for (Object tail : TupleTestSupport.representativeValues()) {
        Tuple extension = base.add(tail);
        assertThat(base.compareTo(extension)).as("%s < %s", base, extension).isNegative();
        assertThat(extension.compareTo(base)).as("%s > %s", extension, base).isPositive();
        byte[] packed = extension.pack();
        assertThat(Arrays.compareUnsigned(base.pack(), packed)).isNegative();
        assertThat(range.contains(packed)).as("range of %s holds %s", base, extension).isTrue();
      }
    }
  }

  @Test
  void tupleRangeHoldsNoSiblingOrExtensionOfASibling() {
    List<Tuple> tuples = singletons(TupleTestSupport.edgeValues());
    for (Tuple a : tuples) {
      KeyRange range = a.range();
      for (Tuple b : tuples) {
        if (!a.equals(b)) {
          assertThat(range.contains(b.pack())).as("range of %s vs %s", a, b).isFalse();
          assertThat(range.contains(b.add(1).pack())).as("range of %s vs %s+", a, b).isFalse();
        }
      }
    }
  }

  @Test
  void typesSortNullBytesStringTupleIntegerFalseTrueUuid() {
    List<Tuple> ascending = singletons(Arrays.asList(null, bytes(0xFF, 0xFF), "\uDBFF\uDFFF",
        Tuple.of(new UUID(-1, -1)), Long.MAX_VALUE, false, true, new UUID(0, 0)));
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(ascending.get(i)).isLessThan(ascending.get(i + 1));
    }
    assertPackingPreservesOrder(ascending, "types");
  }

  @Test
  void negativeIntegersSortBeforeZeroAndPositive() {
    List<Long> sorted = new ArrayList<>(TupleTestSupport.edgeLongs());
    sorted.sort(Long::compare);
    for (int i = 0; i + 1 < sorted.size(); i++) {
      Tuple a = Tuple.of(sorted.get(i));
      Tuple b = Tuple.of(sorted.get(i + 1));
      assertThat(a).as("%s < %s", a, b).isLessThan(b);
      assertThat(Arrays.compareUnsigned(a.pack(), b.pack())).as("%s < %s", a, b).isNegative();
    }
  }

  @Test
  void stringsSortByCodePointNotByUtf16Units() {
    String bmpTop = "\uFFFF";
    String privateUse = "\uE000";
    String gClef = "\uD834\uDD1E"; // U+1D11E, a surrogate pair
    assertThat(bmpTop.compareTo(gClef)).as("String.compareTo is a UTF-16 order").isPositive();
    assertThat(privateUse.compareTo(gClef)).isPositive();
    assertThat(Tuple.of(bmpTop)).isLessThan(Tuple.of(gClef));
    assertThat(Tuple.of(privateUse)).isLessThan(Tuple.of(gClef));
    assertThat(Arrays.compareUnsigned(Tuple.of(bmpTop).pack(), Tuple.of(gClef).pack()))
        .isNegative();
  }

  @Test
  void stringsWithNulSortBeforeLongerAndAfterShorter() {
    List<Tuple> ascending = singletons(List.of("", "\0", "\0\0", "\0\u0001", "a", "a\0",
        "a\0\0", "a\0b", "a\u0001", "aa"));
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(ascending.get(i)).isLessThan(ascending.get(i + 1));
    }
    assertPackingPreservesOrder(ascending, "NUL strings");
  }

  @Test
  void bytesSortUnsignedLexicographically() {
    List<Tuple> ascending = singletons(List.of(bytes(), bytes(0), bytes(0, 0), bytes(0, 0xFF),
        bytes(1), bytes(0x7F), bytes(0x80), bytes(0xFF), bytes(0xFF, 0)));
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(ascending.get(i)).isLessThan(ascending.get(i + 1));
    }
    assertPackingPreservesOrder(ascending, "bytes");
  }

  @Test
  void uuidsSortByUnsignedBytesUnlikeUuidCompareTo() {
    UUID low = new UUID(1, 0);
    UUID high = new UUID(Long.MIN_VALUE, 0); // first byte 0x80
    assertThat(low.compareTo(high)).as("UUID.compareTo is signed").isPositive();
    assertThat(Tuple.of(low)).isLessThan(Tuple.of(high));
    assertThat(Tuple.of(new UUID(0, 1))).isLessThan(Tuple.of(new UUID(0, -1)));
  }

  @Test
  void equalValuesOfDifferentJavaTypesAreEqualTuples() {
    Tuple fromInt = Tuple.of(7, (short) 7, (byte) 7);
    assertThat(fromInt).isEqualTo(Tuple.of(7L, 7L, 7L));
    assertThat(fromInt.hashCode()).isEqualTo(Tuple.of(7L, 7L, 7L).hashCode());
    assertThat(fromInt.compareTo(Tuple.of(7L, 7L, 7L))).isZero();
    assertThat(Tuple.of(bytes(1, 2))).isEqualTo(Tuple.of(bytes(1, 2)));
  }

  @Test
  void randomPairsOrderLikeTheirPackings() {
    long seed = TupleTestSupport.seed();
    TupleTestSupport.Gen gen = new TupleTestSupport.Gen(seed);
    String context = "random pairs, " + replay(seed);
    for (int i = 0; i < 100_000; i++) {
      Tuple a = gen.tuple(3);
      Tuple b = gen.random().nextBoolean() ? gen.tuple(3) : gen.near(a, 3);
      assertPairAgrees(a, a.pack(), b, b.pack(), context + ", pair " + i);
      if (Integer.signum(a.compareTo(b)) != -Integer.signum(b.compareTo(a))) {
        fail(context + ": compareTo is not antisymmetric for " + a + " and " + b);
      }
    }
  }

  @Test
  void randomTuplesRoundTrip() {
    long seed = TupleTestSupport.seed();
    TupleTestSupport.Gen gen = new TupleTestSupport.Gen(seed);
    for (int i = 0; i < 100_000; i++) {
      Tuple t = gen.tuple(3);
      byte[] packed = t.pack();
      Tuple back;
      try {
        back = Tuple.unpack(packed);
      } catch (RuntimeException e) {
        throw new AssertionError(replay(seed) + ": unpack failed for " + t + " packed as "
            + hex(packed), e);
      }
      if (!back.equals(t) || !Arrays.equals(back.pack(), packed)) {
        fail(replay(seed) + ": " + t + " packed as " + hex(packed) + " unpacked as " + back);
      }
    }
  }

  @Test
  void sortingRandomTuplesEqualsSortingTheirPackings() {
    long seed = TupleTestSupport.seed();
    TupleTestSupport.Gen gen = new TupleTestSupport.Gen(seed);
    List<Tuple> tuples = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      tuples.add(i % 2 == 0 || tuples.isEmpty() ? gen.tuple(3)
          : gen.near(tuples.get(gen.random().nextInt(tuples.size())), 3));
    }
    List<Tuple> byValue = new ArrayList<>(tuples);
    byValue.sort(null);
    List<byte[]> byBytes = new ArrayList<>();
    for (Tuple t : tuples) {
      byBytes.add(t.pack());
    }
    byBytes.sort(Arrays::compareUnsigned);
    for (int i = 0; i < byValue.size(); i++) {
      assertThat(hex(byValue.get(i).pack())).as("position %d, %s", i, replay(seed))
          .isEqualTo(hex(byBytes.get(i)));
    }
  }
}
