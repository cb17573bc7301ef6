package dev.chatstore.cache;

import java.util.Optional;

/**
 * Which {@link CacheStore} each of the client's pluggable caches uses. A cache without a store
 * (null) keeps its entries in process, in Caffeine. Use {@link #all} to route every cache to one
 * backend (each keeps its own namespace there), or set them one by one.
 *
 * @param group the store of group metadata (namespace {@value #GROUP}), or null
 * @param deviceRegistry the store of device registry entries (namespace
 *     {@value #DEVICE_REGISTRY}), or null
 * @param lidPn the store of LID-to-phone mappings (namespace {@value #LID_PN_BY_LID}), or null
 */
public record CacheStores(CacheStore group, CacheStore deviceRegistry, CacheStore lidPn) {
  /** Namespace of the group metadata cache. */
  public static final String GROUP = "group";
  /** Namespace of the device registry cache. */
  public static final String DEVICE_REGISTRY = "device_registry";
  /** Namespace of the LID-to-phone mapping cache. */
  public static final String LID_PN_BY_LID = "lid_pn_by_lid";

  private static final CacheStores NONE = new CacheStores(null, null, null);

  /** Every cache in process (the default). */
  public static CacheStores none() {
    return NONE;
  }

  /**
   * Every pluggable cache on {@code store}.
   *
   * @throws IllegalArgumentException when {@code store} is null
   */
  public static CacheStores all(CacheStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store must not be null (use none() for in-process"
          + " caches)");
    }
    return new CacheStores(store, store, store);
  }

  /** These stores with {@code store} for group metadata (null: in process). */
  public CacheStores withGroup(CacheStore store) {
    return new CacheStores(store, deviceRegistry, lidPn);
  }

  /** These stores with {@code store} for the device registry (null: in process). */
  public CacheStores withDeviceRegistry(CacheStore store) {
    return new CacheStores(group, store, lidPn);
  }

  /** These stores with {@code store} for LID-to-phone mappings (null: in process). */
  public CacheStores withLidPn(CacheStore store) {
    return new CacheStores(group, deviceRegistry, store);
  }

  /** The store of group metadata, when one is set. */
  public Optional<CacheStore> groupStore() {
    return Optional.ofNullable(group);
  }

  /** The store of the device registry, when one is set. */
  public Optional<CacheStore> deviceRegistryStore() {
    return Optional.ofNullable(deviceRegistry);
  }

  /** The store of LID-to-phone mappings, when one is set. */
  public Optional<CacheStore> lidPnStore() {
    return Optional.ofNullable(lidPn);
  }
}
