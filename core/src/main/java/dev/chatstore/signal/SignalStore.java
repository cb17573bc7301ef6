package dev.chatstore.signal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Signal protocol's key material for one device: remote identities, sessions, pre-keys,
 * signed pre-keys, Kyber pre-keys and group sender keys (specification 001, {@code SignalStore}).
 *
 * <p>Every put is an upsert and every delete of an absent entry is a no-op. Records are opaque
 * bytes (the protocol library's serialized form); the store never interprets them. Ids are the
 * protocol's unsigned 31-bit ids: a negative id is an {@link IllegalArgumentException}.
 * A stored record that cannot be decoded is a {@link dev.chatstore.kv.StoreException} of kind
 * {@code SERIALIZATION} naming the key, never an empty or regenerated value.
 *
 * <p>Implementations are thread-safe. Beyond the specification this interface has the Kyber
 * pre-keys, session listing and the device's own identity that a complete Signal protocol
 * store needs (the libsignal adapter uses them).
 */
public interface SignalStore {

  // --- identities of remote addresses -------------------------------------------------------

  /** Stores the 32-byte identity key of {@code address}; any other length is refused. */
  void putIdentity(String address, byte[] key);

  /** The 32 bytes stored for {@code address}, or empty; a stored value of another length fails. */
  Optional<byte[]> loadIdentity(String address);

  void deleteIdentity(String address);

  // --- sessions -------------------------------------------------------------------------------

  Optional<byte[]> getSession(String address);

  void putSession(String address, byte[] session);

  void deleteSession(String address);

  boolean hasSession(String address);

  /** The addresses with a session that start with {@code addressPrefix} (plain prefix), in order. */
  List<String> listSessions(String addressPrefix);

  // --- one-time pre-keys ----------------------------------------------------------------------

  void storePrekey(int id, byte[] record, boolean uploaded);

  /** One atomic write of every pre-key; an empty list does nothing. */
  void storePrekeysBatch(List<Map.Entry<Integer, byte[]>> keys, boolean uploaded);

  Optional<byte[]> loadPrekey(int id);

  /** One round of reads; returns only the ids that exist, in the order asked. */
  List<Map.Entry<Integer, byte[]>> loadPrekeysBatch(List<Integer> ids);

  void removePrekey(int id);

  /** The highest stored pre-key id, 0 when there is none. */
  int getMaxPrekeyId();

  // --- signed pre-keys ------------------------------------------------------------------------

  void storeSignedPrekey(int id, byte[] record);

  Optional<byte[]> loadSignedPrekey(int id);

  /** Every signed pre-key, by ascending id. */
  List<Map.Entry<Integer, byte[]>> loadAllSignedPrekeys();

  void removeSignedPrekey(int id);

  // --- Kyber (post-quantum) pre-keys ----------------------------------------------------------

  void storeKyberPrekey(int id, byte[] record);

  Optional<byte[]> loadKyberPrekey(int id);

  /** Every Kyber pre-key, by ascending id. */
  List<Map.Entry<Integer, byte[]>> loadAllKyberPrekeys();

  void removeKyberPrekey(int id);

  /**
   * Records that Kyber pre-key {@code id} was used with {@code signedPrekeyId} and {@code
   * baseKey}; returns false when exactly this combination was recorded before (a replay).
   * Atomic: of concurrent callers with the same combination, exactly one gets true.
   */
  boolean markKyberPrekeyUsed(int id, int signedPrekeyId, byte[] baseKey);

  // --- group sender keys ----------------------------------------------------------------------

  void putSenderKey(String address, byte[] record);

  Optional<byte[]> getSenderKey(String address);

  void deleteSenderKey(String address);

  // --- this device's own identity ---------------------------------------------------------------

  /** This device's identity key pair (serialized) and registration id, once stored. */
  Optional<LocalIdentity> loadLocalIdentity();

  void putLocalIdentity(LocalIdentity identity);

  /** This device's own identity: the serialized key pair and the registration id. */
  record LocalIdentity(byte[] keyPair, int registrationId) {
    public LocalIdentity {
      java.util.Objects.requireNonNull(keyPair, "keyPair");
      if (registrationId < 0) {
        throw new IllegalArgumentException(
            "registrationId " + registrationId + " is negative; expected 0 to 2^31-1");
      }
      keyPair = keyPair.clone();
    }

    @Override
    public byte[] keyPair() {
      return keyPair.clone();
    }
  }
}
