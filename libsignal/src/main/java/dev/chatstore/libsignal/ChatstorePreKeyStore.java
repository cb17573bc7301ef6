// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;

/**
 * libsignal's {@link PreKeyStore} (one-time pre-keys) on a {@link SignalStore}.
 *
 * <p>Pre-keys stored here are recorded as not yet uploaded. Ids are the protocol's unsigned
 * 31-bit ids: a negative id is an {@link IllegalArgumentException}. Thread-safe.
 */
public final class ChatstorePreKeyStore implements PreKeyStore {
  private final SignalStore store;

  /** A pre-key store on {@code store}. */
  public ChatstorePreKeyStore(SignalStore store) {
    this.store = Args.notNull(store, "store");
  }

  /**
   * The stored pre-key {@code preKeyId}.
   *
   * @throws InvalidKeyIdException when there is none
   */
  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    return Records.requireKey("pre-key", preKeyId, store.loadPrekey(preKeyId), PreKeyRecord::new);
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    Args.notNull(record, "record");
    store.storePrekey(preKeyId, record.serialize(), false);
  }

  /**
   * Stores every record under its own id in one atomic write (all or none); an empty list does
   * nothing. The way to store a freshly generated set of pre-keys.
   */
  public void storePreKeys(List<PreKeyRecord> records) {
    Args.notNull(records, "records");
    store.storePrekeysBatch(
        records.stream().map(r -> Map.entry(r.getId(), r.serialize())).toList(), false);
  }

  /** The highest stored pre-key id, 0 when there is none: where to continue numbering. */
  public int maxPreKeyId() {
    return store.getMaxPrekeyId();
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return store.loadPrekey(preKeyId).isPresent();
  }

  @Override
  public void removePreKey(int preKeyId) {
    store.removePrekey(preKeyId);
  }
}
