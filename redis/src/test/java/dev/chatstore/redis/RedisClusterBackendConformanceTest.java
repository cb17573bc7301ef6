package dev.chatstore.redis;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.signal.BackendConformanceSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores of specification 001 on a real local Redis Cluster of three masters: each device,
 * and each snapshot, is a tenant in a hash slot of its own, so every batch of the stores stays
 * in one slot.
 */
class RedisClusterBackendConformanceTest extends BackendConformanceSuite {
  @RegisterExtension
  static final RedisTarget CLUSTER = RedisTarget.cluster();

  @Override
  protected ChatStore open(Path dir) {
    return ChatStore.on(RedisKvStore.open(CLUSTER.uri(), StoreOptions.defaults()));
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
