// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/** One libsignal party of a test: an address and a protocol store on a chatstore device. */
final class Party {
  final SignalProtocolAddress address;
  final ChatstoreSignalProtocolStore protocol;

  Party(String name, int deviceId, SignalStore store) {
    this(name, deviceId, store, IdentityChangeListener.NONE);
  }

  Party(String name, int deviceId, SignalStore store, IdentityChangeListener listener) {
    this.address = new SignalProtocolAddress(name, deviceId);
    LocalIdentities.getOrCreate(store);
    this.protocol =
        ChatstoreSignalProtocolStore.builder(store).identityChangeListener(listener).build();
  }

  /** The same party on another store handle (after a reopen). */
  Party reopened(SignalStore store) {
    return new Party(address.getName(), address.getDeviceId(), store);
  }

  /**
   * Generates and stores a one-time pre-key, a signed pre-key and a Kyber pre-key with the given
   * ids, and returns the bundle a server would hand out for them.
   */
  PreKeyBundle publishBundle(int preKeyId, int signedPreKeyId, int kyberPreKeyId) {
    IdentityKeyPair identity = protocol.getIdentityKeyPair();
    long now = System.currentTimeMillis();
    ECKeyPair preKey = ECKeyPair.generate();
    protocol.storePreKey(preKeyId, new PreKeyRecord(preKeyId, preKey));
    ECKeyPair signedPreKey = ECKeyPair.generate();
    byte[] signature =
        identity.getPrivateKey().calculateSignature(signedPreKey.getPublicKey().serialize());
    protocol.storeSignedPreKey(
        signedPreKeyId, new SignedPreKeyRecord(signedPreKeyId, now, signedPreKey, signature));
    KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    byte[] kyberSignature =
        identity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize());
    protocol.storeKyberPreKey(
        kyberPreKeyId, new KyberPreKeyRecord(kyberPreKeyId, now, kyber, kyberSignature));
    return new PreKeyBundle(
        protocol.getLocalRegistrationId(),
        address.getDeviceId(),
        preKeyId,
        preKey.getPublicKey(),
        signedPreKeyId,
        signedPreKey.getPublicKey(),
        signature,
        identity.getPublicKey(),
        kyberPreKeyId,
        kyber.getPublicKey(),
        kyberSignature);
  }

  /** Starts a session with the owner of {@code bundle}. */
  void startSession(Party to, PreKeyBundle bundle) throws Exception {
    new SessionBuilder(protocol, to.address).process(bundle);
  }

  CiphertextMessage encrypt(Party to, String text) throws Exception {
    return new SessionCipher(protocol, to.address).encrypt(text.getBytes());
  }

  String decrypt(Party from, int type, byte[] bytes) throws Exception {
    SessionCipher cipher = new SessionCipher(protocol, from.address);
    byte[] plain =
        type == CiphertextMessage.PREKEY_TYPE
            ? cipher.decrypt(new PreKeySignalMessage(bytes))
            : cipher.decrypt(new SignalMessage(bytes));
    return new String(plain);
  }

  byte[] groupEncrypt(UUID distributionId, String text) throws Exception {
    return new GroupCipher(protocol, address).encrypt(distributionId, text.getBytes()).serialize();
  }

  String groupDecrypt(Party from, byte[] bytes) throws Exception {
    return new String(new GroupCipher(protocol, from.address).decrypt(bytes));
  }
}
