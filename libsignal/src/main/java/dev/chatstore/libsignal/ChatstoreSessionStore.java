// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SessionStore;

/**
 * libsignal's {@link SessionStore} on a {@link SignalStore}: one session record per remote
 * address, under the address string {@code name.deviceId} ({@link SignalAddresses}).
 *
 * <p>A stored record that cannot be decoded is a {@code StoreException} of kind {@code
 * SERIALIZATION}, never a fresh session. Thread-safe; each call is one or a few store calls, and
 * {@link #deleteAllSessions} deletes one address after the other (not one atomic write).
 */
public final class ChatstoreSessionStore implements SessionStore {
  /** The device id of a name's primary device, which {@link #getSubDeviceSessions} leaves out. */
  public static final int PRIMARY_DEVICE_ID = 1;

  /** The highest device id libsignal accepts in an address (they run from 1 to this). */
  public static final int MAX_DEVICE_ID = 127;

  private final SignalStore store;

  /** A session store on {@code store}. */
  public ChatstoreSessionStore(SignalStore store) {
    this.store = Args.notNull(store, "store");
  }

  /** A copy of the stored session of {@code address}, or a new, empty record when none is. */
  @Override
  public SessionRecord loadSession(SignalProtocolAddress address) {
    String key = SignalAddresses.of(address);
    return store.getSession(key).map(bytes -> decode(key, bytes)).orElseGet(SessionRecord::new);
  }

  /**
   * The stored sessions of {@code addresses}, in the same order.
   *
   * @throws NoSessionException naming the first address that has no stored session
   */
  @Override
  public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
      throws NoSessionException {
    Args.notNull(addresses, "addresses");
    List<SessionRecord> records = new ArrayList<>(addresses.size());
    for (SignalProtocolAddress address : addresses) {
      String key = SignalAddresses.of(address);
      var bytes = store.getSession(key);
      if (bytes.isEmpty()) {
        throw new NoSessionException(address, "no session for " + key);
      }
      records.add(decode(key, bytes.get()));
    }
    return records;
  }

  /**
   * The device ids of {@code name}, other than the primary device {@value #PRIMARY_DEVICE_ID},
   * that have a stored session, in ascending order. Only devices of exactly this name count:
   * {@code "alice"} never sees the sessions of {@code "alice2"} nor of {@code "alice.1"}. Ids
   * that libsignal cannot put in an address (0, or above {@value #MAX_DEVICE_ID}, written by
   * other code into the same store) are left out.
   */
  @Override
  public List<Integer> getSubDeviceSessions(String name) {
    List<Integer> devices = new ArrayList<>();
    for (int deviceId : deviceIds(name)) {
      if (deviceId > PRIMARY_DEVICE_ID && deviceId <= MAX_DEVICE_ID) {
        devices.add(deviceId);
      }
    }
    return devices;
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    Args.notNull(record, "record");
    store.putSession(SignalAddresses.of(address), record.serialize());
  }

  /** Whether a session record is stored for {@code address} (whatever its state). */
  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return store.hasSession(SignalAddresses.of(address));
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    store.deleteSession(SignalAddresses.of(address));
  }

  /**
   * Deletes the sessions of every device of {@code name}, the primary and any id outside
   * libsignal's range included, and of no other name (see {@link #getSubDeviceSessions}).
   */
  @Override
  public void deleteAllSessions(String name) {
    for (int deviceId : deviceIds(name)) {
      store.deleteSession(SignalAddresses.of(name, deviceId));
    }
  }

  /** The device ids of exactly {@code name} with a stored session. */
  private List<Integer> deviceIds(String name) {
    List<Integer> ids = new ArrayList<>();
    for (String address : store.listSessions(SignalAddresses.devicePrefix(name))) {
      OptionalInt deviceId = SignalAddresses.deviceIdOf(address, name);
      if (deviceId.isPresent()) {
        ids.add(deviceId.getAsInt());
      }
    }
    ids.sort(null);
    return ids;
  }

  private static SessionRecord decode(String address, byte[] bytes) {
    return Records.decode("the session of " + address, bytes, SessionRecord::new);
  }
}
