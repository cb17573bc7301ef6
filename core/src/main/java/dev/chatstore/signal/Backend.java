package dev.chatstore.signal;

/**
 * Everything a messaging client stores for one device: its Signal keys, app-state sync data,
 * protocol bookkeeping and own state (specification 001, {@code Backend}). Obtained from
 * {@link Devices#device(int)}; many devices share one database, each seeing only its own data.
 */
public interface Backend extends SignalStore, AppSyncStore, ProtocolStore, DeviceStore {

  /** This device's id. */
  int deviceId();

  /**
   * Whether one-time pre-key {@code id} was stored as uploaded to the server, or empty when
   * there is no such pre-key.
   */
  java.util.Optional<Boolean> isPrekeyUploaded(int id);
}
