// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.SignalStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteSignalProtocolStoreTest extends ChatstoreSignalProtocolStoreTest {
  @TempDir static Path folder;
  private ChatStore store;
  private Devices devices;

  @Override
  SignalStore newStore() {
    if (store == null) {
      store = ChatStore.open("sqlite:" + folder.resolve("t" + System.nanoTime()));
      devices = Devices.open(store);
    }
    return devices.device(devices.create());
  }

  @AfterEach
  void close() {
    store.close();
  }
}
