package dev.chatstore.tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.testing.Fuzz;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tuple decoder against hostile input: deep nesting, huge bodies, endless escapes, and random
 * mutations of valid encodings, each answered with a tuple or an {@link IllegalArgumentException},
 * with memory proportional to the input and no recursion beyond the nesting limit. (The
 * timeouts only guard against a hang; they assert no speed.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TupleDecoderHostileInputTest {
  /** Allowed allocation: this many bytes per input byte, plus {@link #SLACK}. */
  private static final int PER_BYTE = 64;
  private static final int SLACK = 256 * 1024;

  private static Object decode(byte[] input) {
    try {
      return Tuple.unpack(input);
    } catch (IllegalArgumentException e) {
      return e;
    }
  }

  private static void assertAllocationBounded(byte[] input, String what) {
    decode(input); // warm up the path
    long before = Fuzz.allocatedBytes();
    decode(input);
    long used = Fuzz.allocatedBytes() - before;
    if (before >= 0) {
      assertThat(used).as("bytes allocated decoding %s of %d bytes", what, input.length)
          .isLessThanOrEqualTo((long) PER_BYTE * input.length + SLACK);
    }
  }

  @Test
  void deepNesting_isRefusedAtTheLimit_withoutOverflowingTheStack() {
    byte[] deep = new byte[1_000_000];
    Arrays.fill(deep, (byte) TupleCodec.NESTED);
    assertThatThrownBy(() -> Tuple.unpack(deep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting depth " + (TupleCodec.MAX_DEPTH + 1));
    assertAllocationBounded(deep, "a million nested-tuple openings");

    int levels = TupleCodec.MAX_DEPTH - 1;
    byte[] deepest = new byte[2 * levels];
    Arrays.fill(deepest, 0, levels, (byte) TupleCodec.NESTED);
    assertThat(Tuple.unpack(deepest).size()).as("%d nested levels are allowed", levels).isOne();
    byte[] tooDeep = new byte[2 * (levels + 1)];
    Arrays.fill(tooDeep, 0, levels + 1, (byte) TupleCodec.NESTED);
    assertThatThrownBy(() -> Tuple.unpack(tooDeep)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeUnterminatedBodies_areRefused_withBoundedMemory() {
    for (int code : new int[] {TupleCodec.BYTES, TupleCodec.STRING}) {
      byte[] body = new byte[4 * 1024 * 1024];
      Arrays.fill(body, (byte) 'A');
      body[0] = (byte) code;
      assertThatThrownBy(() -> Tuple.unpack(body)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0x00 terminator");
      assertAllocationBounded(body, "an unterminated body");
    }
  }

  @Test
  void longEscapeRuns_andManyElements_decodeWithMemoryProportionalToTheInput() {
    int n = 500_000;
    byte[] nuls = new byte[2 + 2 * n];
    nuls[0] = TupleCodec.STRING;
    for (int i = 0; i < n; i++) {
      nuls[1 + 2 * i] = 0;
      nuls[2 + 2 * i] = (byte) 0xFF;
    }
    nuls[nuls.length - 1] = 0;
    assertThat(Tuple.unpack(nuls).getString(0)).hasSize(n);
    assertAllocationBounded(nuls, "a string of escaped NULs");

    byte[] zeros = new byte[1_000_000];
    Arrays.fill(zeros, (byte) TupleCodec.INT_ZERO);
    assertThat(Tuple.unpack(zeros).size()).isEqualTo(zeros.length);
    assertAllocationBounded(zeros, "a million integer zeros");

    byte[] nulls = new byte[2 + 2 * n];
    nulls[0] = TupleCodec.NESTED;
    for (int i = 0; i < n; i++) {
      nulls[1 + 2 * i] = 0;
      nulls[2 + 2 * i] = (byte) 0xFF;
    }
    assertThat(Tuple.unpack(nulls).getTuple(0).size()).isEqualTo(n);
    assertAllocationBounded(nulls, "a nested tuple of nulls");
  }

  @Test
  void mutatedEncodings_decodeOrAreIllegalArguments_withBoundedMemory() {
    Fuzz.run("tuple decoder mutation fuzz", random -> {
      TupleTestSupport.Gen gen = new TupleTestSupport.Gen(random.nextLong());
      int iterations = Fuzz.iterations(50_000);
      for (int i = 0; i < iterations; i++) {
        byte[] valid = gen.tuple(4).pack();
        byte[] input = i % 5 == 0 ? Fuzz.randomBytes(random, 48) : Fuzz.mutate(random, valid);
        Object out;
        try {
          out = decode(input);
        } catch (Throwable e) {
          throw new AssertionError("unpack of " + Fuzz.hex(input) + " threw " + e, e);
        }
        if (out instanceof Tuple t) {
          assertThat(t.pack()).as("decoded %s", Fuzz.hex(input)).isEqualTo(input);
        } else {
          assertThat(((IllegalArgumentException) out).getMessage()).contains("offset");
        }
        if (i % 100 == 0) {
          assertAllocationBounded(input, "fuzz input " + Fuzz.hex(input));
        }
      }
    });
  }

  @Test
  void hugeRandomInputs_neverThrowAnythingElse() {
    Fuzz.run("tuple decoder large random input", (Random random) -> {
      for (int i = 0; i < Fuzz.iterations(200); i++) {
        byte[] input = new byte[random.nextInt(256 * 1024)];
        for (int j = 0; j < input.length; j++) {
          input[j] = Fuzz.interesting(random);
        }
        decode(input);
      }
    });
  }
}
