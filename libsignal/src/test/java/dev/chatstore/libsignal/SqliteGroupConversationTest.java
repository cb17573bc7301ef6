// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteGroupConversationTest extends GroupConversationTest {
  @TempDir Path folder;

  @Override
  DeviceStorage storage(String party) {
    return new SqliteDeviceStorage(folder.resolve(party));
  }
}
