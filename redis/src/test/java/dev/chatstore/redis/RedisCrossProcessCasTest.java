package dev.chatstore.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Cross-process check-and-set on the local standalone server. */
class RedisCrossProcessCasTest extends CrossProcessCasContract {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  RedisTarget target() {
    return REDIS;
  }
}
