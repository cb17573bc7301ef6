// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.kv.StoreException;
import dev.chatstore.signal.SignalStore;
import dev.chatstore.signal.SignalStore.LocalIdentity;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * This device's own identity in a {@link SignalStore}: read it, or create it once.
 *
 * <p>The identity is the serialized {@link IdentityKeyPair} and the registration id that
 * {@link SignalStore#putLocalIdentity} keeps. Thread-safe; {@link #getOrCreate} is atomic among
 * the threads of one JVM, not between processes sharing a database (create the identity when the
 * device is registered, before any concurrent use).
 */
public final class LocalIdentities {
  private LocalIdentities() {}

  /**
   * The stored identity of the device.
   *
   * @throws StoreException of kind {@code NOT_FOUND} when none is stored (create one with {@link
   *     #getOrCreate} or store one with {@link SignalStore#putLocalIdentity}), of kind {@code
   *     SERIALIZATION} when the stored key pair cannot be decoded
   */
  public static LocalIdentity load(SignalStore store) {
    Args.notNull(store, "store");
    return store
        .loadLocalIdentity()
        .orElseThrow(
            () ->
                new StoreException(
                    StoreException.Kind.NOT_FOUND,
                    "this device has no local identity yet; create one with"
                        + " LocalIdentities.getOrCreate(store) or store one with"
                        + " SignalStore.putLocalIdentity"));
  }

  /** The key pair of {@code identity}, decoded. */
  public static IdentityKeyPair keyPair(LocalIdentity identity) {
    return Records.decode("the local identity key pair", identity.keyPair(), IdentityKeyPair::new);
  }

  /**
   * The stored identity of the device; when there is none, a new one (a fresh key pair and a
   * random registration id from 1 to 16380) is generated, stored and returned.
   */
  public static LocalIdentity getOrCreate(SignalStore store) {
    Args.notNull(store, "store");
    synchronized (LocalIdentities.class) {
      var existing = store.loadLocalIdentity();
      if (existing.isPresent()) {
        return existing.get();
      }
      var created =
          new LocalIdentity(
              IdentityKeyPair.generate().serialize(), KeyHelper.generateRegistrationId(false));
      store.putLocalIdentity(created);
      return created;
    }
  }
}
