// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.security.MessageDigest;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libsignal's {@link IdentityKeyStore} on a {@link SignalStore}: the local identity and the
 * identity keys of remote addresses.
 *
 * <p>Remote identities are kept per address ({@code name.deviceId}, see {@link
 * SignalAddresses}) as the 32 bytes of the Curve25519 public key. The trust policy is:
 *
 * <ul>
 *   <li><b>Sending</b>: trust on first use. A key is trusted when no key is stored for the
 *       address, or when it is the stored key; a different key is untrusted, so libsignal
 *       refuses to encrypt to it until the application accepts it with {@link #saveIdentity}.
 *   <li><b>Receiving</b>: every key is trusted, so a message from a party who reinstalled still
 *       decrypts; libsignal then saves the new key, {@link #saveIdentity} reports {@code
 *       REPLACED_EXISTING} and the {@link IdentityChangeListener} is told.
 * </ul>
 *
 * <p>The local identity comes from {@link SignalStore#loadLocalIdentity}; {@link
 * #getIdentityKeyPair} and {@link #getLocalRegistrationId} throw a {@code StoreException} of kind
 * {@code NOT_FOUND} when there is none (see {@link LocalIdentities#getOrCreate}). Thread-safe:
 * saving an identity is a read-compare-write made atomic among the users of this object.
 */
public final class ChatstoreIdentityKeyStore implements IdentityKeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(ChatstoreIdentityKeyStore.class);

  private final SignalStore store;
  private final IdentityChangeListener listener;
  private final Object saveLock = new Object();

  /** An identity store on {@code store} that tells {@code listener} of changed identities. */
  public ChatstoreIdentityKeyStore(SignalStore store, IdentityChangeListener listener) {
    this.store = Args.notNull(store, "store");
    this.listener = Args.notNull(listener, "listener");
  }

  @Override
  public IdentityKeyPair getIdentityKeyPair() {
    return LocalIdentities.keyPair(LocalIdentities.load(store));
  }

  @Override
  public int getLocalRegistrationId() {
    return LocalIdentities.load(store).registrationId();
  }

  /**
   * Stores {@code identityKey} as the identity of {@code address}.
   *
   * @return {@code REPLACED_EXISTING} when another key was stored before (the listener is told),
   *     {@code NEW_OR_UNCHANGED} when there was none (the key is stored) or the same one (nothing
   *     is written)
   */
  @Override
  public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    Args.notNull(identityKey, "identityKey");
    String key = SignalAddresses.of(address);
    byte[] bytes = identityKey.getPublicKey().getPublicKeyBytes();
    IdentityKey previous;
    synchronized (saveLock) {
      var stored = store.loadIdentity(key);
      if (stored.isPresent() && MessageDigest.isEqual(stored.get(), bytes)) {
        return IdentityChange.NEW_OR_UNCHANGED;
      }
      previous = stored.map(b -> decode(key, b)).orElse(null);
      store.putIdentity(key, bytes);
    }
    if (previous == null) {
      return IdentityChange.NEW_OR_UNCHANGED;
    }
    try {
      listener.identityChanged(address, previous, identityKey);
    } catch (RuntimeException e) {
      LOG.warn("identity change listener failed for {}", key, e);
    }
    return IdentityChange.REPLACED_EXISTING;
  }

  /**
   * Whether {@code identityKey} may be used for {@code address}: always when receiving; when
   * sending, if no key is stored for the address or it is the stored one.
   */
  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
    Args.notNull(identityKey, "identityKey");
    Args.notNull(direction, "direction");
    return switch (direction) {
      case RECEIVING -> true;
      case SENDING ->
          store
              .loadIdentity(SignalAddresses.of(address))
              .map(
                  stored ->
                      MessageDigest.isEqual(
                          stored, identityKey.getPublicKey().getPublicKeyBytes()))
              .orElse(true);
    };
  }

  /** The identity stored for {@code address}, or {@code null} when there is none. */
  @Override
  public IdentityKey getIdentity(SignalProtocolAddress address) {
    String key = SignalAddresses.of(address);
    return store.loadIdentity(key).map(bytes -> decode(key, bytes)).orElse(null);
  }

  private static IdentityKey decode(String address, byte[] bytes) {
    return Records.decode(
        "the identity of " + address,
        bytes,
        b -> new IdentityKey(ECPublicKey.fromPublicKeyBytes(b)));
  }
}
