// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * libsignal's complete {@link SignalProtocolStore} on one device's {@link SignalStore}, so that
 * libsignal's {@code SessionBuilder}, {@code SessionCipher}, {@code GroupSessionBuilder} and
 * {@code GroupCipher} keep their state in chatstore, on any backend.
 *
 * <pre>{@code
 * SignalStore device = ...;                              // one device of a chatstore
 * LocalIdentities.getOrCreate(device);                   // once, at registration
 * var protocol = ChatstoreSignalProtocolStore.on(device);
 * new SessionBuilder(protocol, bob).process(bobsBundle);
 * CiphertextMessage message = new SessionCipher(protocol, bob).encrypt(plaintext);
 * }</pre>
 *
 * <p>Each part is a small class usable alone, reached by its accessor: {@link #identities()}
 * (trust policy and local identity), {@link #sessions()}, {@link #preKeys()}, {@link
 * #signedPreKeys()}, {@link #kyberPreKeys()} (replay protection, one-time or last-resort keys)
 * and {@link #senderKeys()}; this class delegates to them, and their Javadoc states each
 * behaviour. Addresses are encoded as {@link SignalAddresses} describes. Every write is durable
 * when the call returns, by the backend's standard.
 *
 * <p>Thread-safe. libsignal reads a session, advances it and stores it back; two threads using
 * the same remote address at once can lose an update with any store, so serialize the cipher
 * calls per remote address. Different addresses may be served in parallel.
 */
public final class ChatstoreSignalProtocolStore implements SignalProtocolStore {
  private final SignalStore store;
  private final ChatstoreIdentityKeyStore identities;
  private final ChatstoreSessionStore sessions;
  private final ChatstorePreKeyStore preKeys;
  private final ChatstoreSignedPreKeyStore signedPreKeys;
  private final ChatstoreKyberPreKeyStore kyberPreKeys;
  private final ChatstoreSenderKeyStore senderKeys;

  private ChatstoreSignalProtocolStore(Builder builder) {
    this.store = builder.store;
    this.identities = new ChatstoreIdentityKeyStore(store, builder.identityChangeListener);
    this.sessions = new ChatstoreSessionStore(store);
    this.preKeys = new ChatstorePreKeyStore(store);
    this.signedPreKeys = new ChatstoreSignedPreKeyStore(store);
    this.kyberPreKeys = new ChatstoreKyberPreKeyStore(store, builder.oneTimeKyberPreKeys);
    this.senderKeys = new ChatstoreSenderKeyStore(store);
  }

  /**
   * The protocol store of {@code store} with the defaults: no identity change listener, and
   * every Kyber pre-key a last-resort key.
   */
  public static ChatstoreSignalProtocolStore on(SignalStore store) {
    return builder(store).build();
  }

  /** A builder of the protocol store of {@code store}. */
  public static Builder builder(SignalStore store) {
    return new Builder(store);
  }

  /** The device store underneath. */
  public SignalStore signalStore() {
    return store;
  }

  /** The identity part: local identity, remote identities, trust policy. */
  public ChatstoreIdentityKeyStore identities() {
    return identities;
  }

  /** The session part. */
  public ChatstoreSessionStore sessions() {
    return sessions;
  }

  /** The one-time pre-key part, with its batch store. */
  public ChatstorePreKeyStore preKeys() {
    return preKeys;
  }

  /** The signed pre-key part. */
  public ChatstoreSignedPreKeyStore signedPreKeys() {
    return signedPreKeys;
  }

  /** The Kyber pre-key part. */
  public ChatstoreKyberPreKeyStore kyberPreKeys() {
    return kyberPreKeys;
  }

  /** The sender key part. */
  public ChatstoreSenderKeyStore senderKeys() {
    return senderKeys;
  }

  // --- IdentityKeyStore ---------------------------------------------------------------------

  @Override
  public IdentityKeyPair getIdentityKeyPair() {
    return identities.getIdentityKeyPair();
  }

  @Override
  public int getLocalRegistrationId() {
    return identities.getLocalRegistrationId();
  }

  @Override
  public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    return identities.saveIdentity(address, identityKey);
  }

  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
    return identities.isTrustedIdentity(address, identityKey, direction);
  }

  @Override
  public IdentityKey getIdentity(SignalProtocolAddress address) {
    return identities.getIdentity(address);
  }

  // --- SessionStore -------------------------------------------------------------------------

  @Override
  public SessionRecord loadSession(SignalProtocolAddress address) {
    return sessions.loadSession(address);
  }

  @Override
  public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
      throws NoSessionException {
    return sessions.loadExistingSessions(addresses);
  }

  @Override
  public List<Integer> getSubDeviceSessions(String name) {
    return sessions.getSubDeviceSessions(name);
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    sessions.storeSession(address, record);
  }

  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return sessions.containsSession(address);
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    sessions.deleteSession(address);
  }

  @Override
  public void deleteAllSessions(String name) {
    sessions.deleteAllSessions(name);
  }

  // --- PreKeyStore --------------------------------------------------------------------------

  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    return preKeys.loadPreKey(preKeyId);
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    preKeys.storePreKey(preKeyId, record);
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return preKeys.containsPreKey(preKeyId);
  }

  @Override
  public void removePreKey(int preKeyId) {
    preKeys.removePreKey(preKeyId);
  }

  // --- SignedPreKeyStore --------------------------------------------------------------------

  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    return signedPreKeys.loadSignedPreKey(signedPreKeyId);
  }

  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    return signedPreKeys.loadSignedPreKeys();
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    signedPreKeys.storeSignedPreKey(signedPreKeyId, record);
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return signedPreKeys.containsSignedPreKey(signedPreKeyId);
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    signedPreKeys.removeSignedPreKey(signedPreKeyId);
  }

  // --- KyberPreKeyStore ---------------------------------------------------------------------

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    return kyberPreKeys.loadKyberPreKey(kyberPreKeyId);
  }

  @Override
  public List<KyberPreKeyRecord> loadKyberPreKeys() {
    return kyberPreKeys.loadKyberPreKeys();
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    kyberPreKeys.storeKyberPreKey(kyberPreKeyId, record);
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return kyberPreKeys.containsKyberPreKey(kyberPreKeyId);
  }

  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
      throws ReusedBaseKeyException {
    kyberPreKeys.markKyberPreKeyUsed(kyberPreKeyId, signedPreKeyId, baseKey);
  }

  // --- SenderKeyStore -----------------------------------------------------------------------

  @Override
  public void storeSenderKey(
      SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
    senderKeys.storeSenderKey(sender, distributionId, record);
  }

  @Override
  public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
    return senderKeys.loadSenderKey(sender, distributionId);
  }

  /** Settings of a {@link ChatstoreSignalProtocolStore}; not thread-safe, use it once. */
  public static final class Builder {
    private final SignalStore store;
    private IdentityChangeListener identityChangeListener = IdentityChangeListener.NONE;
    private IntPredicate oneTimeKyberPreKeys = ChatstoreKyberPreKeyStore.ALL_LAST_RESORT;

    private Builder(SignalStore store) {
      this.store = Args.notNull(store, "store");
    }

    /** Told when a remote identity key is replaced. Default: {@link IdentityChangeListener#NONE}. */
    public Builder identityChangeListener(IdentityChangeListener listener) {
      this.identityChangeListener = Args.notNull(listener, "listener");
      return this;
    }

    /**
     * Which Kyber pre-key ids are one-time keys, removed once used; the others are last-resort
     * keys, kept. Default: none ({@link ChatstoreKyberPreKeyStore#ALL_LAST_RESORT}).
     */
    public Builder oneTimeKyberPreKeys(IntPredicate isOneTime) {
      this.oneTimeKyberPreKeys = Args.notNull(isOneTime, "isOneTime");
      return this;
    }

    /** The protocol store. */
    public ChatstoreSignalProtocolStore build() {
      return new ChatstoreSignalProtocolStore(this);
    }
  }
}
