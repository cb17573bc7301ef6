package dev.chatstore.signal;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The devices of one {@link ChatStore}: allocates device ids and hands out each device's
 * {@link Backend}. Many devices share one database; each is a tenant of its own
 * ({@value #TENANT_PREFIX}{@code <id>}), so no device reads or changes another's data.
 *
 * <pre>{@code
 * Devices devices = Devices.open(store);
 * int id = devices.create();
 * Backend backend = devices.device(id);
 * backend.putSession("alice.0", sessionRecord);
 * }</pre>
 *
 * <h2>Layout</h2>
 * The registry lives in the store's system records: {@code ("signal-devices", "next")} holds the
 * last id handed out and {@code ("signal-devices", "device", id)} marks each created device.
 * A device's data lies in areas of its tenant; the first element of every key is a stable tag
 * of the kind of record:
 * <pre>
 * CREDENTIALS  (1)                          local identity: registration id, key pair
 *              (2)                          device state ({@link Device})
 * SIGNAL       (1, address)                 remote identity key, 32 bytes
 *              (2, address)                 session record
 *              (3, id)                      one-time pre-key: [uploaded flag][record]
 *              (4, id) / (5, id)            signed / Kyber pre-key record
 *              (6, id, signed-id, base-key) Kyber pre-key use seen
 *              (7, address)                 sender key record
 * APP_STATE    (1, key-id) (2, time, key-id) sync key, and its index by time
 *              (3, name)                    hash state of a collection
 *              (4, name, index-mac)         [version][value MAC]
 * PROTOCOL     (1, group, device)           sender key held: [0|1]
 *              (2, lid) (3, phone, updated, lid)  LID mapping, and its index by phone
 *              (4, address, message-id)     base key
 *              (5, jid) (6, time, jid)      trusted-contact token, and its index by time
 *              (7, chat, id) (8, time, chat, id)  sent message [stamp][payload], and its index
 * DEVICE       (1, user)                    device list of a user
 * </pre>
 * Snapshots are tenants of their own,
 * {@value #SNAPSHOT_PREFIX}{@code <id>/<name>}.
 *
 * <h2>Caching and locking</h2>
 * Sessions and identities go through a bounded write-through cache (on by default, see
 * {@link DevicesOptions}); each device has a lock that its writes share and that
 * {@link DeviceStore#snapshotDb snapshots} take exclusively. Both live in this object: open one
 * {@code Devices} per store and process, and share it. Thread-safe.
 */
public final class Devices {
  /** The tenant id of device {@code n} is this prefix followed by {@code n}. */
  public static final String TENANT_PREFIX = "signal-device/";
  /** The tenant id of snapshot {@code s} of device {@code n} is this prefix, {@code n/s}. */
  public static final String SNAPSHOT_PREFIX = "signal-snapshot/";
  /** The longest snapshot name, in chars. */
  public static final int MAX_SNAPSHOT_NAME = 128;

  private static final Subspace REGISTRY = Subspace.of("signal-devices");
  private static final byte[] NEXT = REGISTRY.pack("next");

  private final ChatStore store;
  private final KvStore system;
  private final DevicesOptions options;
  private final WriteThroughCache cache;
  private final ConcurrentHashMap<Integer, Slot> slots = new ConcurrentHashMap<>();

  /**
   * What this object keeps per device: the lock its writes share and snapshots take whole, and
   * the epoch of its cache entries.
   */
  static final class Slot {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicInteger epoch = new AtomicInteger();

    ReentrantReadWriteLock lock() {
      return lock;
    }

    int epoch() {
      return epoch.get();
    }

    /** Makes every cache entry of the device unreachable. Call with the lock held whole. */
    void newEpoch() {
      epoch.incrementAndGet();
    }
  }

  private Devices(ChatStore store, DevicesOptions options) {
    this.store = store;
    this.system = store.keyspace().system();
    this.options = options;
    this.cache = new WriteThroughCache(options.cacheMaxEntries());
  }

  /** The devices of {@code store}, with {@link DevicesOptions#defaults()}. */
  public static Devices open(ChatStore store) {
    return open(store, DevicesOptions.defaults());
  }

  /** The devices of {@code store}. Opening writes nothing. */
  public static Devices open(ChatStore store, DevicesOptions options) {
    return new Devices(Checks.notNull(store, "store"), Checks.notNull(options, "options"));
  }

  /**
   * Allocates a new device id, atomically: concurrent callers (in this process or others on the
   * same database) get distinct ids, counting up from 1, never reused.
   */
  public int create() {
    while (true) {
      byte[] raw = system.get(NEXT);
      long last = raw == null ? 0 : lastId(raw);
      if (last >= Integer.MAX_VALUE) {
        throw new StoreException(StoreException.Kind.DATABASE, "every device id up to "
            + Integer.MAX_VALUE + " has been allocated");
      }
      int id = (int) last + 1;
      WriteBatch b = WriteBatch.builder()
          .check(NEXT, raw)
          .put(NEXT, Tuple.of(id).pack())
          .put(REGISTRY.pack("device", id), new byte[0])
          .build();
      if (system.write(b)) {
        return id;
      }
    }
  }

  private long lastId(byte[] raw) {
    try {
      return Tuple.unpack(raw).getLong(0);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.SERIALIZATION, "stored device counter "
          + REGISTRY.unpack(NEXT) + " of " + store.uri() + " cannot be decoded: " + e, e);
    }
  }

  /** The ids of every created device that was not dropped, ascending. */
  public List<Integer> ids() {
    List<Integer> out = new ArrayList<>();
    Subspace devices = REGISTRY.subspace("device");
    for (KvEntry e : system.scanAll(devices.range())) {
      out.add((int) devices.unpack(e.key()).getLong(0));
    }
    return out;
  }

  /** Whether device {@code id} was created and not dropped. */
  public boolean exists(int id) {
    return system.get(REGISTRY.pack("device", Checks.id(id, "device id"))) != null;
  }

  /**
   * The backend of device {@code id}: cheap, holds no resource; views of the same id share their
   * data, cache and lock.
   *
   * @throws StoreException of kind {@code NOT_FOUND} when the device was never created (or was
   *     dropped)
   */
  public Backend device(int id) {
    if (!exists(id)) {
      throw new StoreException(StoreException.Kind.NOT_FOUND, "device " + id
          + " does not exist in " + store.uri() + "; create one with Devices.create()");
    }
    return new KvBackend(this, id);
  }

  /** Removes device {@code id}: all its data and snapshots, and its registration. */
  public void drop(int id) {
    Slot slot = slot(Checks.id(id, "device id"));
    slot.lock().writeLock().lock();
    try {
      system.delete(REGISTRY.pack("device", id));
      for (String name : snapshotNames(id)) {
        unregisterSnapshot(id, name);
        store.dropTenant(snapshotTenant(id, name));
      }
      store.dropTenant(TENANT_PREFIX + id);
      slot.newEpoch();
    } finally {
      slot.lock().writeLock().unlock();
    }
  }

  /** Whether the write-through cache is on. */
  public boolean cacheEnabled() {
    return cache.enabled();
  }

  /** The store these devices live in. */
  public ChatStore store() {
    return store;
  }

  DevicesOptions options() {
    return options;
  }

  WriteThroughCache cache() {
    return cache;
  }

  Slot slot(int id) {
    return slots.computeIfAbsent(id, k -> new Slot());
  }

  // ---- the snapshot registry ----

  private static byte[] snapshotKey(int id, String name) {
    return REGISTRY.pack("snapshot", id, name);
  }

  /** Marks snapshot {@code name} of device {@code id} complete, taken at {@code millis}. */
  void registerSnapshot(int id, String name, long millis) {
    system.put(snapshotKey(id, name), Tuple.of(millis).pack());
  }

  void unregisterSnapshot(int id, String name) {
    system.delete(snapshotKey(id, name));
  }

  boolean snapshotRegistered(int id, String name) {
    return system.get(snapshotKey(id, name)) != null;
  }

  /** The names of the complete snapshots of device {@code id}, in order. */
  List<String> snapshotNames(int id) {
    Subspace snaps = REGISTRY.subspace("snapshot", id);
    List<String> out = new ArrayList<>();
    for (KvEntry e : system.scanAll(snaps.range())) {
      out.add(snaps.unpack(e.key()).getString(0));
    }
    return out;
  }

  static String snapshotTenant(int id, String name) {
    return SNAPSHOT_PREFIX + id + "/" + name;
  }

  @Override
  public String toString() {
    return "Devices[" + store.uri() + "]";
  }
}
