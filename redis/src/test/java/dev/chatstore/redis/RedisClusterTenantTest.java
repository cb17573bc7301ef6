package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants on a real three-master cluster: each tenant is one hash slot, tenants spread over the
 * masters, and a batch or range delete that would need two slots is refused whole.
 */
class RedisClusterTenantTest extends TenantShardingContract {
  @RegisterExtension
  static final RedisTarget CLUSTER = RedisTarget.cluster();

  @Override
  RedisTarget target() {
    return CLUSTER;
  }

  /** Ranges a cluster store accepts: inside one tenant, or in a gap between tenants. */
  @Override
  KeyRange deletableRange(Random rnd, List<byte[]> universe) {
    List<byte[]> prefixes = new ArrayList<>();
    for (String t : TENANTS) {
      prefixes.add(tenant(t));
    }
    prefixes.sort(Bytes.ORDER);
    int gap = rnd.nextInt(prefixes.size() + 1);
    byte[] lo;
    byte[] hi;
    if (rnd.nextBoolean()) {
      byte[] p = prefixes.get(rnd.nextInt(prefixes.size()));
      lo = p;
      hi = Bytes.concat(p, new byte[] {(byte) 0xFF});
    } else {
      lo = gap == 0 ? new byte[0]
          : Bytes.concat(prefixes.get(gap - 1), new byte[] {(byte) 0xFF});
      hi = gap == prefixes.size() ? null : prefixes.get(gap);
    }
    List<byte[]> inside = new ArrayList<>();
    for (byte[] k : universe) {
      if (KeyRange.of(lo, hi).contains(k)) {
        inside.add(k);
      }
    }
    byte[] a = inside.isEmpty() || rnd.nextBoolean() ? lo : inside.get(rnd.nextInt(inside.size()));
    byte[] z = inside.isEmpty() || rnd.nextBoolean() ? hi : inside.get(rnd.nextInt(inside.size()));
    if (z != null && Bytes.compare(a, z) > 0) {
      byte[] t = a;
      a = z;
      z = t;
    }
    return KeyRange.of(a, z);
  }

  @Test
  @Timeout(120)
  void tenants_landOnDifferentMasters_withAllTheirKeysInOneSlot() throws Exception {
    RedisKvStore store = open();
    Keyspace ks = new Keyspace(store);
    int tenants = 60;
    for (int i = 0; i < tenants; i++) {
      String id = "tenant-" + i + "@s.example";
      ks.tenant(id).area(Area.SIGNAL).put(new byte[] {1}, new byte[] {1});
      ks.tenant(id).area(Area.CHAT).write(WriteBatch.builder()
          .put(new byte[] {2}, new byte[] {2}, clock.instant().plusSeconds(60)).build());
    }
    Map<String, Set<Integer>> nodesOfTenant = new HashMap<>();
    Map<String, Set<Integer>> slotsOfTenant = new HashMap<>();
    for (int port : CLUSTER.localCluster().ports()) {
      for (byte[] k : keysOnNode(port, "{" + CLUSTER.namespace() + ":t:*")) {
        String name = new String(k, StandardCharsets.ISO_8859_1);
        String tag = name.substring(0, name.indexOf('}') + 1);
        nodesOfTenant.computeIfAbsent(tag, t -> new HashSet<>()).add(port);
        slotsOfTenant.computeIfAbsent(tag, t -> new HashSet<>()).add(SlotHash.getSlot(k));
      }
    }
    assertThat(nodesOfTenant).as("every tenant written has keys in the cluster")
        .hasSize(tenants);
    assertThat(nodesOfTenant.values()).as("all keys of one tenant on one master")
        .allSatisfy(n -> assertThat(n).hasSize(1));
    assertThat(slotsOfTenant.values()).as("all keys of one tenant in one hash slot")
        .allSatisfy(n -> assertThat(n).hasSize(1));
    Set<Integer> used = new HashSet<>();
    nodesOfTenant.values().forEach(used::addAll);
    assertThat(used).as(tenants + " tenants should spread over all "
        + LocalRedisCluster.MASTERS + " masters").hasSize(LocalRedisCluster.MASTERS);
    assertThat(ks.tenants()).hasSize(tenants);
    byte[] someKey = ks.tenant("tenant-7@s.example").subspace(Area.SIGNAL).pack(1);
    assertThat(nodesOfTenant).as("hashTag() names the tag the tenant's keys carry")
        .containsKey(store.hashTag(someKey));
  }

