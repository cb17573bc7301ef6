// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * Told when the identity key stored for an address is replaced by another one: the remote party
 * reinstalled, or someone else holds the address. An application shows the "safety number
 * changed" notice here.
 *
 * <p>Called on the thread that saved the identity (often inside libsignal's decrypt), after the
 * new key is stored. An exception it throws is logged and otherwise ignored, so that a faulty
 * listener cannot break the protocol.
 */
@FunctionalInterface
public interface IdentityChangeListener {
  /** A listener that does nothing. */
  IdentityChangeListener NONE = (address, previous, current) -> {};

  /** {@code address}'s stored identity changed from {@code previous} to {@code current}. */
  void identityChanged(SignalProtocolAddress address, IdentityKey previous, IdentityKey current);
}
