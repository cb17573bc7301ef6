package dev.chatstore.tck.engine;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.Messages;
import dev.chatstore.engine.TextIndexMessages;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The whole engine contract on {@link KvEngine} over the memory backend: one session per tenant
 * of a {@link ChatStore}; everything but persistence. The nested class runs it again with the
 * text message index ({@link TextIndexMessages}, what the file engine uses) instead of the
 * ordered one.
 */
class MemoryEngineConformanceTest extends EngineConformanceSuite {

  static EngineHost memoryHost(Clock clock) {
    ChatStore store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults().withClock(clock)));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    return memoryHost(clock);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.of(EngineCapability.TTL, EngineCapability.NESTED_VALUES);
  }

  /** The same engine with the text message index. */
  @Nested
  class WithTextIndexMessages extends EngineConformanceSuite {
    @Override
    protected EngineHost open(Path dir, Clock clock) {
      return memoryHost(clock);
    }

    @Override
    protected Set<EngineCapability> capabilities() {
      return EnumSet.of(EngineCapability.TTL, EngineCapability.NESTED_VALUES);
    }

    @Override
    protected Messages messages(Engine engine) {
      return new TextIndexMessages(engine);
    }
  }
}
