package dev.chatstore.rocksdb;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.signal.BackendConformanceSuite;
import java.nio.file.Path;

/** The stores of specification 001 on {@link RocksDbKvStore}; reopen opens the same directory. */
class RocksDbBackendConformanceTest extends BackendConformanceSuite {

  @Override
  protected ChatStore open(Path dir) {
    return ChatStore.on(RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(),
        StoreOptions.defaults()));
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
