package dev.chatstore.device;

import dev.chatstore.signal.Device;

/**
 * A change of the device state, applied with {@link PersistenceManager#processCommand}: the
 * one typed, central way the client changes who it is (specification 002, {@code DeviceCommand}).
 * Each command is an immutable value; {@link #applyTo(Device)} gives the changed state.
 */
public sealed interface DeviceCommand {

  /** The device state after this command. */
  default Device applyTo(Device d) {
    return switch (this) {
      case SetId c -> d.withJid(c.jid());
      case SetLid c -> d.withLid(c.lid());
      case SetPushName c -> d.withPushName(c.pushName());
      case SetAccount c -> d.withAccount(c.account());
      case SetPlatform c -> d.withPlatform(c.platform());
      case SetPropsHash c -> d.withPropsHash(c.propsHash());
      case SetNextPrekeyId c -> d.withNextPrekeyId(c.nextPrekeyId());
      case SetSignedPrekey c -> d.withSignedPrekey(c.id(), c.record());
    };
  }

  /** Sets the phone-number JID once paired ({@code null}: logged out). */
  record SetId(String jid) implements DeviceCommand {}

  /** Sets the LID of this device ({@code null}: unknown). */
  record SetLid(String lid) implements DeviceCommand {}

  /** Sets the display name. */
  record SetPushName(String pushName) implements DeviceCommand {
    public SetPushName {
      if (pushName == null) {
        throw new IllegalArgumentException("pushName must not be null; use \"\" for none");
      }
    }
  }

  /** Sets the signed device identity received at pairing ({@code null}: none). */
  record SetAccount(byte[] account) implements DeviceCommand {
    public SetAccount {
      account = account == null ? null : account.clone();
    }

    @Override
    public byte[] account() {
      return account == null ? null : account.clone();
    }
  }

  /** Sets the platform the client presents itself as. */
  record SetPlatform(String platform) implements DeviceCommand {
    public SetPlatform {
      if (platform == null) {
        throw new IllegalArgumentException("platform must not be null; use \"\" for none");
      }
    }
  }

  /** Sets the hash of the last server properties ({@code null}: none). */
  record SetPropsHash(String propsHash) implements DeviceCommand {}

  /** Sets the id of the next one-time pre-key to generate. */
  record SetNextPrekeyId(int nextPrekeyId) implements DeviceCommand {
    public SetNextPrekeyId {
      if (nextPrekeyId < 0) {
        throw new IllegalArgumentException("nextPrekeyId " + nextPrekeyId
            + " is negative; expected 0 to 2^31-1");
      }
    }
  }

  /** Rotates the current signed pre-key. */
  record SetSignedPrekey(int id, byte[] record) implements DeviceCommand {
    public SetSignedPrekey {
      if (id < 0 || record == null) {
        throw new IllegalArgumentException("signed pre-key needs an id >= 0 and a record; got id "
            + id + (record == null ? " and no record" : ""));
      }
      record = record.clone();
    }

    @Override
    public byte[] record() {
      return record.clone();
    }
  }
}
