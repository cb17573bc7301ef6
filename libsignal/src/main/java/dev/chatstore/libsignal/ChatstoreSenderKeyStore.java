// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.groups.state.SenderKeyStore;

/**
 * libsignal's {@link SenderKeyStore} (group messaging) on a {@link SignalStore}: one sender key
 * record per sender and distribution id, under {@code distributionId::name.deviceId} ({@link
 * SignalAddresses#senderKey}). Thread-safe.
 */
public final class ChatstoreSenderKeyStore implements SenderKeyStore {
  private final SignalStore store;

  /** A sender key store on {@code store}. */
  public ChatstoreSenderKeyStore(SignalStore store) {
    this.store = Args.notNull(store, "store");
  }

  @Override
  public void storeSenderKey(
      SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
    Args.notNull(record, "record");
    store.putSenderKey(SignalAddresses.senderKey(sender, distributionId), record.serialize());
  }

  /** The stored sender key of {@code sender} in {@code distributionId}, or {@code null}. */
  @Override
  public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
    String key = SignalAddresses.senderKey(sender, distributionId);
    return store
        .getSenderKey(key)
        .map(bytes -> Records.decode("the sender key " + key, bytes, SenderKeyRecord::new))
        .orElse(null);
  }

  /** Forgets the sender key of {@code sender} in {@code distributionId}; absent is fine. */
  public void deleteSenderKey(SignalProtocolAddress sender, UUID distributionId) {
    store.deleteSenderKey(SignalAddresses.senderKey(sender, distributionId));
  }
}
