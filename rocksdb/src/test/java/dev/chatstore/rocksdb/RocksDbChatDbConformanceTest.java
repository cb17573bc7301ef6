package dev.chatstore.rocksdb;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.chat.ChatDbConformanceSuite;
import java.nio.file.Path;
import java.time.Clock;

/** The whole chat database contract on {@link RocksDbKvStore}, the spec's own database. */
class RocksDbChatDbConformanceTest extends ChatDbConformanceSuite {
  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(),
        StoreOptions.defaults().withClock(clock)));
  }
}
