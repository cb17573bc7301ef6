package dev.chatstore.chat;

/**
 * The Merkle leaves of the message domain as this {@link ChatDb} last committed them, so that a
 * new message can flip its leaf without reading it first.
 *
 * <p>Why this is safe: a write planned from a cached leaf <em>checks</em> the leaf against the
 * cached value at commit, as it would check a value it had read; when another writer changed
 * the leaf meanwhile, the check fails, the leaf is forgotten and the write is planned again from
 * a fresh read. Unlike the guards of {@link ChatCache}, a leaf may return to an earlier value
 * (an id flipped in and out again), and that is harmless: flipping an id into a leaf depends only
 * on the leaf's value at commit, which the check proves is the cached one. For an
 * {@linkplain ChatDbOptions#exclusiveWriter() exclusive writer}, whose batches carry no checks,
 * the cache is exact by construction: every write of a message leaf by this handle (a new
 * message, a removal, retention) updates or forgets the leaf under its lock.
 *
 * <p>Concurrency: bucket {@code b} is touched only while holding its leaf stripe, the lock of
 * the ids whose first byte is {@code b >>> 8} ({@link ChatContext#leafStripe}), so the arrays need
 * no synchronization of their own. A stripe's 256 leaves take memory (up to 256 references and
 * their 32-byte values) only once one of them is cached.
 */
final class LeafCache {
  /** What {@link #get} returns for a leaf known to be all zeros (no key at all). */
  static final byte[] ZERO = new byte[0];

  private static final int LEAF_GROUPS = MerkleTree.LEAVES >>> 8;

  private final byte[][][] stripes = new byte[LEAF_GROUPS][][];

  /**
   * The stored bytes of the leaf of {@code bucket} as last committed by this handle, {@link #ZERO}
   * when it has no key, or null when unknown. Call holding the bucket's leaf stripe.
   */
  byte[] get(int bucket) {
    byte[][] s = stripes[bucket >>> 8];
    return s == null ? null : s[bucket & 0xFF];
  }

  /**
   * Records what the leaf of {@code bucket} holds after a committed write: {@code stored}, or no
   * key when null. Call holding the bucket's leaf stripe.
   */
  void put(int bucket, byte[] stored) {
    byte[][] s = stripes[bucket >>> 8];
    if (s == null) {
      s = stripes[bucket >>> 8] = new byte[256][];
    }
    s[bucket & 0xFF] = stored == null ? ZERO : stored;
  }

  /**
   * After {@code txn} ended: records what it left in the leaf {@code leafKey} of {@code bucket}
   * when it committed, forgets the leaf when it failed (the next attempt reads afresh). Call
   * holding the bucket's leaf stripe.
   */
  void settle(int bucket, ChatTxn txn, byte[] leafKey, boolean committed) {
    if (committed) {
      put(bucket, txn.valueAfter(leafKey));
    } else {
      forget(bucket);
    }
  }

  /** Forgets the leaf of {@code bucket}. Call holding the bucket's leaf stripe. */
  void forget(int bucket) {
    byte[][] s = stripes[bucket >>> 8];
    if (s != null) {
      s[bucket & 0xFF] = null;
    }
  }
}
