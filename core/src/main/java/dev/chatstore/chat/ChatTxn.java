package dev.chatstore.chat;

import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * One optimistic read-modify-write of the chat database: what it read, and what it will write.
 *
 * <p>Reads go through {@link #read}/{@link #prefetch} and see the transaction's own writes.
 * {@link #batch()} turns it into ONE atomic {@link WriteBatch}: first a check per key read
 * (that it still holds the value read, or is still absent), then the writes. When another writer
 * changed a key read meanwhile, the batch is not applied and the caller plans again from fresh
 * reads; so a concurrent duplicate message can never be stored twice, and a Merkle leaf is
 * never flipped twice for one insert.
 *
 * <p>A key read with {@link #readCovered} (or prefetched as covered) gets no check of its own:
 * it must be covered by a <em>guard</em>, a key this transaction read (with a check) no later
 * than it, that every writer of the covered key changes in the same write. Then a change of the
 * covered key after the guard was read fails the guard's check. The inbox positions of a chat
 * are covered this way by the chat's meta and inbox revision ({@link InboxOps#guard}), which
 * turns one check per member into two per chat. A key may also be {@link #assume}d: taken at
 * the value this handle last committed for it ({@link ChatCache}) instead of read, and checked
 * against that value like a read. Not thread-safe: one per attempt.
 */
final class ChatTxn {
  /** What the transaction knows of one key. */
  private static final class Slot {
    final byte[] key;
    final int hash;
    boolean read;
    /** Read under a guard: needs no check of its own. */
    boolean covered;
    byte[] observed;
    boolean written;
    byte[] value;

    Slot(byte[] key, int hash) {
      this.key = key;
      this.hash = hash;
    }
  }

  private final KvStore store;
  /**
   * The slots by key: an open-addressing table (linear probing, at most half full) of a power
   * of two length; {@link #order} holds them in the order first met.
   */
  private Slot[] table = new Slot[64];
  private final List<Slot> order = new ArrayList<>();
  /** Writes of keys no transaction reads ({@link #putUnread}), in order. */
  private final List<WriteOp> unread = new ArrayList<>();
  private int writes;
  /** Runs after the attempt, with whether it committed; null when nothing to run. */
  private List<Consumer<Boolean>> finishers;

  ChatTxn(KvStore store) {
    this.store = store;
  }

  /** The table index where a key of hash {@code hash} is looked for first. */
  private static int home(int hash, int mask) {
    return (hash * 0x9E3779B9) >>> 7 & mask;
  }

  /** The table index holding {@code key} (of hash {@code hash}), or the empty one it would take. */
  private int indexOf(byte[] key, int hash) {
    int mask = table.length - 1;
    int i = home(hash, mask);
    for (Slot s; (s = table[i]) != null; i = (i + 1) & mask) {
      if (s.hash == hash && Arrays.equals(s.key, key)) {
        return i;
      }
    }
    return i;
  }

  /** The slot of {@code key}, made when the key is new to the transaction. */
  private Slot slot(byte[] key) {
    int hash = Arrays.hashCode(key);
    int i = indexOf(key, hash);
    if (table[i] != null) {
      return table[i];
    }
    Slot s = new Slot(key, hash);
    table[i] = s;
    order.add(s);
    if (order.size() * 2 > table.length) {
      grow();
    }
    return s;
  }

  /** The slot of {@code key}, or null. */
  private Slot find(byte[] key) {
    return table[indexOf(key, Arrays.hashCode(key))];
  }

  private void grow() {
    Slot[] bigger = new Slot[table.length * 2];
    int mask = bigger.length - 1;
    for (Slot s : order) {
      int i = home(s.hash, mask);
      while (bigger[i] != null) {
        i = (i + 1) & mask;
      }
      bigger[i] = s;
    }
    table = bigger;
  }

  /** Reads {@code toRead} from the store in as few calls as possible (not yet known ones). */
  void prefetch(Collection<byte[]> toRead) {
    prefetch(toRead, List.of());
  }

  /**
   * Reads {@code toRead} (checked), then {@code covered} (covered by guards among the first, see
   * {@link #readCovered}), in as few calls as possible and in that order: a covered key is never
   * read before the guards.
   */
  void prefetch(Collection<byte[]> toRead, Collection<byte[]> covered) {
    List<Slot> missing = new ArrayList<>(toRead.size() + covered.size());
    claim(toRead, false, missing);
    claim(covered, true, missing);
    for (int from = 0; from < missing.size(); from += KvLimits.MAX_MULTI_GET_KEYS) {
      List<Slot> chunk = missing.subList(from,
          Math.min(missing.size(), from + KvLimits.MAX_MULTI_GET_KEYS));
      List<byte[]> keys = new ArrayList<>(chunk.size());
      for (Slot s : chunk) {
        keys.add(s.key);
      }
      List<byte[]> values = store.getAll(keys);
      for (int i = 0; i < chunk.size(); i++) {
        chunk.get(i).observed = values.get(i);
      }
    }
  }

  private void claim(Collection<byte[]> keys, boolean covered, List<Slot> missing) {
    for (byte[] k : keys) {
      Slot s = slot(k);
      if (!s.read && !s.written) {
        s.read = true; // claimed: a duplicate key is fetched once
        s.covered = covered;
        missing.add(s);
      } else if (!covered) {
        s.covered = false; // read as a guard too: checked
      }
    }
  }

  /**
   * Takes {@code value} as what {@code key} holds, without reading it: the value this handle
   * last committed for it ({@link ChatCache}). Like a read, it is checked at commit unless
   * {@code covered} (then it must be covered by guards assumed or read no later than it). A key
   * already known to the transaction keeps what it holds (and is checked unless covered).
   */
  void assume(byte[] key, byte[] value, boolean covered) {
    Slot s = slot(key);
    if (s.read || s.written) {
      s.covered &= covered;
      return;
    }
    s.read = true;
    s.covered = covered;
    s.observed = value;
  }

  /**
   * What {@code key} holds once this transaction commits: its write, else what was read (call
   * only for a key read or written).
   */
  byte[] valueAfter(byte[] key) {
    Slot s = find(key);
    return s.written ? s.value : s.observed;
  }

  /** Runs {@code f} with whether the attempt committed, once it is decided (under its locks). */
  void onFinish(Consumer<Boolean> f) {
    if (finishers == null) {
      finishers = new ArrayList<>(2);
    }
    finishers.add(f);
  }

  /** Called by {@link ChatContext#mutate} once the attempt committed or not. */
  void finish(boolean committed) {
    if (finishers != null) {
      for (Consumer<Boolean> f : finishers) {
        f.accept(committed);
      }
    }
  }

  /**
   * Like {@link #read}, without a check of {@code key}: call only after reading (through this
   * transaction) guards that every writer of {@code key} changes in the same write.
   */
  byte[] readCovered(byte[] key) {
    Slot s = slot(key);
    if (s.written) {
      return s.value;
    }
    if (!s.read) {
      s.read = true;
      s.covered = true;
      s.observed = store.get(key);
    }
    return s.observed;
  }

  /** The value of {@code key} as this transaction sees it (its own writes included). */
  byte[] read(byte[] key) {
    Slot s = slot(key);
    s.covered = false; // a plain read is checked, even of a key first read covered
    if (s.written) {
      return s.value;
    }
    if (!s.read) {
      s.read = true;
      s.observed = store.get(key);
    }
    return s.observed;
  }

  void put(byte[] key, byte[] value) {
    write(key, value);
  }

  void delete(byte[] key) {
    write(key, null);
  }

  /**
   * Puts {@code key} when it is a key that no transaction ever reads, only writes (an inbox
   * entry, a message row): the write joins the batch in order, without the bookkeeping of a key
   * that may be read back. Every write of such a key must go through {@link #putUnread} and
   * {@link #deleteUnread}, so that writes of one key keep their order (a later one wins).
   */
  void putUnread(byte[] key, byte[] value) {
    unread.add(new WriteOp.Put(key, value, null));
    writes++;
  }

  /** Deletes {@code key}, a key no transaction reads; see {@link #putUnread}. */
  void deleteUnread(byte[] key) {
    unread.add(new WriteOp.Delete(key));
    writes++;
  }

  private void write(byte[] key, byte[] value) {
    Slot s = slot(key);
    if (!s.written) {
      s.written = true;
      writes++;
    }
    s.value = value;
  }

  /**
   * Flips {@code id} in the Merkle leaf whose key is {@code key} ({@link ChatLayout#leafOf}):
   * XORs it in (an insert) or out (a removal, the same operation). Call only when the write
   * really inserts or removes the id.
   */
  void flip(byte[] key, byte[] id) {
    byte[] leaf = read(key);
    byte[] next = leaf == null ? new byte[MerkleTree.HASH_BYTES] : leaf.clone();
    boolean zero = true;
    for (int i = 0; i < next.length; i++) {
      next[i] ^= id[i];
      zero &= next[i] == 0;
    }
    write(key, zero ? null : next);
  }

  /** Whether the transaction writes nothing. */
  boolean isEmpty() {
    return writes == 0;
  }

  /** The number of writes (without checks). */
  int writeCount() {
    return writes;
  }

  /**
   * The checks of every key read (when {@code checked}), then the writes (of keys that may be
   * read, then of the others in order), as one batch.
   */
  WriteBatch batch(boolean checked) {
    WriteBatch.Builder b = WriteBatch.builder(order.size() + unread.size());
    for (Slot s : order) {
      if (checked && s.read && !s.covered) {
        b.add(new WriteOp.Check(s.key, s.observed));
      }
    }
    for (Slot s : order) {
      if (s.written) {
        b.add(s.value == null ? new WriteOp.Delete(s.key) : new WriteOp.Put(s.key, s.value, null));
      }
    }
    for (WriteOp op : unread) {
      b.add(op);
    }
    return b.build();
  }
}
