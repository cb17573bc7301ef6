// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.SignalStore;
import java.nio.file.Path;

/** One device in its own SQLite database in {@code folder}, opened and closed as an app would. */
final class SqliteDeviceStorage implements DeviceStorage {
  private final Path folder;
  private ChatStore store;
  private int deviceId;

  SqliteDeviceStorage(Path folder) {
    this.folder = folder;
  }

  @Override
  public SignalStore open() {
    if (store != null) {
      throw new IllegalStateException(folder + " is already open");
    }
    store = ChatStore.open("sqlite:" + folder);
    Devices devices = Devices.open(store);
    if (deviceId == 0) {
      deviceId = devices.create();
    }
    return devices.device(deviceId);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
