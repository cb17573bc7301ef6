package dev.chatstore.tck.chat;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.time.Clock;

/** The whole chat database contract on the memory backend. */
class MemoryChatDbConformanceTest extends ChatDbConformanceSuite {
  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(new MemoryKvStore(StoreOptions.defaults().withClock(clock)));
  }
}
