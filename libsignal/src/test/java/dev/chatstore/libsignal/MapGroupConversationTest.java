package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;

class MapGroupConversationTest extends GroupConversationTest {
  @Override
  DeviceStorage storage(String party) {
    TemporaryMapSignalStore store = new TemporaryMapSignalStore();
    return new DeviceStorage() {
      public SignalStore open() { return store; }
      public void close() {}
    };
  }
}
