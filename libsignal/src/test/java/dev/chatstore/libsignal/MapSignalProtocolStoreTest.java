package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;

class MapSignalProtocolStoreTest extends ChatstoreSignalProtocolStoreTest {
  @Override
  SignalStore newStore() {
    return new TemporaryMapSignalStore();
  }
}
