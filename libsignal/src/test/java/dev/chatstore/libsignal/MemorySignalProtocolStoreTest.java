// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.SignalStore;
import org.junit.jupiter.api.AfterEach;

class MemorySignalProtocolStoreTest extends ChatstoreSignalProtocolStoreTest {
  private final ChatStore store = ChatStore.open("memory:");
  private final Devices devices = Devices.open(store);

  @Override
  SignalStore newStore() {
    return devices.device(devices.create());
  }

  @AfterEach
  void close() {
    store.close();
  }
}
