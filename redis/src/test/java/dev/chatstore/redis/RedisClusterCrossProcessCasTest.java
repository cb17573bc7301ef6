package dev.chatstore.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Cross-process check-and-set on the local cluster (the tenant counter is its own shard). */
class RedisClusterCrossProcessCasTest extends CrossProcessCasContract {
  @RegisterExtension
  static final RedisTarget CLUSTER = RedisTarget.cluster();

  @Override
  RedisTarget target() {
    return CLUSTER;
  }
}
