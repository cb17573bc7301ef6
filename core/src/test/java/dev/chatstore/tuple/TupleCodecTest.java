package dev.chatstore.tuple;

import static dev.chatstore.tuple.TupleTestSupport.bytes;
import static dev.chatstore.tuple.TupleTestSupport.hex;
import static dev.chatstore.tuple.TupleTestSupport.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.KeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tuple encoding: exact bytes of each type, canonical strict decoding, element access. */
class TupleCodecTest {

  // ------------------------------------------------------------------------------ encodings

  @ParameterizedTest(name = "{0} packs to {1}")
  @CsvSource({
      "0, 14",
      "1, 1501",
      "-1, 13fe",
      "2, 1502",
      "-2, 13fd",
      "255, 15ff",
      "-255, 1300",
      "256, 160100",
      "-256, 12feff",
      "65535, 16ffff",
      "65536, 17010000",
      "-65536, 11feffff",
      "2147483647, 187fffffff",
      "-2147483648, 107fffffff",
      "9223372036854775807, 1c7fffffffffffffff",
      "-9223372036854775808, 0c7fffffffffffffff",
      "-9223372036854775807, 0c8000000000000000",
  })
  void integersUseFdbVariableLengthEncoding(long value, String packed) {
    assertThat(hex(Tuple.of(value).pack())).isEqualTo(packed);
    assertThat(Tuple.unpack(TupleTestSupport.hex(packed)).getLong(0)).isEqualTo(value);
  }

  /** The word-at-a-time count of zero bytes against a plain count, at every length and density. */
  @Test
  void zeroBytesAreCountedExactly() {
    long seed = TupleTestSupport.seed();
    Random random = new Random(seed);
    for (int n = 0; n < 20_000; n++) {
      byte[] b = new byte[random.nextInt(70)];
      random.nextBytes(b);
      int density = 1 + random.nextInt(64); // one byte in `density` forced to 0x00
      for (int k = 0; k < b.length; k++) {
        if (random.nextInt(density) == 0) {
          b[k] = 0;
        } else if (b[k] == 0 || random.nextInt(8) == 0) {
          b[k] = (byte) (random.nextBoolean() ? 0x01 : 0x80); // neighbours of the zero test
        }
      }
      int want = 0;
      for (byte x : b) {
        want += x == 0 ? 1 : 0;
      }
      assertThat(TupleCodec.nuls(b)).as("%s %s", hex(b), replay(seed)).isEqualTo(want);
    }
  }

  @Test
  void integersUseTheShortestLengthAtEveryByteBoundary() {
    for (int k = 1; k < 8; k++) {
      long boundary = 1L << (8 * k);
      assertThat(Tuple.of(boundary - 1).pack()).as("2^%d-1", 8 * k).hasSize(1 + k)
          .startsWith((byte) (0x14 + k));
      assertThat(Tuple.of(boundary).pack()).as("2^%d", 8 * k).hasSize(2 + k)
          .startsWith((byte) (0x14 + k + 1));
      assertThat(Tuple.of(-(boundary - 1)).pack()).as("-(2^%d-1)", 8 * k).hasSize(1 + k)
          .startsWith((byte) (0x14 - k));
      assertThat(Tuple.of(-boundary).pack()).as("-2^%d", 8 * k).hasSize(2 + k)
          .startsWith((byte) (0x14 - k - 1));
    }
  }

  @Test
  void eachTypeHasItsTypeCodeAndBody() {
    assertThat(hex(Tuple.of((Object) null).pack())).isEqualTo("00");
    assertThat(hex(Tuple.of(bytes()).pack())).isEqualTo("0100");
    assertThat(hex(Tuple.of(bytes(0, 1, 0xFF)).pack())).isEqualTo("0100ff01ff00");
    assertThat(hex(Tuple.of("").pack())).isEqualTo("0200");
    assertThat(hex(Tuple.of("a\0").pack())).isEqualTo("026100ff00");
    assertThat(hex(Tuple.of("\u00E9").pack())).isEqualTo("02c3a900");
    assertThat(hex(Tuple.of("\uFFFF").pack())).isEqualTo("02efbfbf00");
    assertThat(hex(Tuple.of("\uD834\uDD1E").pack())).isEqualTo("02f09d849e00");
    assertThat(hex(Tuple.of(Tuple.empty()).pack())).isEqualTo("0500");
    assertThat(hex(Tuple.of(false, true).pack())).isEqualTo("2627");
    assertThat(hex(Tuple.of(new UUID(0x0102030405060708L, 0x090A0B0C0D0E0F10L)).pack()))
        .isEqualTo("300102030405060708090a0b0c0d0e0f10");
    assertThat(hex(Tuple.empty().pack())).isEmpty();
  }

