package dev.chatstore.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBatch#validate} refuses exactly the batches with a bad operation, naming the first
 * one, whatever way the batch was built; {@link WriteBatch#withKeyPrefix} moves every key under
 * the prefix and keeps the batch's weight and conditionality right.
 */
class WriteBatchTest {
  private static final int KEY_LIMIT = 40;
  private static final int VALUE_LIMIT = 60;

  private static byte[] bytes(Random r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return b;
  }

  /** A length mostly within {@code limit}, sometimes at it or just past it. */
  private static int length(Random r, int limit) {
    return switch (r.nextInt(10)) {
      case 0 -> limit + 1 + r.nextInt(3);
      case 1 -> limit;
      default -> r.nextInt(limit);
    };
  }

  private static WriteOp randomOp(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> new WriteOp.Put(bytes(r, length(r, KEY_LIMIT)), bytes(r, length(r, VALUE_LIMIT)),
          r.nextInt(8) == 0 ? Instant.ofEpochMilli(r.nextInt(1000)) : null);
      case 1 -> new WriteOp.Delete(bytes(r, length(r, KEY_LIMIT)));
      case 2 -> {
        byte[] start = new byte[length(r, KEY_LIMIT)];
        byte[] end = r.nextBoolean() ? null : new byte[length(r, KEY_LIMIT)];
        if (end != null && end.length < start.length) {
          byte[] t = start;
          start = end;
          end = t;
        }
        yield new WriteOp.DeleteRange(new KeyRange(start, end)); // all zeros: start <= end
      }
      default -> new WriteOp.Check(bytes(r, length(r, KEY_LIMIT)),
          r.nextBoolean() ? null : bytes(r, length(r, VALUE_LIMIT)));
    };
  }

  /** What validation must throw for {@code ops}: the first bad operation, or null. */
  private static RuntimeException expectedRefusal(List<WriteOp> ops, Set<KvFeature> features) {
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      String problem = null;
      switch (op) {
        case WriteOp.Put p -> {
          problem = keyProblem(p.key());
          if (problem == null) {
            problem = valueProblem(p.value());
          }
          if (problem == null && p.expiresAt() != null && !features.contains(KvFeature.TTL)) {
            return new UnsupportedFeatureException(KvFeature.TTL, "store");
          }
        }
        case WriteOp.Delete d -> problem = keyProblem(d.key());
        case WriteOp.DeleteRange d -> {
          problem = keyProblem(d.range().start());
          if (problem == null && d.range().end() != null) {
            problem = keyProblem(d.range().end());
          }
          if (problem == null && !features.contains(KvFeature.RANGE_DELETE)) {
            return new UnsupportedFeatureException(KvFeature.RANGE_DELETE, "store");
          }
        }
        case WriteOp.Check c -> {
          problem = keyProblem(c.key());
          if (problem == null && c.expected() != null) {
            problem = valueProblem(c.expected());
          }
        }
      }
      if (problem != null) {
        return new IllegalArgumentException("operation " + i + " of the write batch (" + op
            + ") is invalid: " + problem);
      }
    }
    return null;
  }

  private static String keyProblem(byte[] key) {
    return key.length <= KEY_LIMIT ? null
        : "key of " + key.length + " bytes exceeds the limit of " + KEY_LIMIT + " bytes";
  }

  private static String valueProblem(byte[] value) {
    return value.length <= VALUE_LIMIT ? null
        : "value of " + value.length + " bytes exceeds the limit of " + VALUE_LIMIT + " bytes";
  }

  private static Throwable thrownBy(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void aPresizedBuilderTakesAnyNumberOfOperations_andRefusesANegativeSize() {
    WriteBatch.Builder b = WriteBatch.builder(0);
    for (int i = 0; i < 100; i++) {
      b.put(new byte[] {(byte) i}, new byte[] {1});
    }
    b.delete(new byte[] {7});
    WriteBatch batch = b.build();
    assertThat(batch.size()).isEqualTo(101);
    assertThat(batch.ops().get(100)).isEqualTo(new WriteOp.Delete(new byte[] {7}));
    assertThatThrownBy(() -> WriteBatch.builder(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void validate_refusesExactlyTheBatchesWithABadOperation_namingTheFirst() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    List<Set<KvFeature>> featureSets = List.of(EnumSet.allOf(KvFeature.class),
        EnumSet.noneOf(KvFeature.class), EnumSet.of(KvFeature.TTL),
        EnumSet.of(KvFeature.RANGE_DELETE));
    int refused = 0;
    for (int round = 0; round < 5_000; round++) {
      List<WriteOp> ops = new ArrayList<>();
      int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 4);
      for (int i = 0; i < n; i++) {
        ops.add(randomOp(r));
      }
      Set<KvFeature> features = featureSets.get(r.nextInt(featureSets.size()));
      WriteBatch batch = r.nextBoolean() ? WriteBatch.of(ops)
          : WriteBatch.of(ops).withKeyPrefix(new byte[0]);
      long weight = 0;
      for (WriteOp op : batch.ops()) {
        weight += op.weight();
      }
      assertThat(batch.weight()).as("seed %d, round %d: weight", seed, round).isEqualTo(weight);
      assertThat(batch.ops()).as("seed %d, round %d", seed, round).isEqualTo(ops);
      RuntimeException expected = expectedRefusal(ops, features);
      Throwable actual = thrownBy(() -> batch.validate(features, "store", KEY_LIMIT,
          VALUE_LIMIT));
      String what = "seed " + seed + ", round " + round + ": " + ops + " with " + features;
      if (expected == null) {
        assertThat(actual).as(what).isNull();
      } else {
        refused++;
        assertThat(actual).as(what).isNotNull().isExactlyInstanceOf(expected.getClass())
            .hasMessage(expected.getMessage());
      }
    }
    assertThat(refused).as("seed %d: both outcomes were tried", seed).isBetween(500, 4_500);
  }

  private static byte[] prefixed(byte[] prefix, byte[] key) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }

  /** The operations moved under {@code prefix}, one by one. */
  private static List<WriteOp> movedByHand(List<WriteOp> ops, byte[] prefix) {
    List<WriteOp> out = new ArrayList<>();
    for (WriteOp op : ops) {
      out.add(switch (op) {
        case WriteOp.Put p -> new WriteOp.Put(prefixed(prefix, p.key()), p.value(),
            p.expiresAt());
        case WriteOp.Delete d -> new WriteOp.Delete(prefixed(prefix, d.key()));
        case WriteOp.DeleteRange d -> new WriteOp.DeleteRange(new KeyRange(
            prefixed(prefix, d.range().start()), d.range().end() == null
                ? Bytes.prefixEnd(prefix) : prefixed(prefix, d.range().end())));
        case WriteOp.Check c -> new WriteOp.Check(prefixed(prefix, c.key()), c.expected());
      });
    }
    return out;
  }

  @Test
  void movedBatches_areValidatedLikeTheSameOperationsBuiltOneByOne() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    Set<KvFeature> all = EnumSet.allOf(KvFeature.class);
    for (int round = 0; round < 3_000; round++) {
      List<WriteOp> ops = new ArrayList<>();
      int n = 1 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        ops.add(randomOp(r));
      }
      byte[] prefix = new byte[r.nextInt(6)];
      for (int i = 0; i < prefix.length; i++) {
        prefix[i] = (byte) (r.nextInt(4) == 0 ? 0xFF : r.nextInt(256));
      }
      String what = "seed " + seed + ", round " + round + ": " + ops + " under "
          + Bytes.show(prefix);
      WriteBatch moved = WriteBatch.of(ops).withKeyPrefix(prefix);
      WriteBatch reference = WriteBatch.of(movedByHand(ops, prefix));
      assertThat(moved.ops()).as(what).isEqualTo(reference.ops());
      assertThat(moved.weight()).as(what).isEqualTo(reference.weight());
      assertThat(moved.isConditional()).as(what).isEqualTo(reference.isConditional());
      Throwable expected = thrownBy(() -> reference.validate(all, "store", KEY_LIMIT,
          VALUE_LIMIT));
      Throwable actual = thrownBy(() -> moved.validate(all, "store", KEY_LIMIT, VALUE_LIMIT));
      if (expected == null) {
        assertThat(actual).as(what).isNull();
      } else {
        assertThat(actual).as(what).isNotNull().hasMessage(expected.getMessage());
      }
    }
  }

  @Test
  void validate_refusesTooManyOperationsAndTooManyBytes() {
    WriteBatch.Builder many = WriteBatch.builder();
    for (int i = 0; i <= KvLimits.MAX_BATCH_OPS; i++) {
      many.delete(new byte[0]);
    }
    assertThatThrownBy(() -> many.build().validate(EnumSet.allOf(KvFeature.class), "store"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(KvLimits.MAX_BATCH_OPS + 1))
        .hasMessageContaining("exceeds the limit of " + KvLimits.MAX_BATCH_OPS + " operations");

    byte[] value = new byte[KvLimits.MAX_VALUE_BYTES];
    WriteBatch.Builder heavy = WriteBatch.builder();
    for (int i = 0; i < 16; i++) {
      heavy.add(new WriteOp.Put(new byte[0], value, null));
    }
    WriteBatch fits = heavy.build();
    fits.validate(EnumSet.allOf(KvFeature.class), "store");
    WriteBatch tooHeavy = fits.withKeyPrefix(new byte[] {1});
    assertThat(tooHeavy.weight()).isEqualTo(fits.weight() + 16);
    assertThatThrownBy(() -> tooHeavy.validate(EnumSet.allOf(KvFeature.class), "store"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write batch of " + tooHeavy.weight() + " bytes exceeds the limit of "
            + KvLimits.MAX_BATCH_BYTES + " bytes");
  }

  @Test
  void withKeyPrefix_prefixesEveryKey_andBoundsOpenRangesByThePrefix() {
    byte[] value = {9, 9};
    Instant expiry = Instant.ofEpochMilli(123);
    WriteBatch batch = WriteBatch.builder()
        .put(new byte[] {1}, value, expiry)
        .delete(new byte[0])
        .deleteRange(new byte[] {2}, new byte[] {3})
        .deleteRange(new byte[] {4}, null)
        .check(new byte[] {5}, value)
        .checkAbsent(new byte[] {6})
        .build();
    WriteBatch moved = batch.withKeyPrefix(new byte[] {7, 8});
    assertThat(moved.ops()).containsExactly(
        new WriteOp.Put(new byte[] {7, 8, 1}, value, expiry),
        new WriteOp.Delete(new byte[] {7, 8}),
        new WriteOp.DeleteRange(new KeyRange(new byte[] {7, 8, 2}, new byte[] {7, 8, 3})),
        new WriteOp.DeleteRange(new KeyRange(new byte[] {7, 8, 4}, new byte[] {7, 9})),
        new WriteOp.Check(new byte[] {7, 8, 5}, value),
        new WriteOp.Check(new byte[] {7, 8, 6}, null));
    long expectedWeight = 0;
    for (WriteOp op : moved.ops()) {
      expectedWeight += op.weight();
    }
    assertThat(moved.weight()).isEqualTo(expectedWeight);
    assertThat(moved.isConditional()).isTrue();
    assertThat(moved.size()).isEqualTo(batch.size());
    assertThatThrownBy(() -> moved.ops().add(new WriteOp.Delete(new byte[0])))
        .isInstanceOf(UnsupportedOperationException.class);

    WriteBatch unconditional = WriteBatch.builder().put(new byte[] {1}, value).build()
        .withKeyPrefix(new byte[] {7});
    assertThat(unconditional.isConditional()).isFalse();
  }

  @Test
  void withKeyPrefix_ofAPrefixWithoutEnd_leavesOpenRangesOpen() {
    WriteBatch moved = WriteBatch.builder().deleteRange(new byte[] {1}, null).build()
        .withKeyPrefix(new byte[] {(byte) 0xFF, (byte) 0xFF});
    assertThat(moved.ops()).containsExactly(new WriteOp.DeleteRange(
        new KeyRange(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}, null)));
    assertThat(WriteBatch.empty().withKeyPrefix(new byte[] {1})).isSameAs(WriteBatch.empty());
    assertThatThrownBy(() -> WriteBatch.empty().withKeyPrefix(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void withKeyPrefix_batchIsValidatedAgainstTheLongerKeys() {
    byte[] key = new byte[KEY_LIMIT];
    WriteBatch batch = WriteBatch.builder().put(new byte[1], new byte[1]).check(key, null).build();
    Set<KvFeature> all = EnumSet.allOf(KvFeature.class);
    batch.validate(all, "store", KEY_LIMIT, VALUE_LIMIT);
    assertThatThrownBy(() -> batch.withKeyPrefix(new byte[] {1}).validate(all, "store",
        KEY_LIMIT, VALUE_LIMIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("operation 1 of the write batch")
        .hasMessageEndingWith("key of " + (KEY_LIMIT + 1) + " bytes exceeds the limit of "
            + KEY_LIMIT + " bytes");
  }
}
