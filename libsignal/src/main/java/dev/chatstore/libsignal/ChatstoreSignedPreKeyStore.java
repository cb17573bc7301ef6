// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.List;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * libsignal's {@link SignedPreKeyStore} on a {@link SignalStore}. A negative id is an {@link
 * IllegalArgumentException}. Thread-safe.
 */
public final class ChatstoreSignedPreKeyStore implements SignedPreKeyStore {
  private static final String KIND = "signed pre-key";

  private final SignalStore store;

  /** A signed pre-key store on {@code store}. */
  public ChatstoreSignedPreKeyStore(SignalStore store) {
    this.store = Args.notNull(store, "store");
  }

  /**
   * The stored signed pre-key {@code signedPreKeyId}.
   *
   * @throws InvalidKeyIdException when there is none
   */
  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    return Records.requireKey(
        KIND, signedPreKeyId, store.loadSignedPrekey(signedPreKeyId), SignedPreKeyRecord::new);
  }

  /** Every stored signed pre-key, by ascending id. */
  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    return Records.decodeAll(KIND, store.loadAllSignedPrekeys(), SignedPreKeyRecord::new);
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    Args.notNull(record, "record");
    store.storeSignedPrekey(signedPreKeyId, record.serialize());
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return store.loadSignedPrekey(signedPreKeyId).isPresent();
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    store.removeSignedPrekey(signedPreKeyId);
  }
}
