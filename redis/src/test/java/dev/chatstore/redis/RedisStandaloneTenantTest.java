package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants on a standalone server: one shard holds every key, so a batch or range delete that
 * spans tenants is still one atomic script.
 */
class RedisStandaloneTenantTest extends TenantShardingContract {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  RedisTarget target() {
    return REDIS;
  }

  @Test
  @Timeout(60)
  void batchAcrossTenantsAndSystemKeys_isOneAtomicUnit() {
    KvStore s = open();
    byte[] a = key("a", 1);
    byte[] ab = key("ab", 1);
    byte[] sys = b(0x42);
    assertThat(s.write(WriteBatch.builder().checkAbsent(a).put(a, b(1)).put(ab, b(2))
        .put(sys, b(3)).build())).as("a batch over two tenants and a system key").isTrue();
    assertThat(s.getAll(java.util.List.of(a, ab, sys))).containsExactly(b(1), b(2), b(3));
    assertThat(s.write(WriteBatch.builder().delete(ab).put(sys, b(9)).checkAbsent(a).build()))
        .as("the same kind of batch with a failing check").isFalse();
    assertThat(s.getAll(java.util.List.of(a, ab, sys))).as("nothing of the failed batch applied")
        .containsExactly(b(1), b(2), b(3));
  }

  @Test
  @Timeout(60)
  void rangeDeleteAcrossTenants_removesExactlyTheRange() {
    KvStore s = open();
    for (String t : TENANTS) {
      s.put(key(t, 5), b(5));
    }
    s.put(b(0x00), b(0));
    s.write(WriteBatch.builder().deleteRange(key("a", 6), tenantEnd("z\u00e9")).build());
    assertThat(shown(s.scanAll(KeyRange.all()))).containsExactly(
        java.util.HexFormat.of().formatHex(b(0x00)),
        java.util.HexFormat.of().formatHex(key("a", 5)));
    s.write(WriteBatch.builder().deleteRange(KeyRange.all()).build());
    assertThat(s.count(KeyRange.all())).isZero();
  }

  @Test
  @Timeout(60)
  void everyKey_livesUnderTheOneHashTagOfTheNamespace() {
    KvStore s = open();
    for (String t : TENANTS) {
      s.put(key(t, 1), b(1));
    }
    s.put(b(1), b(1));
    String tag = "{" + REDIS.namespace() + "}:";
    assertThat(REDIS.keys(REDIS.namespace()))
        .isNotEmpty()
        .allSatisfy(k -> assertThat(new String(k, StandardCharsets.ISO_8859_1)).startsWith(tag));
  }
}
