package dev.chatstore.chat;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the parts of a {@link ChatDb} share: the store, the options, and the way every write is
 * made — an optimistic {@link ChatTxn} retried on conflict, under striped locks so that writers
 * of this process touching the same chat or the same Merkle leaves wait for each other instead
 * of retrying.
 *
 * <p>Lock coverage (what makes {@link ChatDbOptions#exclusiveWriter()} safe): a chat's stripe
 * covers its meta, its message rows, its members and every (user, chat) inbox position and read
 * progress; a message id's leaf stripe covers its seen entry and its Merkle leaf; the member and
 * identity Merkle leaves have one lock each; a user's stripe covers the user's identity. Locks
 * are always taken in ascending index order.
 */
final class ChatContext {
  /** Attempts of one write against concurrent changes before giving up. */
  static final int MAX_ATTEMPTS = 1_000;
  /** Lock stripes for chats and users. */
  static final int ENTITY_STRIPES = 256;
  /** Lock stripes for groups of message Merkle leaves (a level-one node each). */
  static final int LEAF_STRIPES = 256;
  /** The lock of the membership Merkle leaves. */
  static final int MEMBER_LEAVES = ENTITY_STRIPES + LEAF_STRIPES;
  /** The lock of the identity Merkle leaves. */
  static final int IDENTITY_LEAVES = MEMBER_LEAVES + 1;

  /** The store underneath, reached with whole keys: {@link #layout} packs them prefix and all. */
  final KvStore store;
  final ChatLayout layout;
  /** The database's name in messages: the name of the tenant's area, or of the store. */
  final String name;
  final ChatDbOptions options;
  /** The chats as this handle last committed them; see {@link ChatCache} for its locking. */
  final ChatCache cache = new ChatCache();
  /** The message leaves as this handle last committed them; see {@link LeafCache}. */
  final LeafCache leaves = new LeafCache();
  private final ReentrantLock[] stripes = new ReentrantLock[IDENTITY_LEAVES + 1];

  ChatContext(KvStore store, ChatLayout layout, String name, ChatDbOptions options) {
    this.store = store;
    this.layout = layout;
    this.name = name;
    this.options = options;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** The stripe of a chat or user id. */
  static int entityStripe(byte[] id) {
    return Math.floorMod(Arrays.hashCode(id), ENTITY_STRIPES);
  }

  /** The stripe of the Merkle leaf group of an id (its first byte). */
  static int leafStripe(byte[] id) {
    return ENTITY_STRIPES + (id[0] & 0xFF);
  }

  /** The cutoff of the configured retention now: records at or before it are expired. */
  long retentionCutoff() {
    return options.retention() == null ? ChatDb.NO_CUTOFF
        : options.clock().millis() - options.retention().toMillis();
  }

  /**
   * Runs {@code body} on a fresh transaction and commits it, again from fresh reads whenever a
   * concurrent write changed what it read, holding the stripes {@code lockIds} (sorted, distinct
   * indexes from {@link #entityStripe} and {@link #leafStripe}) throughout.
   *
   * @throws StoreException of kind DATABASE after {@value #MAX_ATTEMPTS} conflicting attempts
   */
  <T> T mutate(String what, int[] lockIds, Function<ChatTxn, T> body) {
    for (int id : lockIds) {
      stripes[id].lock();
    }
    try {
      for (int attempt = 1; ; attempt++) {
        ChatTxn txn = new ChatTxn(store);
        T result = body.apply(txn);
        boolean committed = false;
        try {
          committed = txn.isEmpty() || store.write(txn.batch(!options.exclusiveWriter()));
        } finally {
          // still under the locks: the cache learns exactly what was committed, or forgets
          // what this attempt relied on (also when the write failed with an exception)
          txn.finish(committed);
        }
        if (committed) {
          return result;
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException(StoreException.Kind.DATABASE, name + ": " + what
              + " kept conflicting with concurrent writes; gave up after " + attempt
              + " attempts");
        }
        LockSupport.parkNanos(Math.min(attempt, 100) * 10_000L);
      }
    } finally {
      for (int i = lockIds.length - 1; i >= 0; i--) {
        stripes[lockIds[i]].unlock();
      }
    }
  }

  /** Drops {@code chat}'s cache entry (taking its stripe). */
  void forget(byte[] chat) {
    ReentrantLock lock = stripes[entityStripe(chat)];
    lock.lock();
    try {
      cache.remove(chat);
    } finally {
      lock.unlock();
    }
  }

  /** Sorted distinct stripe indexes. */
  static int[] locks(int... ids) {
    int[] sorted = ids.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || sorted[i] != sorted[n - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }
}
