package dev.chatstore.crypto;

import dev.chatstore.keyspace.Area;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which areas of every tenant are encrypted at rest, and with which keys: what
 * {@code ChatStore.open(uri, options, encryption)} takes.
 *
 * @param keys where the keys come from
 * @param areas the encrypted areas, at least one; an area once encrypted in a store must stay in
 *     the set of every later open of that store
 */
public record EncryptionConfig(KeyProvider keys, Set<Area> areas) {
  /** The areas {@link #of(KeyProvider)} encrypts: credentials and Signal keys. */
  public static final Set<Area> DEFAULT_AREAS =
      Collections.unmodifiableSet(EnumSet.of(Area.CREDENTIALS, Area.SIGNAL));

  public EncryptionConfig {
    if (keys == null) {
      throw new IllegalArgumentException("key provider must not be null");
    }
    if (areas == null || areas.isEmpty()) {
      throw new IllegalArgumentException("encrypted areas must not be empty, got " + areas
          + "; expected some of " + EnumSet.allOf(Area.class));
    }
    if (areas.contains(null)) {
      throw new IllegalArgumentException("encrypted areas must not hold null, got " + areas);
    }
    areas = Collections.unmodifiableSet(EnumSet.copyOf(areas));
    String current = keys.currentKeyId();
    KeyRing.checkKeyId(current);
    if (keys.key(current).isEmpty()) {
      throw new IllegalArgumentException("the key provider " + keys + " names current key id '"
          + current + "' but does not have that key");
    }
  }

  /** {@link #DEFAULT_AREAS} encrypted with {@code keys}. */
  public static EncryptionConfig of(KeyProvider keys) {
    return new EncryptionConfig(keys, DEFAULT_AREAS);
  }

  /** {@code areas} encrypted with {@code keys}. */
  public static EncryptionConfig of(KeyProvider keys, Area... areas) {
    return new EncryptionConfig(keys, areas.length == 0 ? Set.of() : EnumSet.of(areas[0], areas));
  }
}