  /** The keys matching {@code pattern} that node {@code port} itself holds. */
  private static List<byte[]> keysOnNode(int port, String pattern) {
    RedisClient c = RedisClient.create(RedisTarget.RESOURCES, RedisURI.builder()
        .withHost(RedisProcess.LOOPBACK).withPort(port).withTimeout(Duration.ofSeconds(10))
        .build());
    try (StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE)) {
      List<byte[]> out = new ArrayList<>();
      ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
      KeyScanCursor<byte[]> cursor = conn.sync().scan(args);
      out.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = conn.sync().scan(cursor, args);
        out.addAll(cursor.getKeys());
      }
      return out;
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  @Timeout(60)
  void batchAcrossTwoTenants_isRefused_namingBoth_andChangesNothing() {
    KvStore s = open();
    s.put(key("a", 1), b(1));
    WriteBatch twoTenants = WriteBatch.builder().put(key("a", 1), b(2)).put(key("ab", 1), b(2))
        .build();
    assertThatThrownBy(() -> s.write(twoTenants))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant 'a'").hasMessageContaining("tenant 'ab'")
        .hasMessageContaining("split it per tenant");
    assertThat(s.get(key("a", 1))).as("nothing of a refused batch applied").containsExactly(1);
    assertThat(s.get(key("ab", 1))).isNull();
    WriteBatch tenantAndSystem = WriteBatch.builder().put(b(0x42), b(1)).delete(key("a", 1))
        .build();
    assertThatThrownBy(() -> s.write(tenantAndSystem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the system keys").hasMessageContaining("tenant 'a'");
    assertThat(s.get(key("a", 1))).containsExactly(1);
    assertThat(s.get(b(0x42))).isNull();
  }

  @Test
  @Timeout(60)
  void rangeDelete_crossingATenantBoundary_orCoveringATenant_isRefused() {
    KvStore s = open();
    s.put(key("a", 1), b(1));
    s.put(key("ab", 1), b(1));
    s.put(b(0x01), b(1));
    List<KeyRange> refused = List.of(
        KeyRange.of(key("a", 0), key("ab", 5)),
        KeyRange.of(key("a", 0), null),
        KeyRange.of(b(0x00), key("a", 2)),
        KeyRange.all());
    for (KeyRange r : refused) {
      assertThatThrownBy(() -> s.write(WriteBatch.builder().deleteRange(r).build()))
          .as("range delete of " + r)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant 'a'");
    }
    assertThat(s.count(KeyRange.all())).as("refused range deletes remove nothing").isEqualTo(3);
  }

  @Test
  @Timeout(60)
  void rangeDelete_insideATenant_orBetweenTenants_works() {
    KvStore s = open();
    for (String t : TENANTS) {
      s.put(key(t, 1), b(1));
      s.put(key(t, 2), b(2));
    }
    byte[] between = Bytes.concat(ShardMap.TENANT_START, b('a', 0x01));
    s.put(between, b(3));
    s.put(b(0x01), b(4));
    s.write(WriteBatch.builder().deleteRange(key("a", 2), tenantEnd("a")).build());
    s.write(WriteBatch.builder().deleteRange(tenantEnd("a"), tenant("ab")).build());
    assertThat(s.get(key("a", 2))).isNull();
    assertThat(s.get(key("a", 1))).containsExactly(1);
    assertThat(s.get(between)).as("a system key between two tenants").isNull();
    assertThat(s.count(KeyRange.all())).isEqualTo(2 * TENANTS.size() - 1 + 1);
  }

  @Test
  @Timeout(60)
  void groupWithOneCrossTenantBatch_failsThatBatchOnly() {
    KvStore s = open();
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      results.add(s.writeAsync(WriteBatch.builder().put(key("a", round), b(1)).build()));
      results.add(s.writeAsync(WriteBatch.builder().put(key("a", 100 + round), b(1))
          .put(key("ab", round), b(1)).build()));
      results.add(s.writeAsync(WriteBatch.builder().put(key("ab", 100 + round), b(1)).build()));
      results.add(s.writeAsync(WriteBatch.builder().checkAbsent(b(round)).put(b(round), b(1))
          .build()));
    }
    for (int i = 0; i < results.size(); i++) {
      CompletableFuture<Boolean> f = results.get(i);
      if (i % 4 == 1) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).as("cross-tenant batch " + i)
            .hasCauseInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(f.orTimeout(30, TimeUnit.SECONDS).join()).as("batch " + i).isTrue();
      }
    }
    assertThat(s.count(KeyRange.of(tenant("a"), tenantEnd("a")))).isEqualTo(20);
    assertThat(s.count(KeyRange.of(tenant("ab"), tenantEnd("ab")))).isEqualTo(20);
    assertThat(s.count(KeyRange.of(new byte[0], ShardMap.TENANT_START))).isEqualTo(20);
  }
}
