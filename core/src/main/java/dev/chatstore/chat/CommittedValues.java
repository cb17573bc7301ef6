package dev.chatstore.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * What the checked writes of one {@link ChatDb} last committed: the values (or absence) of the
 * keys they read and wrote, bounded to {@value #MAX_ENTRIES} keys (least useful ones evicted).
 *
 * <p>It lets a write plan from memory instead of reading the store. That is safe only because
 * the write carries a check of every value it planned from: when another writer changed a key
 * meanwhile, the batch is not applied, the keys it read are forgotten and the write is planned
 * again from the store. It is therefore used in the checked mode only, never by an
 * {@linkplain ChatDbOptions#exclusiveWriter() exclusive writer} (whose batches carry no checks).
 * Thread-safe.
 */
final class CommittedValues {
  /** Keys remembered at most. */
  static final int MAX_ENTRIES = 65_536;
  /** Stands for "known to be absent" (compared by identity). */
  private static final byte[] ABSENT = new byte[0];

  /** A store key, equal by its bytes. */
  static final class Key {
    final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Cache<Key, byte[]> values = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
      .build();

  /**
   * The remembered value of {@code key}: null when not remembered, {@link #isAbsent} when
   * remembered as absent. The array must not be modified.
   */
  byte[] lookup(Key key) {
    return values.getIfPresent(key);
  }

  /** Whether a {@link #lookup} result stands for an absent key. */
  static boolean isAbsent(byte[] looked) {
    return looked == ABSENT;
  }

  /** Remembers that {@code key} holds {@code value} (null: absent), as committed. */
  void remember(Key key, byte[] value) {
    values.put(key, value == null ? ABSENT : value);
  }

  /** Forgets {@code key}. */
  void forget(Key key) {
    values.invalidate(key);
  }
}
