package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant keys, system keys and the boundaries between them, written once and run on a standalone
 * server ({@link RedisStandaloneTenantTest}) and on a cluster ({@link RedisClusterTenantTest}),
 * where every tenant is a shard of its own and scans, counts and multi-gets across tenants are
 * assembled from several shards.
 */
abstract class TenantShardingContract {
  private static final Logger LOG = LoggerFactory.getLogger(TenantShardingContract.class);
  /** Tenants whose ids sort and escape in interesting ways (a NUL, a prefix of another). */
  static final List<String> TENANTS = List.of("a", "ab", "ab\u0000c", "b\u0000c", "z\u00e9");

  /** The Redis under test. */
  abstract RedisTarget target();

  final ManualClock clock = new ManualClock();
  private final List<KvStore> opened = new ArrayList<>();

  /**
   * A store on the test's namespace with the manual clock and no background sweep (sweeps are
   * the test's to count); closed after the test.
   */
  RedisKvStore open() {
    RedisKvStore s = RedisKvStore.open(target().uri(),
        StoreOptions.defaults().withClock(clock).withSweepInterval(Duration.ofHours(1)));
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    for (KvStore s : opened) {
      s.close();
    }
  }

  /** The raw prefix {@code (1, tenant)} of a tenant. */
  static byte[] tenant(String id) {
    return Tuple.of(Keyspace.TENANTS_TAG, id).pack();
  }

  /** The end of a tenant's range: its prefix and 0xFF, as its Subspace.range() has it. */
  static byte[] tenantEnd(String id) {
    return Bytes.concat(tenant(id), new byte[] {(byte) 0xFF});
  }

  /** A key of {@code tenant}: its prefix and {@code suffix}. */
  static byte[] key(String tenant, int... suffix) {
    byte[] s = new byte[suffix.length];
    for (int i = 0; i < suffix.length; i++) {
      s[i] = (byte) suffix[i];
    }
    return Bytes.concat(tenant(tenant), s);
  }

