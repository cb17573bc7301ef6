// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.List;
import java.util.function.IntPredicate;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;

/**
 * libsignal's {@link KyberPreKeyStore} (post-quantum pre-keys) on a {@link SignalStore}.
 *
 * <p>When libsignal reports a Kyber pre-key used ({@link #markKyberPreKeyUsed}), the combination
 * of Kyber pre-key id, signed pre-key id and the sender's base key is recorded with {@link
 * SignalStore#markKyberPrekeyUsed}; a combination seen before is a replay and fails with {@link
 * ReusedBaseKeyException}, atomically even under concurrent callers. A <em>last-resort</em> key
 * stays stored after use; a <em>one-time</em> key is then removed. Which ids are one-time keys is
 * a predicate given at construction; by default every Kyber pre-key is a last-resort key, which
 * never removes a key the application still advertises.
 *
 * <p>A negative id is an {@link IllegalArgumentException}. Thread-safe.
 */
public final class ChatstoreKyberPreKeyStore implements KyberPreKeyStore {
  /** The default: no id is a one-time key, every Kyber pre-key is kept after use. */
  public static final IntPredicate ALL_LAST_RESORT = id -> false;

  private static final String KIND = "Kyber pre-key";

  private final SignalStore store;
  private final IntPredicate isOneTime;

  /** A Kyber pre-key store on {@code store} whose keys are all last-resort keys. */
  public ChatstoreKyberPreKeyStore(SignalStore store) {
    this(store, ALL_LAST_RESORT);
  }

  /**
   * A Kyber pre-key store on {@code store}; the ids for which {@code isOneTime} is true are
   * one-time keys, removed once used.
   */
  public ChatstoreKyberPreKeyStore(SignalStore store, IntPredicate isOneTime) {
    this.store = Args.notNull(store, "store");
    this.isOneTime = Args.notNull(isOneTime, "isOneTime");
  }

  /**
   * The stored Kyber pre-key {@code kyberPreKeyId}.
   *
   * @throws InvalidKeyIdException when there is none
   */
  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    return Records.requireKey(
        KIND, kyberPreKeyId, store.loadKyberPrekey(kyberPreKeyId), KyberPreKeyRecord::new);
  }

  /** Every stored Kyber pre-key, by ascending id. */
  @Override
  public List<KyberPreKeyRecord> loadKyberPreKeys() {
    return Records.decodeAll(KIND, store.loadAllKyberPrekeys(), KyberPreKeyRecord::new);
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    Args.notNull(record, "record");
    store.storeKyberPrekey(kyberPreKeyId, record.serialize());
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return store.loadKyberPrekey(kyberPreKeyId).isPresent();
  }

  /**
   * Records that {@code kyberPreKeyId} was used with {@code signedPreKeyId} and {@code baseKey},
   * then removes the key if it is a one-time key.
   *
   * @throws ReusedBaseKeyException when this combination was recorded before (a replayed
   *     session setup); nothing is removed then
   */
  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
      throws ReusedBaseKeyException {
    Args.notNull(baseKey, "baseKey");
    if (!store.markKyberPrekeyUsed(kyberPreKeyId, signedPreKeyId, baseKey.serialize())) {
      throw new ReusedBaseKeyException(
          "Kyber pre-key "
              + kyberPreKeyId
              + " was already used with signed pre-key "
              + signedPreKeyId
              + " and this base key: a replayed session setup");
    }
    if (isOneTime.test(kyberPreKeyId)) {
      store.removeKyberPrekey(kyberPreKeyId);
    }
  }
}
