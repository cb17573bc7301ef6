package dev.chatstore.signal;

import java.util.List;
import java.util.Optional;

/**
 * Persistence of one device's own state (specification 001, {@code DeviceStore}), and
 * snapshots of all of the device's data.
 *
 * <p>Thread-safe. A stored device that cannot be decoded is a
 * {@link dev.chatstore.kv.StoreException} of kind {@code SERIALIZATION}.
 */
public interface DeviceStore {

  /** Stores the device state (an upsert). */
  void save(Device device);

  /** The stored device state, or empty when none was saved. */
  Optional<Device> load();

  /** Whether a device state was saved. */
  boolean exists();

  /**
   * Allocates a new device id in the same database (see {@link Devices#create()}): ids are
   * unique, never reused, and the new device has no data.
   */
  int create();

  /**
   * Writes a consistent copy of all of this device's data under {@code name}, replacing an
   * older snapshot of that name, with {@code extraContent} (such as a failing message; may be
   * null) kept beside it. The copy is taken while this device's writes through this
   * {@link Devices} wait, so it holds no half-applied write.
   *
   * @throws IllegalArgumentException when {@code name} is empty or longer than
   *     {@link Devices#MAX_SNAPSHOT_NAME} chars
   */
  void snapshotDb(String name, byte[] extraContent);

  /**
   * Replaces all of this device's data with the snapshot {@code name}. Writes through this
   * {@link Devices} wait meanwhile; the device's caches are emptied.
   *
   * @throws dev.chatstore.kv.StoreException of kind {@code NOT_FOUND} when there is no complete
   *     snapshot of that name
   */
  void restoreSnapshot(String name);

  /** The names of this device's complete snapshots, in order. */
  List<String> listSnapshots();

  /**
   * The extra content saved with snapshot {@code name}, or empty (none saved, or no such
   * snapshot).
   */
  Optional<byte[]> snapshotExtra(String name);

  /** Deletes snapshot {@code name}; absent is fine. */
  void deleteSnapshot(String name);
}