  static byte[] b(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  static List<String> shown(List<KvEntry> entries) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : entries) {
      out.add(HexFormat.of().formatHex(e.key()));
    }
    return out;
  }

  @Test
  @Timeout(60)
  void tenantSuffixes_sortAsUnsignedBytes_insideATenant() {
    KvStore s = open();
    List<byte[]> sorted = List.of(key("ab"), key("ab", 0x00), key("ab", 0x00, 0x00),
        key("ab", 0x01), key("ab", 0x7F), key("ab", 0x80), key("ab", 0x80, 0x00),
        key("ab", 0xFE), key("ab", 0xFE, 0xFF));
    List<byte[]> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(7));
    for (byte[] k : shuffled) {
      s.put(k, k);
    }
    List<KvEntry> got = s.scanAll(KeyRange.of(tenant("ab"), tenantEnd("ab")));
    List<String> expected = new ArrayList<>();
    for (byte[] k : sorted) {
      expected.add(HexFormat.of().formatHex(k));
    }
    assertThat(shown(got)).as("suffixes 0x00 < 0x01 < 0x7f < 0x80 < 0xfe, prefix first")
        .isEqualTo(expected);
    s.put(key("ab", 0xFF), b(1));
    assertThat(shown(s.scan(KeyRange.of(key("ab", 0x7F), key("ab", 0xFE)), Direction.DESCENDING,
        10).entries())).containsExactly(expected.get(6), expected.get(5), expected.get(4));
  }

  @Test
  @Timeout(60)
  void keyspace_listsTenantsInOrder_andDropsOneTenantOnly() {
    Keyspace ks = new Keyspace(open());
    for (String t : TENANTS) {
      for (Area a : List.of(Area.SIGNAL, Area.CHAT)) {
        KvStore area = ks.tenant(t).area(a);
        area.put(new byte[] {1}, new byte[] {2});
        area.put(new byte[] {(byte) 0xFF}, new byte[0]);
      }
    }
    ks.system().put(new byte[] {9}, new byte[] {9});
    assertThat(ks.tenants()).containsExactly("a", "ab", "ab\u0000c", "b\u0000c", "z\u00e9");
    ks.dropTenant("ab");
    assertThat(ks.tenants()).containsExactly("a", "ab\u0000c", "b\u0000c", "z\u00e9");
    assertThat(ks.tenant("ab").counts()).isEmpty();
    assertThat(ks.tenant("ab\u0000c").counts()).as("a tenant whose id extends the dropped one's")
        .containsEntry(Area.SIGNAL, 2L);
    assertThat(ks.tenant("a").counts()).containsEntry(Area.SIGNAL, 2L).containsEntry(Area.CHAT, 2L);
    assertThat(ks.system().get(new byte[] {9})).containsExactly(9);
    assertThat(ks.store().count(KeyRange.all())).isEqualTo((TENANTS.size() - 1) * 4 + 1);
  }

  @Test
  @Timeout(60)
  void getAll_acrossTenantsAndSystemKeys_returnsEachValueInAskedOrder() {
    KvStore s = open();
    List<byte[]> keys = List.of(key("z\u00e9", 1), b(0x00), key("a", 1), b(0xFF), key("ab"),
        key("a", 1), key("b\u0000c", 0));
    for (byte[] k : keys) {
      if (!Bytes.startsWith(k, tenant("ab"))) {
        s.put(k, k);
      }
    }
    List<byte[]> got = s.getAll(keys);
    for (int i = 0; i < keys.size(); i++) {
      if (Bytes.startsWith(keys.get(i), tenant("ab"))) {
        assertThat(got.get(i)).as("absent key " + i).isNull();
      } else {
        assertThat(got.get(i)).as("key " + i).isEqualTo(keys.get(i));
      }
    }
  }

  /**
   * While another thread keeps inserting and deleting keys below and above the scanned keys
   * (shifting the ranks of everything after them), every page is exactly the next keys from its
   * bound: none skipped, none repeated.
   */
  @Test
  @Timeout(120)
  void pages_stayExact_whileWritesShiftTheKeysAroundThem() throws Exception {
    KvStore s = open();
    WriteBatch.Builder init = WriteBatch.builder();
    List<String> stable = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String k = String.format("m/%04d", i);
      stable.add(k);
      init.put(k.getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }
    s.write(init.build());
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn = Thread.ofPlatform().daemon().start(() -> {
      for (int i = 0; !stop.get(); i++) {
        byte[] below = String.format("a/%06d", i % 50).getBytes(StandardCharsets.US_ASCII);
        byte[] above = String.format("z/%06d", i % 50).getBytes(StandardCharsets.US_ASCII);
        if ((i / 50) % 2 == 0) {
          s.write(WriteBatch.builder().put(below, below).build());
          s.write(WriteBatch.builder().put(above, above).build());
        } else {
          s.write(WriteBatch.builder().delete(below).build());
          s.write(WriteBatch.builder().delete(above).build());
        }
      }
    });
    try {
      Random rnd = new Random(11);
      for (int round = 0; round < 300; round++) {
        int from = rnd.nextInt(380);
        int to = 10 + rnd.nextInt(380);
        byte[] a = stable.get(from).getBytes(StandardCharsets.US_ASCII);
        byte[] z = stable.get(to).getBytes(StandardCharsets.US_ASCII);
        List<KvEntry> asc = s.scan(KeyRange.of(a, null), Direction.ASCENDING, 10).entries();
        List<KvEntry> desc = s.scan(KeyRange.of(new byte[0], z), Direction.DESCENDING, 10)
            .entries();
        List<String> expectAsc = stable.subList(from, from + 10);
        List<String> expectDesc = new ArrayList<>(stable.subList(to - 10, to));
        Collections.reverse(expectDesc);
        assertThat(ascii(asc)).as("ascending page from " + stable.get(from)).isEqualTo(expectAsc);
        assertThat(ascii(desc)).as("descending page below " + stable.get(to))
            .isEqualTo(expectDesc);
      }
    } finally {
      stop.set(true);
      churn.join(30_000);
    }
  }

  private static List<String> ascii(List<KvEntry> entries) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : entries) {
      out.add(new String(e.key(), StandardCharsets.US_ASCII));
    }
    return out;
  }

  /**
   * Random puts (some expiring), deletes, range deletes and checks on tenant keys, system keys and
   * system keys wedged between tenants, each verified against an in-memory model by paged scans
   * in both directions over random ranges, counts and multi-gets.
   */
  @Test
  @Timeout(120)
  void randomOperations_matchAnOrderedModel_acrossShards() {
    long seed = Long.getLong("chatstore.redis.seed", ThreadLocalRandom.current().nextLong());
    LOG.info("randomOperations_matchAnOrderedModel_acrossShards seed={} (replay with"
        + " -Dchatstore.redis.seed={})", seed, seed);
    String context = " (seed=" + seed + ", replay with -Dchatstore.redis.seed=" + seed + ")";
    Random rnd = new Random(seed);
    KvStore s = open();
    NavigableMap<byte[], Entry> model = new TreeMap<>(Bytes.ORDER);
    List<byte[]> universe = universe();
    for (int step = 0; step < 400; step++) {
      long now = clock.millis();
      int op = rnd.nextInt(100);
      if (op < 45) {
        byte[] k = universe.get(rnd.nextInt(universe.size()));
        byte[] v = new byte[rnd.nextInt(4)];
        rnd.nextBytes(v);
        Long exp = rnd.nextInt(4) == 0 ? now + 1 + rnd.nextInt(3000) : null;
        s.write(WriteBatch.builder().put(k, v, exp == null ? null : Instant.ofEpochMilli(exp))
            .build());
        model.put(k, new Entry(v, exp == null ? Long.MAX_VALUE : exp));
      } else if (op < 60) {
        byte[] k = universe.get(rnd.nextInt(universe.size()));
        s.delete(k);
        model.remove(k);
      } else if (op < 66) {
        KeyRange r = deletableRange(rnd, universe);
        s.write(WriteBatch.builder().deleteRange(r).build());
        (r.end() == null ? model.tailMap(r.start(), true)
            : model.subMap(r.start(), true, r.end(), false)).clear();
      } else if (op < 74) {
        byte[] k = universe.get(rnd.nextInt(universe.size()));
        Entry cur = model.get(k);
        byte[] live = cur != null && cur.expiry > now ? cur.value : null;
        boolean expectMatch = rnd.nextBoolean();
        byte[] expected = expectMatch ? live : new byte[] {42, 42, 42, 42, 42};
        boolean applied = s.write(WriteBatch.builder().check(k, expected).put(k, new byte[] {7})
            .build());
        assertThat(applied).as("check of " + Bytes.show(k) + " at step " + step + context)
            .isEqualTo(expectMatch);
        if (applied) {
          model.put(k, new Entry(new byte[] {7}, Long.MAX_VALUE));
        }
      } else if (op < 78) {
        clock.advanceMillis(rnd.nextInt(1500));
      } else if (op < 80) {
        long due = model.values().stream().filter(e -> e.expiry <= now).count();
        assertThat(s.sweepExpired()).as("sweep at step " + step + context).isEqualTo(due);
        model.values().removeIf(e -> e.expiry <= now);
      } else {
        verify(s, model, rnd, universe, "step " + step + context);
      }
    }
    clock.advanceMillis(5000);
    assertThat(s.sweepExpired()).as("sweep after every expiry" + context)
        .isEqualTo(model.values().stream().filter(e -> e.expiry <= clock.millis()).count());
    model.values().removeIf(e -> e.expiry <= clock.millis());
    verify(s, model, rnd, universe, "the end" + context);
  }

  private record Entry(byte[] value, long expiry) {}

  /** Keys: each tenant's prefix and extensions, and system keys below, between and above. */
  private static List<byte[]> universe() {
    List<byte[]> out = new ArrayList<>();
    for (String t : TENANTS) {
      out.add(tenant(t));
      for (int[] suffix : new int[][] {{0x00}, {0x01, 0x00}, {0x02}, {0x80}, {0xFF}, {0xFF, 0xFF},
          {0x14, 0x01}}) {
        out.add(key(t, suffix));
      }
    }
    byte[] start = ShardMap.TENANT_START;
    out.add(new byte[0]);
    out.add(b(0x00));
    out.add(b(0x14));
    out.add(b(0x15));
    out.add(b(0x15, 0x01));
    out.add(start.clone());
    out.add(Bytes.concat(start, b('a')));
    out.add(Bytes.concat(start, b('a', 0x01)));
    out.add(Bytes.concat(start, b('b', 0x00, 0xFF)));
    out.add(Bytes.concat(start, b('y')));
    out.add(b(0x15, 0x01, 0x03));
    out.add(b(0x16));
    out.add(b(0x80));
    out.add(b(0xFF));
    out.add(b(0xFF, 0xFF));
    return out;
  }

  /** A range that this target accepts in a range delete. */
  KeyRange deletableRange(Random rnd, List<byte[]> universe) {
    byte[] a = universe.get(rnd.nextInt(universe.size()));
    byte[] z = universe.get(rnd.nextInt(universe.size()));
    return Bytes.compare(a, z) <= 0 ? KeyRange.of(a, z) : KeyRange.of(z, a);
  }

  private void verify(KvStore s, NavigableMap<byte[], Entry> model, Random rnd,
      List<byte[]> universe, String when) {
    long now = clock.millis();
    NavigableMap<byte[], byte[]> live = new TreeMap<>(Bytes.ORDER);
    for (Map.Entry<byte[], Entry> e : model.entrySet()) {
      if (e.getValue().expiry > now) {
        live.put(e.getKey(), e.getValue().value);
      }
    }
    for (int i = 0; i < 4; i++) {
      byte[] a = rnd.nextInt(5) == 0 ? new byte[0] : universe.get(rnd.nextInt(universe.size()));
      byte[] z = rnd.nextInt(5) == 0 ? null : universe.get(rnd.nextInt(universe.size()));
      if (z != null && Bytes.compare(a, z) > 0) {
        byte[] t = a;
        a = z;
        z = t;
      }
      KeyRange r = KeyRange.of(a, z);
      NavigableMap<byte[], byte[]> expected = z == null ? live.tailMap(a, true)
          : live.subMap(a, true, z, false);
      List<String> asc = new ArrayList<>();
      for (byte[] k : expected.keySet()) {
        asc.add(HexFormat.of().formatHex(k));
      }
      List<String> desc = new ArrayList<>(asc);
      Collections.reverse(desc);
      int page = 1 + rnd.nextInt(6);
      assertThat(shown(pageThrough(s, r, Direction.ASCENDING, page)))
          .as("ascending scan of " + r + " by " + page + " at " + when).isEqualTo(asc);
      assertThat(shown(pageThrough(s, r, Direction.DESCENDING, page)))
          .as("descending scan of " + r + " by " + page + " at " + when).isEqualTo(desc);
      assertThat(s.count(r)).as("count of " + r + " at " + when).isEqualTo(expected.size());
    }
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add(universe.get(rnd.nextInt(universe.size())));
    }
    List<byte[]> got = s.getAll(keys);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(got.get(i)).as("getAll of " + Bytes.show(keys.get(i)) + " at " + when)
          .isEqualTo(live.get(keys.get(i)));
    }
  }

  private static List<KvEntry> pageThrough(KvStore s, KeyRange r, Direction d, int page) {
    List<KvEntry> out = new ArrayList<>();
    KeyRange rest = r;
    int pages = 0;
    while (rest != null && pages++ < 1000) {
      ScanPage p = s.scan(rest, d, page);
      out.addAll(p.entries());
      rest = p.rest();
    }
    return out;
  }
}
