package dev.chatstore.chat;

import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimistic read-modify-write of the chat database: what it read, and what it will write.
 *
 * <p>Reads go through {@link #read}/{@link #prefetch} and see the transaction's own writes.
 * {@link #batch()} turns it into ONE atomic {@link WriteBatch}: first a check per key read
 * (that it still holds the value read, or is still absent), then the writes. When another writer
 * changed a key read meanwhile, the batch is not applied and the caller plans again from fresh
 * reads; so a concurrent duplicate message can never be stored twice, and a Merkle leaf is
 * never flipped twice for one insert. Not thread-safe: one per attempt.
 */
final class ChatTxn {
  /** What the transaction knows of one key. */
  private static final class Slot {
    final CommittedValues.Key key;
    boolean read;
    byte[] observed;
    boolean written;
    byte[] value;

    Slot(CommittedValues.Key key) {
      this.key = key;
    }
  }

  private final KvStore store;
  private final CommittedValues known;
  private final boolean consult;
  private final Map<CommittedValues.Key, Slot> slots = new LinkedHashMap<>();
  private int writes;
  private boolean usedKnown;

  /**
   * @param known what earlier writes committed, to update after this one commits (null: none)
   * @param consult whether to plan from {@code known} instead of reading the store when it
   *     remembers a key
   */
  ChatTxn(KvStore store, CommittedValues known, boolean consult) {
    this.store = store;
    this.known = known;
    this.consult = consult && known != null;
  }

  private Slot slot(byte[] key) {
    return slots.computeIfAbsent(new CommittedValues.Key(key), Slot::new);
  }

  /** Marks {@code s} read; true when its value came from what earlier writes committed. */
  private boolean claim(Slot s) {
    s.read = true;
    if (!consult) {
      return false;
    }
    byte[] v = known.lookup(s.key);
    if (v == null) {
      return false;
    }
    s.observed = CommittedValues.isAbsent(v) ? null : v;
    usedKnown = true;
    return true;
  }

  /** Reads {@code toRead} from the store in as few calls as possible (not yet known ones). */
  void prefetch(Collection<byte[]> toRead) {
    List<Slot> missing = new ArrayList<>();
    for (byte[] k : toRead) {
      Slot s = slot(k);
      if (!s.read && !s.written && !claim(s)) { // claimed: a duplicate key is fetched once
        missing.add(s);
      }
    }
    for (int from = 0; from < missing.size(); from += KvLimits.MAX_MULTI_GET_KEYS) {
      List<Slot> chunk = missing.subList(from,
          Math.min(missing.size(), from + KvLimits.MAX_MULTI_GET_KEYS));
      List<byte[]> keys = new ArrayList<>(chunk.size());
      for (Slot s : chunk) {
        keys.add(s.key.bytes);
      }
      List<byte[]> values = store.getAll(keys);
      for (int i = 0; i < chunk.size(); i++) {
        chunk.get(i).observed = values.get(i);
      }
    }
  }

  /** The value of {@code key} as this transaction sees it (its own writes included). */
  byte[] read(byte[] key) {
    Slot s = slot(key);
    if (s.written) {
      return s.value;
    }
    if (!s.read && !claim(s)) {
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

  private void write(byte[] key, byte[] value) {
    Slot s = slot(key);
    if (!s.written) {
      s.written = true;
      writes++;
    }
    s.value = value;
  }

  /**
   * Flips {@code id} in its Merkle leaf of domain {@code d}: XORs it in (an insert) or out (a
   * removal, the same operation). Call only when the write really inserts or removes the id.
   */
  void flip(SyncDomain d, byte[] id) {
    flip(ChatLayout.leaf(d, Ids.bucket(id)), id);
  }

  /** {@link #flip(SyncDomain, byte[])} with the leaf's key {@code key} already made. */
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

  /** Whether some value read came from what earlier writes committed, not from the store. */
  boolean usedKnown() {
    return usedKnown;
  }

  /** After this transaction committed with its checks: remembers what its keys now hold. */
  void remember() {
    if (known == null) {
      return;
    }
    for (Slot s : slots.values()) {
      if (s.read) { // keys only written are not planned from; a stale one would be caught
        known.remember(s.key, s.written ? s.value : s.observed);
      }
    }
  }

  /** After this transaction's checks failed: forgets the keys it read. */
  void forgetReads() {
    if (known == null) {
      return;
    }
    for (Slot s : slots.values()) {
      if (s.read) {
        known.forget(s.key);
      }
    }
  }

  /** Whether the transaction writes nothing. */
  boolean isEmpty() {
    return writes == 0;
  }

  /** The number of keys written (without checks). */
  int writeCount() {
    return writes;
  }

  /** The checks of every key read (when {@code checked}), then the writes, as one batch. */
  WriteBatch batch(boolean checked) {
    WriteBatch.Builder b = WriteBatch.builder();
    for (Slot s : slots.values()) {
      if (checked && s.read) {
        b.add(new WriteOp.Check(s.key.bytes, s.observed));
      }
    }
    for (Slot s : slots.values()) {
      if (s.written) {
        b.add(s.value == null ? new WriteOp.Delete(s.key.bytes)
            : new WriteOp.Put(s.key.bytes, s.value, null));
      }
    }
    return b.build();
  }
}
