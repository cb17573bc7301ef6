package dev.chatstore.chat;

import java.util.Arrays;

/**
 * A fixed-length id (user or chat) as a hash-map key: equal by bytes, its hash computed once
 * ({@link Arrays#hashCode(byte[])}, vectorized by the JDK). The array is not copied: the caller
 * must not change it while the key is in use.
 */
final class IdKey {
  final byte[] id;
  private final int hash;

  IdKey(byte[] id) {
    this.id = id;
    this.hash = Arrays.hashCode(id);
  }

  /** A key of its own copy of {@code id}, for a map that outlives the caller's array. */
  IdKey copy() {
    return new IdKey(id.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdKey k && k.hash == hash && Arrays.equals(k.id, id);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Ids.hex(id);
  }
}
