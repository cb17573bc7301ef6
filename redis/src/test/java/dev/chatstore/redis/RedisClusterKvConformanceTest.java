package dev.chatstore.redis;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.KvStoreConformanceSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole {@link KvStore} contract on {@link RedisKvStore} against a real local Redis Cluster
 * of three masters, started by the tests on free loopback ports. The kit's keys are not tenant
 * keys, so they live in the namespace's system shard (one slot); each test's namespace hashes to
 * its own slot, so the tests spread over the masters.
 */
class RedisClusterKvConformanceTest extends KvStoreConformanceSuite {
  @RegisterExtension
  static final RedisTarget CLUSTER = RedisTarget.cluster();

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return RedisKvStore.open(CLUSTER.uri(), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.allOf(KvFeature.class);
  }
}