  @Test
  void nullInsideANestedTupleIsEscapedSoItDiffersFromTheTerminator() {
    assertThat(hex(Tuple.of(Tuple.of((Object) null)).pack())).isEqualTo("0500ff00");
    assertThat(hex(Tuple.of(Tuple.empty(), null).pack())).isEqualTo("050000");
    assertThat(hex(Tuple.of(null, null).pack())).isEqualTo("0000");
    assertThat(Tuple.unpack(TupleTestSupport.hex("0500ff00")))
        .isEqualTo(Tuple.of(Tuple.of((Object) null)));
    assertThat(Tuple.unpack(TupleTestSupport.hex("050000")))
        .isEqualTo(Tuple.of(Tuple.empty(), null));
  }

  @Test
  void rangeHoldsExactlyTheStrictExtensions() {
    KeyRange range = Tuple.of("a").range();
    assertThat(hex(range.start())).isEqualTo("02610000");
    assertThat(hex(range.end())).isEqualTo("026100ff");
    assertThat(hex(Tuple.empty().range().start())).isEqualTo("00");
    assertThat(hex(Tuple.empty().range().end())).isEqualTo("ff");
  }

  // ------------------------------------------------------------------------ strict decoding

  @ParameterizedTest(name = "{0} is rejected at offset {1}")
  @CsvSource(delimiter = '|', value = {
      "03 | 0 | unknown type code 0x03",
      "ff | 0 | unexpected byte 0xFF",
      "31 | 0 | unknown type code 0x31",
      "0b | 0 | unknown type code 0x0B",
      "1d | 0 | unknown type code 0x1D",
      "01 | 1 | terminator of the byte string",
      "0161 | 2 | terminator of the byte string",
      "0100ff | 3 | terminator of the byte string",
      "016100 62 00 | 3 | unknown type code 0x62",
      "0100fe | 2 | unknown type code 0xFE",
      "02 | 1 | terminator of the string",
      "026100ff | 4 | terminator of the string",
      "05 | 1 | terminator of the nested tuple",
      "051501 | 3 | terminator of the nested tuple",
      "050100 | 3 | terminator of the nested tuple",
      "0500ff | 3 | terminator of the nested tuple",
      "0500ff00ff | 5 | terminator of the nested tuple",
      "0500ff0026ff | 5 | unexpected byte 0xFF",
      "00ff | 1 | unexpected byte 0xFF",
      "050000ff | 3 | unexpected byte 0xFF",
      "15 | 0 | truncated integer",
      "1601 | 0 | truncated integer",
      "1c7fffffffffffff | 0 | truncated integer",
      "13 | 0 | truncated integer",
      "1500 | 0 | non-minimal integer",
      "1600ff | 0 | non-minimal integer",
      "1c00ffffffffffffff | 0 | non-minimal integer",
      "13ff | 0 | non-minimal integer",
      "12ff00 | 0 | non-minimal integer",
      "0cffffffffffffffff | 0 | non-minimal integer",
      "1c8000000000000000 | 0 | exceeds Long.MAX_VALUE",
      "1cffffffffffffffff | 0 | exceeds Long.MAX_VALUE",
      "0c7ffffffffffffffe | 0 | below Long.MIN_VALUE",
      "0c0000000000000000 | 0 | below Long.MIN_VALUE",
      "1415 | 1 | truncated integer",
      "30 | 0 | truncated UUID",
      "30000102030405060708090a0b0c0d0e | 0 | truncated UUID",
      "02c08000 | 1 | invalid UTF-8",
      "0261eda08000 | 2 | invalid UTF-8",
      "026100ffc300 | 4 | invalid UTF-8",
      "02f490808000 | 1 | invalid UTF-8",
      "02ff00 | 1 | invalid UTF-8",
      "028000 | 1 | invalid UTF-8",
      "02e282 00 | 1 | invalid UTF-8",
      "2602c300 | 2 | invalid UTF-8",
  })
  void malformedInputIsRejectedNamingTheOffset(String input, int offset, String expected) {
    byte[] bytes = TupleTestSupport.hex(input);
    assertThatThrownBy(() -> Tuple.unpack(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset " + offset + ":")
        .hasMessageContaining(expected);
  }

  @Test
  void nestingDeeperThanTheLimitIsRejectedWithoutStackOverflow() {
    byte[] deep = new byte[100_000];
    Arrays.fill(deep, (byte) 0x05);
    assertThatThrownBy(() -> Tuple.unpack(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset 99:")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void nestingUpToTheLimitRoundTripsAndOneMoreIsRejected() {
    Tuple t = Tuple.of(1);
    for (int depth = 2; depth <= TupleCodec.MAX_DEPTH; depth++) {
      t = Tuple.of(t, "x");
    }
    assertThat(Tuple.unpack(t.pack())).isEqualTo(t);
    Tuple deepest = t;
    assertThatThrownBy(() -> Tuple.of(deepest)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting depth 101");
    assertThatThrownBy(() -> Tuple.of(1).add(deepest))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowedUnpackReportsOffsetsIntoTheWholeArray() {
    byte[] key = TupleTestSupport.hex("aabb 0261 00 15 ff 15");
    assertThat(Tuple.unpack(key, 2, 5)).isEqualTo(Tuple.of("a", 255));
    assertThat(Tuple.unpack(key, 2, 0)).isEqualTo(Tuple.empty());
    assertThatThrownBy(() -> Tuple.unpack(key, 2, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset 7:").hasMessageContaining("truncated integer");
    assertThatThrownBy(() -> Tuple.unpack(key, 0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at offset 0:");
  }

  @Test
  void windowOutsideTheArrayIsAnIllegalArgument() {
    byte[] key = bytes(0x14, 0x14);
    for (int[] w : new int[][] {{-1, 1}, {0, 3}, {3, 0}, {1, -1}, {Integer.MAX_VALUE, 1}}) {
      assertThatThrownBy(() -> Tuple.unpack(key, w[0], w[1]))
          .as("window %s", Arrays.toString(w))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
  }

  @Test
  void everyByteArrayEitherRoundTripsExactlyOrIsAnIllegalArgument() {
    TupleTestSupport.onShallowStack(TupleCodecTest::fuzz);
  }

  private static void fuzz() {
    long seed = TupleTestSupport.seed();
    TupleTestSupport.Gen gen = new TupleTestSupport.Gen(seed);
    Random random = gen.random();
    int valid = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] input = i % 4 == 0 ? randomBytes(random) : mutate(random, gen.tuple(3).pack());
      if (checkCanonical(input, seed)) {
        valid++;
      }
      if (i % 16 == 0) {
        checkWindowAgreesWithCopy(random, input, seed);
      }
    }
    assertThat(valid).as("fuzz inputs that are valid, %s", replay(seed)).isGreaterThan(20_000);
  }

  @Test
  void everyShortByteStringEitherRoundTripsExactlyOrIsAnIllegalArgument() {
    TupleTestSupport.onShallowStack(() -> {
      byte[] input = new byte[2];
      for (int a = 0; a < 256; a++) {
        checkCanonical(new byte[] {(byte) a}, 0);
        for (int b = 0; b < 256; b++) {
          input[0] = (byte) a;
          input[1] = (byte) b;
          checkCanonical(input, 0);
        }
      }
    });
  }

  /** Returns whether {@code input} decoded; fails unless exact or IllegalArgumentException. */
  private static boolean checkCanonical(byte[] input, long seed) {
    Tuple t;
    try {
      t = Tuple.unpack(input);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().contains("offset")) {
        fail(replay(seed) + ": message without offset for " + hex(input) + ": " + e.getMessage());
      }
      return false;
    } catch (Throwable e) {
      throw new AssertionError(replay(seed) + ": unpack of " + hex(input) + " threw " + e, e);
    }
    byte[] again = t.pack();
    if (!Arrays.equals(again, input)) {
      fail(replay(seed) + ": " + hex(input) + " decoded to " + t + " which packs to "
          + hex(again));
    }
    return true;
  }

  private static void checkWindowAgreesWithCopy(Random random, byte[] input, long seed) {
    int before = random.nextInt(4);
    byte[] padded = new byte[before + input.length + random.nextInt(4)];
    random.nextBytes(padded);
    System.arraycopy(input, 0, padded, before, input.length);
    String whole;
    String window;
    try {
      whole = Tuple.unpack(input).toString();
    } catch (IllegalArgumentException e) {
      whole = "rejected";
    }
    try {
      window = Tuple.unpack(padded, before, input.length).toString();
    } catch (IllegalArgumentException e) {
      window = "rejected";
    } catch (Throwable e) {
      throw new AssertionError(replay(seed) + ": windowed unpack of " + hex(input) + " in "
          + hex(padded) + " threw " + e, e);
    }
    if (!whole.equals(window)) {
      fail(replay(seed) + ": " + hex(input) + " decodes to " + whole + " but in window of "
          + hex(padded) + " to " + window);
    }
  }

  private static final byte[] INTERESTING = bytes(0x00, 0x01, 0x02, 0x05, 0x0C, 0x13, 0x14,
      0x15, 0x1C, 0x26, 0x27, 0x30, 0xFF, 0xFE, 0x80, 0x7F, 0xC3, 0xED, 0xF0, 0xF4);

  private static byte interesting(Random random) {
    return random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)]
        : (byte) random.nextInt(256);
  }

  private static byte[] randomBytes(Random random) {
    byte[] out = new byte[random.nextInt(24)];
    for (int i = 0; i < out.length; i++) {
      out[i] = interesting(random);
    }
    return out;
  }

  /** One to three flips, inserts, deletes or truncations of {@code packed}. */
  private static byte[] mutate(Random random, byte[] packed) {
    byte[] out = packed;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int n = out.length;
      switch (random.nextInt(5)) {
        case 0 -> {
          if (n > 0) {
            out = out.clone();
            out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> {
          if (n > 0) {
            out = out.clone();
            out[random.nextInt(n)] = interesting(random);
          }
        }
        case 2 -> {
          int at = random.nextInt(n + 1);
          byte[] grown = new byte[n + 1];
          System.arraycopy(out, 0, grown, 0, at);
          grown[at] = interesting(random);
          System.arraycopy(out, at, grown, at + 1, n - at);
          out = grown;
        }
        case 3 -> {
          if (n > 0) {
            int at = random.nextInt(n);
            byte[] shrunk = new byte[n - 1];
            System.arraycopy(out, 0, shrunk, 0, at);
            System.arraycopy(out, at + 1, shrunk, at, n - 1 - at);
            out = shrunk;
          }
        }
        default -> out = Arrays.copyOf(out, random.nextInt(n + 1));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------- element handling

  @Test
  void unpairedSurrogateIsRejectedNamingItsIndex() {
    assertThatThrownBy(() -> Tuple.of("a\uD800b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1").hasMessageContaining("U+D800");
    assertThatThrownBy(() -> Tuple.of("\uDC00")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 0");
    assertThatThrownBy(() -> Tuple.of("ok", "ab\uD834"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 1").hasMessageContaining("index 2");
    assertThatThrownBy(() -> Tuple.of("x\uDD1E\uD834"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
    assertThatThrownBy(() -> Tuple.empty().add("\uD800"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tuple.fromList(List.of("\uDFFF")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringsMayHoldAnyWellFormedContentIncludingNul() {
    String s = "\0a\0\0\uFFFF\uD834\uDD1E\uDBFF\uDFFF\u0000";
    assertThat(Tuple.unpack(Tuple.of(s).pack()).getString(0)).isEqualTo(s);
  }

  @Test
  void unsupportedElementTypeIsRejectedNamingTheClassAndTheAcceptedTypes() {
    for (Object bad : new Object[] {1.5, 'c', BigInteger.ONE, new int[] {1}, List.of(1),
        new Object()}) {
      assertThatThrownBy(() -> Tuple.of("ok", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("element 1")
          .hasMessageContaining(bad.getClass().getName())
          .hasMessageContaining("String").hasMessageContaining("UUID")
          .hasMessageContaining("Tuple");
    }
  }

  @Test
  void smallIntegerTypesAreNormalizedToLong() {
    Tuple t = Tuple.of(1, (short) 2, (byte) 3, 4L);
    assertThat(t.items()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(t.get(0)).isInstanceOf(Long.class);
  }

  @Test
  void typedAccessorsReturnTheirTypeAndNameIndexAndActualTypeOtherwise() {
    UUID id = UUID.randomUUID();
    Tuple t = Tuple.of("s", 5, bytes(1, 2), true, id, Tuple.of("in"), null);
    assertThat(t.getString(0)).isEqualTo("s");
    assertThat(t.getLong(1)).isEqualTo(5L);
    assertThat(t.getBytes(2)).containsExactly(1, 2);
    assertThat(t.getBoolean(3)).isTrue();
    assertThat(t.getUuid(4)).isEqualTo(id);
    assertThat(t.getTuple(5)).isEqualTo(Tuple.of("in"));
    assertThat(t.isNull(6)).isTrue();
    assertThat(t.get(6)).isNull();

    assertThatThrownBy(() -> t.getLong(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 0").hasMessageContaining("is a string, not an integer");
    assertThatThrownBy(() -> t.getString(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 1").hasMessageContaining("is an integer, not a string");
    assertThatThrownBy(() -> t.getBoolean(2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 2").hasMessageContaining("byte string, not a boolean");
    assertThatThrownBy(() -> t.getUuid(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 3").hasMessageContaining("boolean, not a UUID");
    assertThatThrownBy(() -> t.getTuple(4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 4").hasMessageContaining("UUID, not a tuple");
    assertThatThrownBy(() -> t.getBytes(5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 5").hasMessageContaining("tuple, not a byte string");
    assertThatThrownBy(() -> t.getString(6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element 6 of").hasMessageContaining("is null, not a string");
    assertThatThrownBy(() -> t.get(7)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("index 7").hasMessageContaining("size 7");
    assertThatThrownBy(() -> t.getLong(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void byteArraysAreCopiedInAndOutSoTuplesStayImmutable() {
    byte[] original = bytes(1, 2, 3);
    Tuple t = Tuple.of(original);
    original[0] = 9;
    assertThat(t.getBytes(0)).containsExactly(1, 2, 3);
    t.getBytes(0)[1] = 9;
    ((byte[]) t.get(0))[1] = 9;
    ((byte[]) t.items().get(0))[1] = 9;
    assertThat(t).isEqualTo(Tuple.of(bytes(1, 2, 3)));
    assertThatThrownBy(() -> t.items().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void addAndAddAllReturnNewTuples() {
    Tuple base = Tuple.of("a");
    assertThat(base.add(1)).isEqualTo(Tuple.of("a", 1));
    assertThat(base.add(null)).isEqualTo(Tuple.of("a", null));
    assertThat(base.addAll(Tuple.of(true, Tuple.empty()))).isEqualTo(Tuple.of("a", true,
        Tuple.empty()));
    assertThat(Tuple.empty().addAll(base)).isEqualTo(base);
    assertThat(base).isEqualTo(Tuple.of("a"));
    assertThat(Tuple.fromList(Arrays.asList("a", null, 2))).isEqualTo(Tuple.of("a", null, 2L));
    assertThat(Tuple.of()).isSameAs(Tuple.empty());
    assertThat(Tuple.empty().size()).isZero();
    assertThat(Tuple.empty().isEmpty()).isTrue();
  }

  @Test
  void toStringIsReadable() {
    assertThat(Tuple.of("alice", 42, bytes(0, 0xFF), null).toString())
        .isEqualTo("(\"alice\", 42, b\"00ff\", null)");
    assertThat(Tuple.of(true, Tuple.of("a\"\\\0"), new UUID(0, 1)).toString())
        .isEqualTo("(true, (\"a\\\"\\\\\\u0000\"), UUID(00000000-0000-0000-0000-000000000001))");
    assertThat(Tuple.empty().toString()).isEqualTo("()");
  }

  @Test
  void equalTuplesHaveEqualHashCodesAndByteArraysCompareByContent() {
    List<Tuple> tuples = new ArrayList<>();
    for (Object v : TupleTestSupport.edgeValues()) {
      tuples.add(Tuple.of(v instanceof byte[] b ? b.clone() : v, 1));
    }
    for (Tuple t : tuples) {
      Tuple copy = Tuple.unpack(t.pack());
      assertThat(copy).isEqualTo(t).hasSameHashCodeAs(t);
      assertThat(copy.compareTo(t)).isZero();
    }
  }
}
