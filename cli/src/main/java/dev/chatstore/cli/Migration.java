package dev.chatstore.cli;

import dev.chatstore.crypto.EncryptingKvStore;
import dev.chatstore.ChatStore;
import dev.chatstore.dump.DumpDigest;
import dev.chatstore.dump.Dumps;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A copy of every entry of one store into another, resumable and verified.
 *
 * <p><b>Copy.</b> Entries are read from the source in ascending key order and written to the
 * target in atomic batches of at most {@code batchSize} entries and {@value #BATCH_BYTES} bytes
 * (within {@link KvLimits}). Each batch also writes the <b>checkpoint</b>: the system record
 * {@code (0, "migrate", "checkpoint")} of the target holds the source URI, the last key copied
 * and the number of entries copied, and it is written in the same atomic batch as the entries,
 * so it never claims an entry that is not there. A migration that stops for any reason (a
 * crash, a lost connection, Ctrl-C) is resumed by running it again with the same source: it
 * goes on after the checkpoint's key. The checkpoint is removed after a successful verification.
 * The {@code (0, "migrate")} records are never copied themselves.
 *
 * <p><b>Verification.</b> At the end, every tenant and the system records are read on both
 * sides and compared by count and SHA-256 (of the records in the dump encoding,
 * {@link DumpDigest}).
 *
 * <p>The source must not be written while it is migrated. The target must be empty when a
 * migration starts (a resumed one excepted). An entry that was to expire is copied with its
 * expiry instant ({@link KvStore#scanWithExpiry}), and the verification compares expiry
 * instants too; an entry already expired in the source is not copied.
 */
final class Migration {
  /** Most bytes of keys and values in one batch (16 MiB, a quarter of the batch limit). */
  static final long BATCH_BYTES = 16L * 1024 * 1024;
  private static final Subspace MIGRATE = Subspace.of(Keyspace.SYSTEM_TAG).subspace("migrate");
  /** The key of the checkpoint in the target. */
  static final byte[] CHECKPOINT = MIGRATE.pack("checkpoint");
  private static final int PAGE = 1000;

  private final ChatStore source;
  private final ChatStore target;
  private final int batchSize;

  Migration(ChatStore source, ChatStore target, int batchSize) {
    if (batchSize < 1 || batchSize > KvLimits.MAX_BATCH_OPS - 1) {
      throw new IllegalArgumentException("--batch " + batchSize + " is outside 1.."
          + (KvLimits.MAX_BATCH_OPS - 1));
    }
    this.source = source;
    this.target = target;
    this.batchSize = batchSize;
  }

  /** Where a migration stands in its target. */
  record Checkpoint(String sourceUri, byte[] lastKey, long copied) {
    byte[] encode() {
      return Tuple.of(sourceUri, lastKey, copied).pack();
    }

    static Checkpoint decode(byte[] value) {
      try {
        Tuple t = Tuple.unpack(value);
        return new Checkpoint(t.getString(0), t.getBytes(1), t.getLong(2));
      } catch (RuntimeException e) {
        throw new StoreException(StoreException.Kind.SERIALIZATION, "the migration checkpoint "
            + Bytes.show(value) + " of the target cannot be read: " + e.getMessage(), e);
      }
    }
  }

  /** The checkpoint of an unfinished migration in the target, or null. */
  Checkpoint checkpoint() {
    byte[] v = target.kv().get(CHECKPOINT);
    return v == null ? null : Checkpoint.decode(v);
  }

  /**
   * The source's entries to copy: everything but the migration records and the markers of the
   * encrypted areas ({@code (0, "encryption", tag)}, {@link dev.chatstore.crypto}): which areas
   * are encrypted is each store's own setting, made by the keys it is opened with.
   */
  static List<KeyRange> ranges() {
    KeyRange markers = EncryptingKvStore.markerRange();
    KeyRange skip = MIGRATE.range();
    return List.of(new KeyRange(new byte[0], markers.start()),
        new KeyRange(markers.end(), skip.start()), new KeyRange(skip.end(), null));
  }

  /** Entries of {@code store} that a migration copies. */
  static long count(KvStore store) {
    return ranges().stream().mapToLong(store::count).sum();
  }

  /**
   * Checks that the migration can start or resume: a checkpoint from this source, or an empty
   * target. Returns the checkpoint (null for a fresh start).
   *
   * @throws IllegalStateException naming the reason when it cannot
   */
  Checkpoint prepare() {
    Checkpoint cp = checkpoint();
    if (cp != null) {
      if (!cp.sourceUri().equals(source.uri())) {
        throw new IllegalStateException("the target holds the checkpoint of an unfinished"
            + " migration from " + cp.sourceUri() + ", not from " + source.uri()
            + "; resume it with --from " + cp.sourceUri());
      }
      return cp;
    }
    long present = count(target.kv());
    if (present > 0) {
      throw new IllegalStateException("the target " + target.uri() + " already holds "
          + present + " entries; migrate copies into an empty store (or resumes its own"
          + " unfinished migration)");
    }
    return null;
  }

  /** What {@link #copy} reports after each batch. */
  interface Listener {
    void batch(int entries);
  }

  /**
   * Copies from after {@code from} (null: from the start), stopping after {@code maxBatches}
   * batches (negative: never). Returns whether everything was copied.
   */
  boolean copy(Checkpoint from, long maxBatches, Listener listener) {
    long copied = from == null ? 0 : from.copied();
    long batches = 0;
    for (KeyRange range : ranges()) {
      KeyRange rest = from == null ? range
          : range.intersect(new KeyRange(Bytes.successor(from.lastKey()), null));
      if (rest.isEmpty()) {
        continue;
      }
      Iterator<KvEntry> it = source.kv().streamWithExpiry(rest, Direction.ASCENDING, PAGE)
          .iterator();
      List<KvEntry> pending = new ArrayList<>();
      long bytes = 0;
      while (it.hasNext()) {
        KvEntry e = it.next();
        pending.add(e);
        bytes += e.key().length + e.value().length;
        if (pending.size() >= batchSize || bytes >= BATCH_BYTES || !it.hasNext()) {
          copied += pending.size();
          write(pending, copied);
          listener.batch(pending.size());
          pending.clear();
          bytes = 0;
          if (++batches == maxBatches) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void write(List<KvEntry> entries, long copied) {
    WriteBatch.Builder b = WriteBatch.builder();
    for (KvEntry e : entries) {
      b.put(e.key(), e.value(), e.expiresAt().orElse(null));
    }
    byte[] last = entries.get(entries.size() - 1).key();
    b.put(CHECKPOINT, new Checkpoint(source.uri(), last, copied).encode());
    target.kv().write(b.build());
  }

  /** The comparison of one tenant (or of the system records, {@code tenant} null). */
  record Check(String tenant, long sourceCount, long targetCount, String sourceSha,
      String targetSha) {
    boolean ok() {
      return sourceCount == targetCount && sourceSha.equals(targetSha);
    }
  }

  /** Compares every tenant and the system records of both stores. */
  List<Check> verify(Listener listener) {
    TreeSet<String> tenants = new TreeSet<>(source.tenants());
    tenants.addAll(target.tenants());
    List<Check> out = new ArrayList<>();
    KeyRange system = Subspace.of(Keyspace.SYSTEM_TAG).range();
    out.add(compare(null, ranges().stream().map(r -> r.intersect(system)).toList(), listener));
    for (String id : tenants) {
      out.add(compare(id, List.of(source.tenant(id).subspace().range()), listener));
    }
    return out;
  }

  private Check compare(String tenant, List<KeyRange> ranges, Listener listener) {
    DumpDigest s = digest(source.kv(), ranges, listener);
    DumpDigest t = digest(target.kv(), ranges, listener);
    return new Check(tenant, s.count(), t.count(), s.hex(), t.hex());
  }

  private static DumpDigest digest(KvStore store, List<KeyRange> ranges, Listener listener) {
    DumpDigest d = new DumpDigest();
    for (KeyRange r : ranges) {
      Dumps.read(store, r, n -> listener.batch((int) n), d::add);
    }
    return d;
  }

  /** Removes the checkpoint: the migration is complete. */
  void finish() {
    target.kv().delete(CHECKPOINT);
  }
}
