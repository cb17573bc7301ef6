package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What survives on disk: acknowledged writes across close and reopen (with {@code sync=true}
 * and after a crash of the writing process with the default), range deletes across compaction,
 * RocksDB's byte order as chatstore's unsigned order in memtables and SST files, the
 * configured compression in the SST files, and their index layout (partitioned with a block
 * cache, monolithic without), each layout reading the files of the other.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RocksDbDurabilityTest {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbDurabilityTest.class);

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] u(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  private RocksDbKvStore open(RocksDbOptions o) {
    return RocksDbKvStore.open(dir.resolve("db"), o, StoreOptions.defaults());
  }

  private static List<String> keys(List<KvEntry> entries) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : entries) {
      out.add(HexFormat.of().formatHex(e.key()));
    }
    return out;
  }

  @Test
  void syncTrue_keepsEveryAcknowledgedWriteAcrossReopen() {
    RocksDbOptions synced = RocksDbOptions.defaults().withSync(true);
    try (RocksDbKvStore store = open(synced)) {
      assertThat(store.rocksDbOptions().sync()).isTrue();
      for (int i = 0; i < 200; i++) {
        store.put(b("k" + i), b("v" + i));
      }
      store.write(WriteBatch.builder().deleteRange(b("k1"), b("k2")).put(b("k15"), b("back"))
          .build());
    }
    try (RocksDbKvStore store = open(synced)) {
      assertThat(store.get(b("k99"))).isEqualTo(b("v99"));
      assertThat(store.get(b("k199"))).as("deleted by the range delete [k1, k2)").isNull();
      assertThat(store.get(b("k15"))).isEqualTo(b("back"));
      assertThat(store.get(b("k10"))).isNull();
      assertThat(store.count(KeyRange.prefix(b("k1")))).isEqualTo(1);
      assertThat(store.count(KeyRange.all())).isEqualTo(200 - 111 + 1);
    }
  }

  @Test
  void crashOfTheWritingProcess_losesNoAcknowledgedWrite_withDefaultSync() throws Exception {
    Path db = dir.resolve("db");
    int batches = 300;
    Process child = StoreChild.start(dir.resolve("child.log"), "crash", db.toString(),
        String.valueOf(batches));
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("the child acknowledges its writes (log: %s)",
          dir.resolve("child.log")).isEqualTo("acked " + batches);
      assertThat(child.waitFor(StoreChild.MAX_LIFE_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(db)) {
      assertThat(store.count(KeyRange.prefix(b("crash/")))).as("every acknowledged write of"
          + " the process that died without closing").isEqualTo(batches * 10L);
      assertThat(store.get(b(String.format("crash/%05d/9", batches - 1))))
          .isEqualTo(b(String.valueOf(batches - 1)));
    }
  }

  @Test
  void order_isUnsignedBytes_inMemtableSstAndAfterReopen() {
    byte[][] written = {u(0xFF), u(0x80), u(0x00), u(), u(0x7F), u(0x00, 0x00), u(0x80, 0x00),
        u(0xFF, 0xFF), u(0x01), u(0xFE, 0xFF)};
    List<String> expected = List.of("", "00", "0000", "01", "7f", "80", "8000", "fe" + "ff",
        "ff", "ffff");
    try (RocksDbKvStore store = open(RocksDbOptions.defaults())) {
      for (byte[] k : written) {
        store.put(k, k);
      }
      assertOrder(store, expected, "in the memtable");
      store.compact();
      assertOrder(store, expected, "in SST files after compaction");
    }
    try (RocksDbKvStore store = open(RocksDbOptions.defaults())) {
      assertOrder(store, expected, "after reopen");
    }
  }

  private static void assertOrder(RocksDbKvStore store, List<String> expected, String where) {
    assertThat(keys(store.scanAll(KeyRange.all()))).as("ascending %s", where)
        .containsExactlyElementsOf(expected);
    List<String> reversed = new ArrayList<>(expected).reversed();
    assertThat(keys(store.scan(KeyRange.all(), Direction.DESCENDING, 100).entries()))
        .as("descending %s", where).containsExactlyElementsOf(reversed);
    assertThat(keys(store.scan(KeyRange.of(u(0x80), u(0xFF)), Direction.ASCENDING, 100)
        .entries())).as("[0x80, 0xFF) %s", where).containsExactly("80", "8000", "feff");
    assertThat(keys(store.scan(KeyRange.of(u(0x00), u(0x80)), Direction.DESCENDING, 100)
        .entries())).as("[0x00, 0x80) descending %s", where)
        .containsExactly("7f", "01", "0000", "00");
    assertThat(store.count(KeyRange.of(u(0x80), null))).as("count from 0x80 %s", where)
        .isEqualTo(5);
    assertThat(store.count(KeyRange.prefix(u(0xFF)))).isEqualTo(2);
  }

  @Test
  void rangeDeletes_surviveCompactionAndReopen_andSparePutsAfterThem() {
    long seed = ThreadLocalRandom.current().nextLong();
    LOG.info("seed={}", seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    try (RocksDbKvStore store = open(RocksDbOptions.defaults())) {
      WriteBatch.Builder load = WriteBatch.builder();
      for (int i = 0; i < 10_000; i++) {
        byte[] v = new byte[50 + rnd.nextInt(100)];
        rnd.nextBytes(v);
        load.put(b(String.format("t%02d/%05d", i % 20, i)), v);
      }
      store.write(load.build());
      store.compact();
      store.write(WriteBatch.builder().deleteRange(KeyRange.prefix(b("t05/")))
          .deleteRange(b("t10/"), null).put(b("t12/again"), b("x")).build());
      assertThat(store.count(KeyRange.all())).as("seed=%d", seed).isEqualTo(10_000 - 500 - 5000
          + 1);
      store.compact();
      assertThat(store.count(KeyRange.all())).as("after compaction, seed=%d", seed)
          .isEqualTo(10_000 - 500 - 5000 + 1);
      assertThat(store.storedEntries()).as("compaction dropped the deleted entries physically")
          .isEqualTo(10_000 - 500 - 5000 + 1);
    }
    try (RocksDbKvStore store = open(RocksDbOptions.defaults())) {
      assertThat(store.count(KeyRange.prefix(b("t05/")))).isZero();
      assertThat(store.count(KeyRange.prefix(b("t04/")))).isEqualTo(500);
      assertThat(store.get(b("t12/again"))).isEqualTo(b("x"));
    }
  }

  @Test
  void compression_zstdByDefault_lz4AboveTheLastLevel_noneWhenAsked() {
    assertThat(compressionsAfterLoad(RocksDbOptions.defaults(), false))
        .as("default: every file ZSTD").containsOnly(CompressionType.ZSTD_COMPRESSION);
    assertThat(compressionsAfterLoad(RocksDbOptions.defaults()
        .withCompression(RocksDbOptions.Compression.LZ4), false))
        .as("lz4: files flushed to level 0 are LZ4").containsOnly(CompressionType.LZ4_COMPRESSION);
    assertThat(compressionsAfterLoad(RocksDbOptions.defaults()
        .withCompression(RocksDbOptions.Compression.LZ4), true))
        .as("lz4: the last level is ZSTD").containsOnly(CompressionType.ZSTD_COMPRESSION);
    assertThat(compressionsAfterLoad(RocksDbOptions.defaults()
        .withCompression(RocksDbOptions.Compression.NONE), true))
        .as("none").containsOnly(CompressionType.NO_COMPRESSION);
  }

  @Test
  void indexLayout_partitionedWithACache_monolithicWithout_eachReadsTheOthersFiles() {
    Path db = dir.resolve("layout");
    RocksDbOptions noCache = RocksDbOptions.defaults().withBlockCacheMb(0);
    int n = 3000;
    try (RocksDbKvStore store = RocksDbKvStore.open(db, noCache, StoreOptions.defaults())) {
      WriteBatch.Builder load = WriteBatch.builder();
      for (int i = 0; i < n; i++) {
        load.put(b(String.format("key%05d", i)), b("value " + i + " ".repeat(100)));
      }
      store.write(load.build());
      store.compact();
      assertThat(store.sstIndexPartitions()).as("without a block cache: one index block")
          .isNotEmpty().containsOnly(0L);
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(db, RocksDbOptions.defaults(),
        StoreOptions.defaults())) {
      assertThat(store.sstIndexPartitions()).as("the files written before").containsOnly(0L);
      assertAllReadable(store, n);
      store.compact();
      assertThat(store.sstIndexPartitions()).as("rewritten with a block cache: partitioned")
          .isNotEmpty().allMatch(p -> p > 0);
      assertAllReadable(store, n);
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(db, noCache, StoreOptions.defaults())) {
      assertAllReadable(store, n);
    }
  }

  private static void assertAllReadable(RocksDbKvStore store, int n) {
    for (int i = 0; i < n; i += 7) {
      assertThat(store.get(b(String.format("key%05d", i)))).as("key %d", i)
          .isEqualTo(b("value " + i + " ".repeat(100)));
    }
    assertThat(store.get(b("key99999"))).isNull();
    assertThat(store.count(KeyRange.all())).isEqualTo(n);
    List<KvEntry> last = store.scan(KeyRange.prefix(b("key")), Direction.DESCENDING, 50)
        .entries();
    assertThat(last).hasSize(50);
    assertThat(last.get(0).key()).isEqualTo(b(String.format("key%05d", n - 1)));
    assertThat(last.get(49).key()).isEqualTo(b(String.format("key%05d", n - 50)));
  }

  /** Writes, closes and reopens (recovery flushes to level 0), optionally compacts. */
  private List<CompressionType> compressionsAfterLoad(RocksDbOptions o, boolean compact) {
    Path db = dir.resolve("c" + o.compression() + compact);
    try (RocksDbKvStore store = RocksDbKvStore.open(db, o, StoreOptions.defaults())) {
      WriteBatch.Builder load = WriteBatch.builder();
      for (int i = 0; i < 1000; i++) {
        load.put(b("key" + i), b("a value that compresses well ".repeat(8)));
      }
      store.write(load.build());
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(db, o, StoreOptions.defaults())) {
      if (compact) {
        store.compact();
      }
      List<CompressionType> out = new ArrayList<>();
      for (String name : store.sstCompressions()) {
        out.add(compressionOf(name));
      }
      assertThat(out).as("SST files of %s", db).isNotEmpty();
      return out;
    }
  }

  /**
   * The compression type a table property names: RocksDB 11 writes {@code "BuiltinV2;07;"}, the
   * compression manager, then the type code in hex; no code is no compression.
   */
  private static CompressionType compressionOf(String name) {
    String[] fields = name.split(";", -1);
    if (fields.length < 2 || fields[1].isEmpty()) {
      return CompressionType.NO_COMPRESSION;
    }
    assertThat(fields[1]).as("one compression type in %s", name).hasSize(2);
    return CompressionType.getCompressionType((byte) Integer.parseInt(fields[1], 16));
  }
}
