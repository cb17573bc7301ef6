package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expiry on both paths: with a store clock that is not the system clock, the store alone decides
 * (Redis keeps the values until the sweeper removes them); with the system clock, Redis also
 * deletes each expiring value itself ({@code PXAT}), and the sweeper then cleans the indexes.
 * Either way an entry is invisible from its instant by the store's clock.
 */
class RedisExpiryTest {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] name(String suffix) {
    return b("{" + REDIS.namespace() + "}" + suffix);
  }

  @Test
  @Timeout(60)
  void manualClock_leavesRemovalToTheSweeper_andHidesTheEntryFromItsInstant() {
    ManualClock clock = new ManualClock();
    RedisClusterCommands<byte[], byte[]> raw = REDIS.raw();
    try (RedisKvStore s = RedisKvStore.open(REDIS.uri(),
        StoreOptions.defaults().withClock(clock).withSweepInterval(Duration.ofHours(1)))) {
      Instant expiry = clock.instant().plusSeconds(10);
      s.write(WriteBatch.builder().put(b("k"), b("v"), expiry).put(b("p"), b("kept")).build());
      assertThat(raw.pttl(name(":v:k"))).as("no native expiry with a manual clock").isEqualTo(-1);
      assertThat(raw.zscore(name(":x"), b("k"))).as("the expiry index holds the instant")
          .isEqualTo((double) expiry.toEpochMilli());
      assertThat(raw.zscore(name(":sched"), new byte[0])).as("the system shard is scheduled")
          .isEqualTo((double) expiry.toEpochMilli());

      clock.set(expiry.minusMillis(1));
      assertThat(s.get(b("k"))).containsExactly(b("v"));
      clock.set(expiry);
      assertThat(s.get(b("k"))).as("invisible at its exact instant by the store clock").isNull();
      assertThat(s.count(KeyRange.all())).isEqualTo(1);
      assertThat(raw.exists(name(":v:k"))).as("still stored until swept").isEqualTo(1);

      assertThat(s.sweepExpired()).isEqualTo(1);
      assertThat(raw.exists(name(":v:k"), name(":x"), name(":sched"))).as("value, expiry index"
          + " and schedule gone after the sweep").isZero();
      assertThat(raw.zrange(name(":i"), 0, -1)).as("the index keeps only the live key")
          .containsExactly(b("p"));
    }
  }

  @Test
  @Timeout(60)
  void systemClock_letsRedisDeleteTheValue_andTheSweeperCleansTheIndex() throws Exception {
    RedisClusterCommands<byte[], byte[]> raw = REDIS.raw();
    RedisUri uri = REDIS.uri(REDIS.namespace(), o -> o.withExpiryGraceMs(0));
    try (RedisKvStore s = RedisKvStore.open(uri,
        StoreOptions.defaults().withSweepInterval(Duration.ofHours(1)))) {
      s.write(WriteBatch.builder().put(b("short"), b("v"), Instant.now().plusMillis(300))
          .put(b("long"), b("v"), Instant.now().plusSeconds(3600)).build());
      assertThat(raw.pttl(name(":v:short"))).as("native expiry set").isBetween(1L, 300L);
      assertThat(raw.pttl(name(":v:long"))).isGreaterThan(3_500_000L);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (raw.exists(name(":v:short")) == 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(raw.exists(name(":v:short"))).as("Redis removed the value itself").isZero();
      assertThat(raw.zscore(name(":i"), b("short"))).as("its index member is still there")
          .isNotNull();
      assertThat(s.get(b("short"))).isNull();
      assertThat(keys(s.scanAll(KeyRange.all()))).containsExactly("long");
      assertThat(s.scan(KeyRange.all(), Direction.DESCENDING, 5).entries()).hasSize(1);
      assertThat(s.count(KeyRange.all())).isEqualTo(1);

      assertThat(s.sweepExpired()).as("the sweeper removes what Redis left").isEqualTo(1);
      assertThat(raw.zrange(name(":i"), 0, -1)).containsExactly(b("long"));
      assertThat(raw.zscore(name(":sched"), new byte[0])).as("rescheduled at the next expiry")
          .isGreaterThan((double) System.currentTimeMillis() + 3_000_000);
    }
  }

  @Test
  @Timeout(60)
  void reads_skipIndexMembersWhoseValueVanished() {
    try (RedisKvStore s = RedisKvStore.open(REDIS.uri(), StoreOptions.defaults())) {
      for (String k : List.of("a", "b", "c", "d")) {
        s.put(b(k), b(k));
      }
      REDIS.raw().del(name(":v:b"), name(":v:c"));
      assertThat(keys(s.scanAll(KeyRange.all()))).containsExactly("a", "d");
      assertThat(keys(s.scan(KeyRange.all(), Direction.ASCENDING, 2).entries()))
          .as("a page is filled past the vanished members").containsExactly("a", "d");
      assertThat(keys(s.scan(KeyRange.all(), Direction.DESCENDING, 2).entries()))
          .containsExactly("d", "a");
      assertThat(s.getAll(List.of(b("a"), b("b")))).containsExactly(b("a"), null);
      assertThat(s.write(WriteBatch.builder().checkAbsent(b("c")).put(b("c"), b("back"))
          .build())).as("a vanished value is absent to checks").isTrue();
      assertThat(s.get(b("c"))).containsExactly(b("back"));
    }
  }

  private static List<String> keys(List<KvEntry> entries) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : entries) {
      out.add(new String(e.key(), StandardCharsets.UTF_8));
    }
    return out;
  }
}
