/**
 * The domain stores of specification 001 for WhatsApp-style clients: {@link
 * dev.chatstore.signal.SignalStore} (Signal protocol keys and sessions), {@link
 * dev.chatstore.signal.AppSyncStore} (app-state sync), {@link dev.chatstore.signal.ProtocolStore}
 * (protocol bookkeeping) and {@link dev.chatstore.signal.DeviceStore} (the device's own state),
 * together a {@link dev.chatstore.signal.Backend} per device, handed out by {@link
 * dev.chatstore.signal.Devices}.
 *
 * <p>Written once against the keyspace, they run on every backend. Each device is a tenant of
 * its own; the key layout is drawn in the documentation of {@link dev.chatstore.signal.Devices}.
 * Records of the specification are Java records stored in a compact, versioned binary form.
 * Bad input is an {@link java.lang.IllegalArgumentException} that changes nothing; store failures
 * are {@link dev.chatstore.kv.StoreException}s, a corrupt stored record one of kind {@code
 * SERIALIZATION} naming its key.
 */
package dev.chatstore.signal;
