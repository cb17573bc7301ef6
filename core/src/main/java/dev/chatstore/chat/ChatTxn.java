package dev.chatstore.chat;

import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
  private static final byte[] DELETED = new byte[0];

  private final KvStore store;
  private final Map<ByteBuffer, byte[]> observed = new LinkedHashMap<>();
  private final Map<ByteBuffer, byte[]> writes = new LinkedHashMap<>();
  private final Map<ByteBuffer, byte[]> keys = new HashMap<>();

  ChatTxn(KvStore store) {
    this.store = store;
  }

  /** Reads {@code toRead} from the store in as few calls as possible (not yet read ones). */
  void prefetch(Collection<byte[]> toRead) {
    List<byte[]> missing = new ArrayList<>();
    for (byte[] k : toRead) {
      ByteBuffer b = ByteBuffer.wrap(k);
      if (!observed.containsKey(b) && keys.putIfAbsent(b, k) == null) {
        missing.add(k);
      }
    }
    for (int from = 0; from < missing.size(); from += KvLimits.MAX_MULTI_GET_KEYS) {
      List<byte[]> chunk = missing.subList(from,
          Math.min(missing.size(), from + KvLimits.MAX_MULTI_GET_KEYS));
      List<byte[]> values = store.getAll(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        observed.put(ByteBuffer.wrap(chunk.get(i)), values.get(i));
      }
    }
  }

  /** The value of {@code key} as this transaction sees it (its own writes included). */
  byte[] read(byte[] key) {
    ByteBuffer b = ByteBuffer.wrap(key);
    byte[] w = writes.get(b);
    if (w != null) {
      return w == DELETED ? null : w;
    }
    if (!observed.containsKey(b)) {
      keys.put(b, key);
      observed.put(b, store.get(key));
    }
    return observed.get(b);
  }

  void put(byte[] key, byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(key);
    keys.putIfAbsent(b, key);
    writes.put(b, value);
  }

  void delete(byte[] key) {
    ByteBuffer b = ByteBuffer.wrap(key);
    keys.putIfAbsent(b, key);
    writes.put(b, DELETED);
  }

  /**
   * Flips {@code id} in its Merkle leaf of domain {@code d}: XORs it in (an insert) or out (a
   * removal, the same operation). Call only when the write really inserts or removes the id.
   */
  void flip(SyncDomain d, byte[] id) {
    byte[] key = ChatLayout.leaf(d, Ids.bucket(id));
    byte[] leaf = read(key);
    byte[] next = leaf == null ? new byte[MerkleTree.HASH_BYTES] : leaf.clone();
    boolean zero = true;
    for (int i = 0; i < next.length; i++) {
      next[i] ^= id[i];
      zero &= next[i] == 0;
    }
    if (zero) {
      delete(key);
    } else {
      put(key, next);
    }
  }

  /** Whether the transaction writes nothing. */
  boolean isEmpty() {
    return writes.isEmpty();
  }

  /** The number of write operations (without checks). */
  int writeCount() {
    return writes.size();
  }

  /** The checks of every key read, then the writes, as one batch. */
  WriteBatch batch() {
    WriteBatch.Builder b = WriteBatch.builder();
    for (Map.Entry<ByteBuffer, byte[]> e : observed.entrySet()) {
      byte[] key = keys.get(e.getKey());
      if (e.getValue() == null) {
        b.checkAbsent(key);
      } else {
        b.check(key, e.getValue());
      }
    }
    for (Map.Entry<ByteBuffer, byte[]> e : writes.entrySet()) {
      byte[] key = keys.get(e.getKey());
      if (e.getValue() == DELETED) {
        b.delete(key);
      } else {
        b.put(key, e.getValue());
      }
    }
    return b.build();
  }
}
