// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import java.util.OptionalInt;
import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * How the adapter turns libsignal addresses into the address strings of a {@link
 * dev.chatstore.signal.SignalStore}.
 *
 * <ul>
 *   <li>Sessions and identities: {@code name + "." + deviceId}, the device id in canonical
 *       decimal (no sign, no leading zero), as {@code SignalProtocolAddress.toString()} prints it:
 *       {@code ("alice", 2)} is {@code "alice.2"}. Names may contain dots: the device id is what
 *       follows the <em>last</em> dot, so {@code ("alice.1", 2)} is {@code "alice.1.2"} and
 *       decodes back to the same pair.</li>
 *   <li>The devices of a name are found by listing the prefix {@code name + "."} and keeping only
 *       the addresses whose rest is a canonical device id: listing {@code "alice."} also returns
 *       {@code "alice.1.2"} (name {@code "alice.1"}), which is dropped because {@code "1.2"} is
 *       not a device id, and never returns {@code "alice2.1"}.</li>
 *   <li>Sender keys: {@code distributionId + "::" + name + "." + deviceId}, the distribution id in
 *       its canonical 36-character form; the fixed length keeps the encoding unambiguous whatever
 *       the name holds, and puts the sender keys of one group distribution next to each other.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SignalAddresses {
  private SignalAddresses() {}

  /** The address string of {@code address}: {@code name.deviceId}. */
  public static String of(SignalProtocolAddress address) {
    Args.notNull(address, "address");
    return of(address.getName(), address.getDeviceId());
  }

  /** The address string of device {@code deviceId} of {@code name}: {@code name.deviceId}. */
  public static String of(String name, int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException(
          "deviceId " + deviceId + " is negative; expected 0 to 2^31-1");
    }
    return devicePrefix(name) + deviceId;
  }

  /** The prefix shared by the address strings of every device of {@code name}: {@code name.}. */
  public static String devicePrefix(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name is null; expected the name of an address");
    }
    return name + ".";
  }

  /**
   * The device id of {@code address} when it is an address string of a device of {@code name},
   * else empty (another name that shares the prefix, or not an address string at all).
   */
  public static OptionalInt deviceIdOf(String address, String name) {
    String prefix = devicePrefix(name);
    if (address == null || !address.startsWith(prefix)) {
      return OptionalInt.empty();
    }
    return parseDeviceId(address.substring(prefix.length()));
  }

  /**
   * The key of the sender key that {@code sender} uses in distribution {@code distributionId}:
   * {@code distributionId::name.deviceId}.
   */
  public static String senderKey(SignalProtocolAddress sender, UUID distributionId) {
    Args.notNull(distributionId, "distributionId");
    return distributionId + "::" + of(sender);
  }

  /** A canonical decimal int (digits only, no leading zero unless it is "0"), else empty. */
  private static OptionalInt parseDeviceId(String text) {
    int length = text.length();
    if (length == 0 || length > 10 || (length > 1 && text.charAt(0) == '0')) {
      return OptionalInt.empty();
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalInt.empty();
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
  }
}
