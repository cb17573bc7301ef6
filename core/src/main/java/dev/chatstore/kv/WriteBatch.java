package dev.chatstore.kv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * An atomic group of writes: every operation is applied, in order, or none is; readers see
 * all of them at once. Checks ({@link WriteOp.Check}) make the batch conditional: when one
 * fails the batch is not applied and {@link KvStore#write} returns {@code false}.
 *
 * <p>Within a batch, operations apply in order, so a later put of the same key wins and a put
 * after a range delete survives it. The builder copies the arrays it is given, so the caller may
 * reuse them at once. Instances are immutable and thread-safe.
 */
public final class WriteBatch {
  private static final WriteBatch EMPTY = new WriteBatch(List.of(), new Summary());

  private final List<WriteOp> ops;
  private final long weight;
  private final boolean conditional;
  /** The longest key of any operation (a range's start and end included), in bytes. */
  private final int longestKey;
  /** The longest value of any put, or expected value of any check, in bytes. */
  private final int longestValue;
  /** Whether a put carries an expiry. */
  private final boolean expiring;
  /** Whether a range delete is among the operations. */
  private final boolean rangeDeleting;

  private WriteBatch(List<WriteOp> ops, Summary summary) {
    this.ops = ops;
    this.weight = summary.weight;
    this.conditional = summary.conditional;
    this.longestKey = summary.longestKey;
    this.longestValue = summary.longestValue;
    this.expiring = summary.expiring;
    this.rangeDeleting = summary.rangeDeleting;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(10);
  }

  /**
   * A builder with room for {@code expectedOps} operations, for a caller that knows about how
   * many it adds (any number can be added).
   *
   * @throws IllegalArgumentException when {@code expectedOps} is negative
   */
  public static Builder builder(int expectedOps) {
    if (expectedOps < 0) {
      throw new IllegalArgumentException("expected operations " + expectedOps
          + " is negative; expected 0 or more");
    }
    return new Builder(Math.min(expectedOps, KvLimits.MAX_BATCH_OPS));
  }

  /** A batch of the given operations, in order. */
  public static WriteBatch of(List<? extends WriteOp> ops) {
    Builder b = builder();
    for (WriteOp op : ops) {
      b.add(op);
    }
    return b.build();
  }

  /** The empty batch; writing it changes nothing. */
  public static WriteBatch empty() {
    return EMPTY;
  }

  /** The operations, in order. */
  public List<WriteOp> ops() {
    return ops;
  }

  /** The number of operations. */
  public int size() {
    return ops.size();
  }

  /** Whether the batch has no operation. */
  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** Total bytes of keys and values. */
  public long weight() {
    return weight;
  }

  /** Whether the batch holds at least one {@link WriteOp.Check}. */
  public boolean isConditional() {
    return conditional;
  }

  /**
   * This batch moved under {@code prefix}: the same operations in the same order, each key
   * {@code k} (of a put, delete or check, and a range's start and end) becoming
   * {@code prefix + k}. A range without an end becomes a range up to the end of the keys that
   * start with {@code prefix} ({@link Bytes#prefixEnd}), so every range covers exactly the
   * prefixed forms of the keys it covered. Values and expiries are shared with this batch
   * (operations are immutable); the keys are new arrays. Nothing is validated: validate the
   * result, or validate this batch against limits shorter by the prefix's length, before
   * writing it.
   *
   * @param prefix the bytes to put before every key; not retained
   * @return the moved batch; this batch itself when it is empty
   * @throws IllegalArgumentException when {@code prefix} is null
   */
  public WriteBatch withKeyPrefix(byte[] prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    if (ops.isEmpty()) {
      return this;
    }
    byte[] prefixEnd = null;
    boolean prefixEndKnown = false;
    WriteOp[] moved = new WriteOp[ops.size()];
    Summary summary = new Summary();
    for (int i = 0; i < moved.length; i++) {
      WriteOp op = ops.get(i);
      if (op instanceof WriteOp.Put p) {
        moved[i] = new WriteOp.Put(Bytes.concat(prefix, p.key()), p.value(), p.expiresAt());
      } else if (op instanceof WriteOp.Delete d) {
        moved[i] = new WriteOp.Delete(Bytes.concat(prefix, d.key()));
      } else if (op instanceof WriteOp.Check c) {
        moved[i] = new WriteOp.Check(Bytes.concat(prefix, c.key()), c.expected());
      } else {
        KeyRange range = ((WriteOp.DeleteRange) op).range();
        byte[] end;
        if (range.end() != null) {
          end = Bytes.concat(prefix, range.end());
        } else {
          if (!prefixEndKnown) {
            prefixEnd = Bytes.prefixEnd(prefix);
            prefixEndKnown = true;
          }
          end = prefixEnd == null ? null : prefixEnd.clone();
        }
        moved[i] = new WriteOp.DeleteRange(new KeyRange(Bytes.concat(prefix, range.start()), end));
      }
      summary.add(moved[i]);
    }
    return new WriteBatch(Collections.unmodifiableList(Arrays.asList(moved)), summary);
  }

  /**
   * Checks every operation against the size limits of {@link KvLimits} and against the
   * features of the store it is written to. Throws before anything is applied.
   *
   * @throws IllegalArgumentException when a size limit is broken, naming the operation
   * @throws UnsupportedFeatureException when an operation needs a feature the store lacks
   */
  public void validate(Set<KvFeature> features, String storeName) {
    validate(features, storeName, KvLimits.MAX_KEY_BYTES, KvLimits.MAX_VALUE_BYTES);
  }

  /**
   * Like {@link #validate(Set, String)}, against a store's own key and value limits. Takes
   * constant time when the batch is valid: the batch knows its longest key and value and the
   * features it needs from when it was built; only an invalid batch is walked, to name its
   * first bad operation.
   *
   * @throws IllegalArgumentException when a size limit is broken, naming the operation
   * @throws UnsupportedFeatureException when an operation needs a feature the store lacks
   */
  public void validate(Set<KvFeature> features, String storeName, int maxKeyBytes,
      int maxValueBytes) {
    if (ops.size() > KvLimits.MAX_BATCH_OPS) {
      throw new IllegalArgumentException("write batch of " + ops.size()
          + " operations exceeds the limit of " + KvLimits.MAX_BATCH_OPS + " operations");
    }
    if (weight > KvLimits.MAX_BATCH_BYTES) {
      throw new IllegalArgumentException("write batch of " + weight
          + " bytes exceeds the limit of " + KvLimits.MAX_BATCH_BYTES + " bytes");
    }
    if (longestKey <= maxKeyBytes && longestValue <= maxValueBytes
        && (!expiring || features.contains(KvFeature.TTL))
        && (!rangeDeleting || features.contains(KvFeature.RANGE_DELETE))) {
      return;
    }
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      try {
        switch (op) {
          case WriteOp.Put p -> {
            KvLimits.checkKey(p.key(), maxKeyBytes);
            KvLimits.checkValue(p.value(), maxValueBytes);
            if (p.expiresAt() != null && !features.contains(KvFeature.TTL)) {
              throw new UnsupportedFeatureException(KvFeature.TTL, storeName);
            }
          }
          case WriteOp.Delete d -> KvLimits.checkKey(d.key(), maxKeyBytes);
          case WriteOp.DeleteRange r -> {
            KvLimits.checkKey(r.range().start(), maxKeyBytes);
            if (r.range().end() != null) {
              KvLimits.checkKey(r.range().end(), maxKeyBytes);
            }
            if (!features.contains(KvFeature.RANGE_DELETE)) {
              throw new UnsupportedFeatureException(KvFeature.RANGE_DELETE, storeName);
            }
          }
          case WriteOp.Check c -> {
            KvLimits.checkKey(c.key(), maxKeyBytes);
            if (c.expected() != null) {
              KvLimits.checkValue(c.expected(), maxValueBytes);
            }
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("operation " + i + " of the write batch (" + op
            + ") is invalid: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "WriteBatch" + ops;
  }

  /** Builds a {@link WriteBatch}. Not thread-safe. */
  public static final class Builder {
    private final List<WriteOp> ops;
    private final Summary summary = new Summary();

    private Builder(int capacity) {
      ops = new ArrayList<>(capacity);
    }

    /** Adds any operation. */
    public Builder add(WriteOp op) {
      if (op == null) {
        throw new IllegalArgumentException("operation must not be null");
      }
      ops.add(op);
      summary.add(op);
      return this;
    }

    /** Sets {@code key} to {@code value}. */
    public Builder put(byte[] key, byte[] value) {
      return add(new WriteOp.Put(copy(key), copy(value), null));
    }

    /** Sets {@code key} to {@code value} until {@code expiresAt} (null: no expiry). */
    public Builder put(byte[] key, byte[] value, Instant expiresAt) {
      return add(new WriteOp.Put(copy(key), copy(value), expiresAt));
    }

    /** Removes {@code key}. */
    public Builder delete(byte[] key) {
      return add(new WriteOp.Delete(copy(key)));
    }

    /** Removes every key in {@code [start, end)}; {@code end} null means no upper bound. */
    public Builder deleteRange(byte[] start, byte[] end) {
      return add(new WriteOp.DeleteRange(new KeyRange(copy(start), copy(end))));
    }

    /** Removes every key in {@code range}. */
    public Builder deleteRange(KeyRange range) {
      return add(new WriteOp.DeleteRange(range));
    }

    /** Applies the batch only if {@code key} holds {@code expected} (null: is absent). */
    public Builder check(byte[] key, byte[] expected) {
      return add(new WriteOp.Check(copy(key), copy(expected)));
    }

    /** Applies the batch only if {@code key} is absent. */
    public Builder checkAbsent(byte[] key) {
      return check(key, null);
    }

    /** The number of operations added so far. */
    public int size() {
      return ops.size();
    }

    /** The batch. The builder may be used on, independently. */
    public WriteBatch build() {
      if (ops.isEmpty()) {
        return EMPTY;
      }
      return new WriteBatch(Collections.unmodifiableList(new ArrayList<>(ops)), summary);
    }

    private static byte[] copy(byte[] b) {
      return b == null ? null : b.clone();
    }
  }

  /**
   * What {@link #validate} needs to know of a batch's operations, gathered as they are added:
   * the total weight, the longest key and value, and the features they need.
   */
  private static final class Summary {
    private long weight;
    private boolean conditional;
    private int longestKey;
    private int longestValue;
    private boolean expiring;
    private boolean rangeDeleting;

    void add(WriteOp op) {
      weight += op.weight();
      if (op instanceof WriteOp.Put p) {
        key(p.key());
        value(p.value());
        expiring |= p.expiresAt() != null;
      } else if (op instanceof WriteOp.Delete d) {
        key(d.key());
      } else if (op instanceof WriteOp.Check c) {
        key(c.key());
        if (c.expected() != null) {
          value(c.expected());
        }
        conditional = true;
      } else {
        KeyRange range = ((WriteOp.DeleteRange) op).range();
        key(range.start());
        if (range.end() != null) {
          key(range.end());
        }
        rangeDeleting = true;
      }
    }

    private void key(byte[] key) {
      longestKey = Math.max(longestKey, key.length);
    }

    private void value(byte[] value) {
      longestValue = Math.max(longestValue, value.length);
    }
  }
}
