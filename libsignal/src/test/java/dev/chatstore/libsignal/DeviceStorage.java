// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;

/** The durable home of one device's store, opened again after each close, as an app restarts. */
interface DeviceStorage extends AutoCloseable {
  /** Opens the storage (creating the device the first time) and returns the device's store. */
  SignalStore open();

  /** Closes what {@link #open} opened; the data stays. */
  @Override
  void close();
}
