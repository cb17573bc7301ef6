package dev.chatstore.signal;

import java.util.List;
import java.util.Optional;

/**
 * App-state synchronization storage for one device (specification 001, {@code AppSyncStore}):
 * the sync keys, the version (hash state) of each collection, and the mutation MACs.
 *
 * <p>Every put is an upsert; deleting an absent entry is a no-op. Collection names and key ids
 * must not be null or empty ({@link IllegalArgumentException}). A stored record that cannot be
 * decoded is a {@link dev.chatstore.kv.StoreException} of kind {@code SERIALIZATION} naming its
 * key. Thread-safe.
 */
public interface AppSyncStore {

  /** The sync key {@code keyId}, or empty. */
  Optional<AppStateSyncKey> getSyncKey(byte[] keyId);

  /** Stores (or replaces) the sync key {@code keyId}. */
  void setSyncKey(byte[] keyId, AppStateSyncKey key);

  /**
   * The id of the sync key with the newest {@link AppStateSyncKey#timestamp()} (among equal
   * timestamps, the greatest id in unsigned byte order), or empty when there is none. One
   * ordered read, whatever the number of keys.
   */
  Optional<byte[]> getLatestSyncKeyId();

  /** The hash state of collection {@code name}; {@link HashState#empty()} when it has none. */
  HashState getVersion(String name);

  /** Stores the hash state of collection {@code name}. */
  void setVersion(String name, HashState state);

  /**
   * Stores the value MAC of each mutation of collection {@code name} at {@code version}, in one
   * atomic write, each an upsert on (name, index MAC); within the list a later duplicate wins.
   * An empty list does nothing.
   */
  void putMutationMacs(String name, long version, List<AppStateMutationMAC> mutations);

  /** The value MAC stored for {@code indexMac} in collection {@code name}, or empty. */
  Optional<byte[]> getMutationMac(String name, byte[] indexMac);

  /** Deletes the MACs of {@code indexMacs} in collection {@code name}, in one atomic write. */
  void deleteMutationMacs(String name, List<byte[]> indexMacs);
}
