package dev.chatstore.signal;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A device's {@link Backend} over the keyspace, written once for every backend: its
 * {@link DeviceStore} part and snapshots, on top of the other three parts.
 */
final class KvBackend extends ProtocolPart implements Backend {
  /** Most operations per batch when a snapshot is copied or restored. */
  static final int COPY_BATCH_OPS = 10_000;
  /** Most bytes per batch when a snapshot is copied or restored. */
  static final long COPY_BATCH_BYTES = 16L << 20;

  private static final byte[] EXTRA = {1};

  KvBackend(Devices devices, int deviceId) {
    super(devices, deviceId);
  }

  @Override
  public int deviceId() {
    return deviceId;
  }

  // ---- device state ----

  @Override
  public void save(Device device) {
    Checks.notNull(device, "device");
    write(WriteBatch.builder().put(key(Rec.DEVICE), RecordCodec.device(device)).build());
  }

  @Override
  public Optional<Device> load() {
    return read(RecordCodec::device, Rec.DEVICE);
  }

  @Override
  public boolean exists() {
    return kv.get(key(Rec.DEVICE)) != null;
  }

  @Override
  public int create() {
    return devices.create();
  }

  // ---- snapshots ----

  private static String checkName(String name) {
    Checks.notEmpty(name, "snapshot name");
    if (name.length() > Devices.MAX_SNAPSHOT_NAME) {
      throw new IllegalArgumentException("snapshot name of " + name.length()
          + " chars exceeds the limit of " + Devices.MAX_SNAPSHOT_NAME + " chars");
    }
    return name;
  }

  private Tenant snapshotTenant(String name) {
    return devices.store().tenant(Devices.snapshotTenant(deviceId, name));
  }

  @Override
  public void snapshotDb(String name, byte[] extraContent) {
    checkName(name);
    Tenant snap = snapshotTenant(name);
    Lock whole = slot.lock().writeLock();
    whole.lock();
    try {
      devices.unregisterSnapshot(deviceId, name);
      snap.drop();
      Copier copy = new Copier(null);
      for (Area a : Rec.AREAS) {
        copy.area(tenant.subspace(a), snap.subspace(a));
      }
      if (extraContent != null) {
        copy.put(snap.subspace(Area.APP).pack(EXTRA), extraContent);
      }
      copy.flush();
      devices.registerSnapshot(deviceId, name, clock.millis());
    } finally {
      whole.unlock();
    }
  }

  @Override
  public void restoreSnapshot(String name) {
    checkName(name);
    Tenant snap = snapshotTenant(name);
    Lock whole = slot.lock().writeLock();
    whole.lock();
    try {
      if (!devices.snapshotRegistered(deviceId, name)) {
        throw new StoreException(StoreException.Kind.NOT_FOUND, "device " + deviceId
            + " has no snapshot named '" + name + "'; it has " + listSnapshots());
      }
      WriteBatch.Builder first = WriteBatch.builder();
      for (Area a : Rec.AREAS) {
        first.deleteRange(tenant.subspace(a).range());
      }
      Copier copy = new Copier(first);
      for (Area a : Rec.AREAS) {
        copy.area(snap.subspace(a), tenant.subspace(a));
      }
      copy.flush();
      slot.newEpoch();
    } finally {
      whole.unlock();
    }
  }

  @Override
  public List<String> listSnapshots() {
    return devices.snapshotNames(deviceId);
  }

  @Override
  public Optional<byte[]> snapshotExtra(String name) {
    checkName(name);
    if (!devices.snapshotRegistered(deviceId, name)) {
      return Optional.empty();
    }
    return Optional.ofNullable(kv.get(snapshotTenant(name).subspace(Area.APP).pack(EXTRA)));
  }

  @Override
  public void deleteSnapshot(String name) {
    checkName(name);
    Lock whole = slot.lock().writeLock();
    whole.lock();
    try {
      devices.unregisterSnapshot(deviceId, name);
      snapshotTenant(name).drop();
    } finally {
      whole.unlock();
    }
  }

  /**
   * Copies entries from one subspace to another in batches of at most
   * {@value #COPY_BATCH_OPS} operations; the first batch may start with given operations
   * (a restore's range deletes), so a device of fewer records is restored in one atomic write.
   * Writes directly: the caller holds the device lock whole.
   */
  private final class Copier {
    private WriteBatch.Builder batch;
    private long weight;

    Copier(WriteBatch.Builder first) {
      this.batch = first == null ? WriteBatch.builder() : first;
    }

    void area(Subspace from, Subspace to) {
      byte[] fromPrefix = from.prefix();
      byte[] toPrefix = to.prefix();
      kv.stream(from.range(), Direction.ASCENDING, PAGE).forEach(e -> put(
          Bytes.concat(toPrefix,
              Arrays.copyOfRange(e.key(), fromPrefix.length, e.key().length)), e.value()));
    }

    void put(byte[] key, byte[] value) {
      batch.put(key, value);
      weight += key.length + value.length;
      if (batch.size() >= COPY_BATCH_OPS || weight >= COPY_BATCH_BYTES) {
        flush();
      }
    }

    void flush() {
      kv.write(batch.build());
      batch = WriteBatch.builder();
      weight = 0;
    }
  }

  @Override
  public String toString() {
    return "Backend[device " + deviceId + " of " + devices.store().uri() + "]";
  }
}
