package dev.chatstore.tck.chat;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/**
 * The whole chat database contract on the memory backend; the nested class runs it again with
 * the exclusive-writer promise (batches without checks).
 */
class MemoryChatDbConformanceTest extends ChatDbConformanceSuite {
  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(new MemoryKvStore(StoreOptions.defaults().withClock(clock)));
  }

  /** The same, as an exclusive writer. */
  @Nested
  class ExclusiveWriter extends ChatDbConformanceSuite {
    @Override
    protected ChatStore open(Path dir, Clock clock) {
      return ChatStore.on(new MemoryKvStore(StoreOptions.defaults().withClock(clock)));
    }

    @Override
    protected boolean exclusiveWriter() {
      return true;
    }
  }
}
