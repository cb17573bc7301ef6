package dev.chatstore.tck.signal;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.signal.DevicesOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The stores of specification 001 on the memory backend, with the write-through cache (the
 * default) and, nested, without it.
 */
class MemoryBackendConformanceTest extends BackendConformanceSuite {

  @Override
  protected ChatStore open(Path dir) {
    return ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
  }

  /** The same with the session and identity cache off. */
  @Nested
  class WithoutCache extends BackendConformanceSuite {
    @Override
    protected ChatStore open(Path dir) {
      return ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
    }

    @Override
    protected DevicesOptions options() {
      return DevicesOptions.defaults().withoutCache();
    }
  }
}
