package dev.chatstore.kv;

import java.time.Instant;
import java.util.ArrayList;
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
  private static final WriteBatch EMPTY = new WriteBatch(List.of(), 0, false);

  private final List<WriteOp> ops;
  private final long weight;
  private final boolean conditional;

  private WriteBatch(List<WriteOp> ops, long weight, boolean conditional) {
    this.ops = ops;
    this.weight = weight;
    this.conditional = conditional;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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
   * Like {@link #validate(Set, String)}, against a store's own key and value limits.
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
    private final List<WriteOp> ops = new ArrayList<>();
    private long weight;
    private boolean conditional;

    private Builder() {}

    /** Adds any operation. */
    public Builder add(WriteOp op) {
      if (op == null) {
        throw new IllegalArgumentException("operation must not be null");
      }
      ops.add(op);
      weight += op.weight();
      conditional |= op instanceof WriteOp.Check;
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
      return new WriteBatch(Collections.unmodifiableList(new ArrayList<>(ops)), weight, conditional);
    }

    private static byte[] copy(byte[] b) {
      return b == null ? null : b.clone();
    }
  }
}
