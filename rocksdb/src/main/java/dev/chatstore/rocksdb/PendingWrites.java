package dev.chatstore.rocksdb;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the batches applied so far in one group commit do to the keys, before the group is
 * written: the state a {@link WriteOp.Check} of a later batch of the same group must see on top
 * of the database. Used by one commit at a time; not thread-safe.
 *
 * <p>RocksDB's {@code WriteBatchWithIndex} would answer the same question, but it refuses range
 * deletes ("DeleteRange unsupported in WriteBatchWithIndex") and indexes every entry of every
 * group; this overlay is built only when a group holds a conditional batch.
 */
final class PendingWrites {
  /** The latest write of each key touched by a put or delete; {@code value == null}: deleted. */
  private final NavigableMap<byte[], Pending> points = new TreeMap<>(Bytes.ORDER);
  /** Ranges deleted so far (points written after a range delete are in {@link #points}). */
  private final List<KeyRange> deletedRanges = new ArrayList<>();

  /**
   * The latest pending write of one key.
   *
   * @param value the caller's bytes, or null for a delete
   * @param expiresAtMillis the expiry, {@link StoredValue#NEVER} for none
   */
  record Pending(byte[] value, long expiresAtMillis) {
    static final Pending DELETED = new Pending(null, StoredValue.NEVER);

    /** The value live at {@code nowMillis}, or null. */
    byte[] liveValue(long nowMillis) {
      return value != null && expiresAtMillis > nowMillis ? value : null;
    }
  }

  /**
   * Records the operations of an applied batch, in order.
   *
   * @param batch a batch whose checks passed
   */
  void apply(WriteBatch batch) {
    for (WriteOp op : batch.ops()) {
      switch (op) {
        case WriteOp.Put p -> points.put(p.key(), new Pending(p.value(), p.expiresAtMillis()));
        case WriteOp.Delete d -> points.put(d.key(), Pending.DELETED);
        case WriteOp.DeleteRange r -> {
          KeyRange range = r.range();
          if (!range.isEmpty()) {
            (range.end() == null ? points.tailMap(range.start(), true)
                : points.subMap(range.start(), true, range.end(), false)).clear();
            deletedRanges.add(range);
          }
        }
        case WriteOp.Check c -> { } // checks change nothing
      }
    }
  }

  /**
   * What the pending writes say about {@code key}.
   *
   * @param key the key
   * @return the latest pending write ({@link Pending#DELETED} when deleted by a delete or a
   *     range delete), or null when no pending write touches the key and the database decides
   */
  Pending find(byte[] key) {
    Pending p = points.get(key);
    if (p != null) {
      return p;
    }
    for (KeyRange r : deletedRanges) {
      if (r.contains(key)) {
        return Pending.DELETED;
      }
    }
    return null;
  }
}
