package dev.chatstore.signal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The state of this device as a WhatsApp client keeps it: who it is once paired, its key
 * material and its registration data. Key material is kept as the serialized bytes the protocol
 * layer gives; chatstore does not interpret it. Immutable: arrays are copied in and out; change
 * it with the {@code with...} methods.
 *
 * @param jid the phone-number JID of this device once paired, else {@code null}
 * @param lid the LID of this device once known, else {@code null}
 * @param pushName the display name (may be empty)
 * @param registrationId the Signal registration id
 * @param noiseKey the serialized Noise protocol key pair
 * @param identityKey the serialized Signal identity key pair
 * @param signedPrekeyId the id of the current signed pre-key
 * @param signedPrekey the serialized current signed pre-key record
 * @param advSecretKey the ADV secret shared with the primary device
 * @param account the serialized ADV signed device identity once paired, else {@code null}
 * @param nextPrekeyId the id of the next one-time pre-key to generate
 * @param platform the platform this client presents itself as (may be empty)
 * @param propsHash the hash of the last server properties, or {@code null}
 */
public record Device(String jid, String lid, String pushName, int registrationId,
    byte[] noiseKey, byte[] identityKey, int signedPrekeyId, byte[] signedPrekey,
    byte[] advSecretKey, byte[] account, int nextPrekeyId, String platform, String propsHash) {

  public Device {
    Checks.notNull(pushName, "pushName");
    Checks.notNull(platform, "platform");
    Checks.id(registrationId, "registrationId");
    Checks.id(signedPrekeyId, "signedPrekeyId");
    Checks.id(nextPrekeyId, "nextPrekeyId");
    noiseKey = Checks.notNull(noiseKey, "noiseKey").clone();
    identityKey = Checks.notNull(identityKey, "identityKey").clone();
    signedPrekey = Checks.notNull(signedPrekey, "signedPrekey").clone();
    advSecretKey = Checks.notNull(advSecretKey, "advSecretKey").clone();
    account = account == null ? null : account.clone();
  }

  /**
   * A device not yet paired: no JID, LID, account or props hash, an empty push name and
   * platform, next pre-key id 1.
   */
  public static Device unpaired(int registrationId, byte[] noiseKey, byte[] identityKey,
      int signedPrekeyId, byte[] signedPrekey, byte[] advSecretKey) {
    return new Device(null, null, "", registrationId, noiseKey, identityKey, signedPrekeyId,
        signedPrekey, advSecretKey, null, 1, "", null);
  }

  @Override
  public byte[] noiseKey() {
    return noiseKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public byte[] signedPrekey() {
    return signedPrekey.clone();
  }

  @Override
  public byte[] advSecretKey() {
    return advSecretKey.clone();
  }

  @Override
  public byte[] account() {
    return account == null ? null : account.clone();
  }

  /** This device with {@code jid} (null: not paired). */
  public Device withJid(String newJid) {
    return new Device(newJid, lid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, account, nextPrekeyId, platform, propsHash);
  }

  /** This device with {@code lid} (null: unknown). */
  public Device withLid(String newLid) {
    return new Device(jid, newLid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, account, nextPrekeyId, platform, propsHash);
  }

  /** This device with {@code pushName}. */
  public Device withPushName(String name) {
    return new Device(jid, lid, name, registrationId, noiseKey, identityKey, signedPrekeyId,
        signedPrekey, advSecretKey, account, nextPrekeyId, platform, propsHash);
  }

  /** This device with the signed device identity {@code newAccount} (null: none). */
  public Device withAccount(byte[] newAccount) {
    return new Device(jid, lid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, newAccount, nextPrekeyId, platform,
        propsHash);
  }

  /** This device with the next pre-key id {@code id}. */
  public Device withNextPrekeyId(int id) {
    return new Device(jid, lid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, account, id, platform, propsHash);
  }

  /** This device with the current signed pre-key {@code id}, {@code record}. */
  public Device withSignedPrekey(int id, byte[] record) {
    return new Device(jid, lid, pushName, registrationId, noiseKey, identityKey, id, record,
        advSecretKey, account, nextPrekeyId, platform, propsHash);
  }

  /** This device presenting itself as {@code newPlatform}. */
  public Device withPlatform(String newPlatform) {
    return new Device(jid, lid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, account, nextPrekeyId, newPlatform,
        propsHash);
  }

  /** This device with the server properties hash {@code hash} (null: none). */
  public Device withPropsHash(String hash) {
    return new Device(jid, lid, pushName, registrationId, noiseKey, identityKey,
        signedPrekeyId, signedPrekey, advSecretKey, account, nextPrekeyId, platform, hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device d && Objects.equals(jid, d.jid) && Objects.equals(lid, d.lid)
        && pushName.equals(d.pushName) && registrationId == d.registrationId
        && Arrays.equals(noiseKey, d.noiseKey) && Arrays.equals(identityKey, d.identityKey)
        && signedPrekeyId == d.signedPrekeyId && Arrays.equals(signedPrekey, d.signedPrekey)
        && Arrays.equals(advSecretKey, d.advSecretKey) && Arrays.equals(account, d.account)
        && nextPrekeyId == d.nextPrekeyId && platform.equals(d.platform)
        && Objects.equals(propsHash, d.propsHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jid, lid, pushName, registrationId, nextPrekeyId)
        + 31 * Arrays.hashCode(identityKey);
  }

  /** Shows ids and names, never key material. */
  @Override
  public String toString() {
    return "Device[jid " + jid + ", lid " + lid + ", pushName '" + pushName
        + "', registrationId " + registrationId + ", signedPrekeyId " + signedPrekeyId
        + ", nextPrekeyId " + nextPrekeyId + ", paired " + (account != null) + "]";
  }
}
