package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.rocksdb.RocksDbKvStore;
import dev.chatstore.rocksdb.RocksDbOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RocksDbKvStore} beside raw rocksdbjni on the same data, with the same RocksDB options,
 * in the same run: the cost of chatstore's layer over RocksDB.
 *
 * <h2>Data</h2>
 * Per trial (per benchmark and {@code impl}, in its own fork) a fresh database directory in a
 * temporary directory is loaded with {@code rows} (default 1,000,000) keys of 16-40 random bytes
 * (seeded, so raw and chatstore hold the same keys) and values of 190-210 random bytes, in key
 * order, in write batches of 10,000 rows. Then both sides compact fully (every file rewritten into
 * the last level) and reopen, so both start from the same shape of LSM tree.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li>{@code raw}: rocksdbjni on the default column family with exactly the options
 *       {@code RocksDbKvStore} uses with {@link RocksDbOptions#defaults()}: a 64 MiB LRU block
 *       cache holding index and filter blocks (high priority, level-0 ones pinned), whole-key
 *       Bloom filters of 10 bits per key, a whole-key memtable Bloom filter (ratio 0.1), 64 MiB
 *       memtables (at most 2), ZSTD on every level including the last, dynamic level sizes, 2
 *       background jobs, {@code bytes_per_sync} 1 MiB, and {@code WriteOptions.sync=false}. Gets
 *       with one shared {@code ReadOptions}; each scan a new iterator; each load one
 *       {@code WriteBatch}: the fastest honest plain rocksdbjni code.</li>
 *   <li>{@code chatstore}: {@code RocksDbKvStore.open(dir, RocksDbOptions.defaults(),
 *       StoreOptions.defaults())}: values behind a 1-byte header (9 with an expiry), the
 *       group-committing writer thread, snapshot-free gets, bounded iterators per scan.</li>
 * </ul>
 *
 * <h2>Benchmarks (throughput, one benchmark thread)</h2>
 * <ul>
 *   <li>{@code pointGet}: the value of a random existing key (ops/s = gets/s).</li>
 *   <li>{@code scan50}: 50 entries ascending from a random existing key, every key and value
 *       consumed (ops/s = scans/s).</li>
 *   <li>{@code loadBatch1000}: 1,000 new random keys (values as above) in one atomic batch — raw:
 *       one {@code WriteBatch} and {@code db.write}; chatstore: one {@link WriteBatch} through
 *       {@code store.write}. Annotated {@code @OperationsPerInvocation(1000)}, so the score is
 *       ROWS per second. The database grows during this benchmark (and compacts behind it).</li>
 * </ul>
 *
 * <h2>CPU per operation</h2>
 * On a shared machine the throughput of one side can halve because of other processes, so the
 * profiler {@link ProcessCpu} ({@code -prof 'dev.chatstore.bench.RocksDbKvBenchmark$ProcessCpu'})
 * also reports the CPU time the whole benchmark process spent per operation ({@code cpu.us/op}:
 * the benchmark thread, chatstore's writer thread, RocksDB's flushes and compactions, GC). It is
 * far less disturbed by other load than wall-clock throughput; compare both.
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -q -B -o -pl rocksdb install -DskipTests
 * mvn -q -B -o -pl bench package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar RocksDbKvBenchmark \
 *     -f 1 -wi 2 -w 2s -i 5 -r 2s -p impl=raw,chatstore \
 *     -prof 'dev.chatstore.bench.RocksDbKvBenchmark$ProcessCpu' \
 *     -jvmArgsAppend --enable-native-access=ALL-UNNAMED
 * </pre>
 * Run it a second time with {@code -p impl=chatstore,raw} (the sides in the other order, so a
 * drift of the machine's load hits both alike).
 * Add {@code -p rows=100000} for a quick smoke run, {@code -jvmArgsAppend -Dbench.dir=/some/disk}
 * to put the databases elsewhere than {@code java.io.tmpdir}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class RocksDbKvBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbKvBenchmark.class);
  /** The seed of the loaded keys: the same data for raw and chatstore. */
  private static final long SEED = 0x5eed_c4a7L;
  private static final int LOAD_BATCH = 10_000;
  static final int NEW_ROWS_PER_BATCH = 1000;
  static final int SCAN_ROWS = 50;

  /** Which side is measured. */
  @Param({"raw", "chatstore"})
  public String impl;

  /** How many rows are loaded before measuring. */
  @Param({"1000000"})
  public int rows;

  Path dir;
  /** The loaded keys, sorted. */
  byte[][] keys;
  /** Values to draw from (values repeat; keys never do). */
  byte[][] values;
  /** The store, for {@code impl=chatstore}. */
  RocksDbKvStore store;
  /** The raw side, for {@code impl=raw}. */
  Raw raw;
  final AtomicInteger threadSeeds = new AtomicInteger();

  boolean isRaw() {
    return switch (impl) {
      case "raw" -> true;
      case "chatstore" -> false;
      default -> throw new IllegalArgumentException("impl must be raw or chatstore: " + impl);
    };
  }

  /** Raw rocksdbjni with RocksDbKvStore's default options, on the default column family. */
  static final class Raw implements AutoCloseable {
    final LRUCache cache = new LRUCache(RocksDbOptions.DEFAULT_BLOCK_CACHE_MB * 1024L * 1024,
        -1, false, 0.5);
    final BloomFilter bloom = new BloomFilter(RocksDbOptions.DEFAULT_BLOOM_BITS_PER_KEY, false);
    final Options options;
    final ReadOptions readOptions = new ReadOptions();
    final WriteOptions writeOptions = new WriteOptions().setSync(RocksDbOptions.DEFAULT_SYNC);
    final RocksDB db;

    Raw(Path dir) throws RocksDBException {
      options = new Options()
          .setCreateIfMissing(true)
          .setMaxBackgroundJobs(RocksDbOptions.DEFAULT_BACKGROUND_JOBS)
          .setBytesPerSync(1L << 20)
          .setKeepLogFileNum(5)
          .setMaxLogFileSize(16L << 20)
          .setTableFormatConfig(new BlockBasedTableConfig()
              .setCacheIndexAndFilterBlocks(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setPinL0FilterAndIndexBlocksInCache(true)
              .setIndexType(IndexType.kTwoLevelIndexSearch)
              .setPartitionFilters(true)
              .setMetadataBlockSize(4096)
              .setPinTopLevelIndexAndFilter(true)
              .setWholeKeyFiltering(true)
              .setBlockCache(cache)
              .setFilterPolicy(bloom))
          .setWriteBufferSize(RocksDbOptions.DEFAULT_WRITE_BUFFER_MB * 1024L * 1024)
          .setMaxWriteBufferNumber(2)
          .setLevelCompactionDynamicLevelBytes(true)
          .setCompressionType(CompressionType.ZSTD_COMPRESSION)
          .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
          .setMemtablePrefixBloomSizeRatio(0.1)
          .setMemtableWholeKeyFiltering(true);
      db = RocksDB.open(options, dir.toString());
    }

    void compact() throws RocksDBException {
      try (CompactRangeOptions force = new CompactRangeOptions().setBottommostLevelCompaction(
          CompactRangeOptions.BottommostLevelCompaction.kForce)) {
        db.compactRange(db.getDefaultColumnFamily(), null, null, force);
      }
    }

    @Override
    public void close() {
      db.close();
      readOptions.close();
      writeOptions.close();
      options.close();
      bloom.close();
      cache.close();
    }
  }

  @Setup(Level.Trial)
  public void load() throws Exception {
    RocksDB.loadLibrary();
    boolean rawSide = isRaw();
    dir = BenchData.freshDir("chatstore-bench-rocksdb-");
    Path db = dir.resolve("db");
    keys = BenchData.sortedKeys(rows, SEED);
    values = BenchData.valuePool(200, SEED + 1);
    long t0 = System.nanoTime();
    if (rawSide) {
      try (Raw r = new Raw(db); org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
        for (int i = 0; i < keys.length; i++) {
          wb.put(keys[i], values[i % values.length]);
          if ((i + 1) % LOAD_BATCH == 0 || i == keys.length - 1) {
            r.db.write(r.writeOptions, wb);
            wb.clear();
          }
        }
        r.compact();
      }
      raw = new Raw(db);
    } else {
      try (RocksDbKvStore s = openStore(db)) {
        for (int i = 0; i < keys.length; i += LOAD_BATCH) {
          WriteBatch.Builder b = WriteBatch.builder();
          for (int j = i; j < Math.min(keys.length, i + LOAD_BATCH); j++) {
            b.put(keys[j], values[j % values.length]);
          }
          s.write(b.build());
        }
        s.compact();
      }
      store = openStore(db);
    }
    LOG.info("{}: loaded and compacted {} rows into {} in {} s", impl, keys.length, db,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  private static RocksDbKvStore openStore(Path db) {
    return RocksDbKvStore.open(db, RocksDbOptions.defaults(), StoreOptions.defaults());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
      store = null;
    }
    if (raw != null) {
      raw.close();
      raw = null;
    }
    BenchData.deleteTree(dir);
  }

  /** One benchmark thread's random source. */
  @State(Scope.Thread)
  public static class PerThread {
    SplittableRandom rnd;

    @Setup(Level.Trial)
    public void open(RocksDbKvBenchmark b) {
      rnd = new SplittableRandom(SEED * 31 + b.threadSeeds.incrementAndGet());
    }

    byte[] existingKey(RocksDbKvBenchmark b) {
      return b.keys[rnd.nextInt(b.keys.length)];
    }
  }

  /**
   * A JMH profiler that reports the CPU time of the whole benchmark process per operation of an
   * iteration, as the secondary result {@code cpu.us/op}. Not a benchmark.
   */
  public static final class ProcessCpu implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;

    /** A profiler; JMH makes one per fork. */
    public ProcessCpu() {}

    @Override
    public String getDescription() {
      return "CPU time of the benchmark process per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
      cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark,
        IterationParams iteration, IterationResult result) {
      long cpuNanos = os.getProcessCpuTime() - cpuAtStart;
      long ops = Math.max(1, result.getMetadata().getMeasuredOps());
      return List.of(new ScalarResult("cpu.us/op", cpuNanos / 1000.0 / ops, "us/op",
          AggregationPolicy.AVG));
    }
  }

  @Benchmark
  public void pointGet(PerThread t, Blackhole bh) throws RocksDBException {
    byte[] k = t.existingKey(this);
    byte[] v = raw != null ? raw.db.get(raw.readOptions, k) : store.get(k);
    if (v == null) {
      throw new IllegalStateException(impl + ": key not found");
    }
    bh.consume(v);
  }

  @Benchmark
  public int scan50(PerThread t, Blackhole bh) {
    byte[] start = t.existingKey(this);
    int n = 0;
    if (raw != null) {
      try (RocksIterator it = raw.db.newIterator(raw.readOptions)) {
        for (it.seek(start); it.isValid() && n < SCAN_ROWS; it.next()) {
          bh.consume(it.key());
          bh.consume(it.value());
          n++;
        }
      }
    } else {
      List<KvEntry> entries = store.scan(KeyRange.of(start, null), Direction.ASCENDING,
          SCAN_ROWS).entries();
      for (int i = 0; i < entries.size(); i++) {
        KvEntry e = entries.get(i);
        bh.consume(e.key());
        bh.consume(e.value());
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException(impl + ": scan from an existing key found nothing");
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(NEW_ROWS_PER_BATCH)
  public void loadBatch1000(PerThread t, Blackhole bh) throws RocksDBException {
    SplittableRandom rnd = t.rnd;
    if (raw != null) {
      try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
        for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
          wb.put(BenchData.randomKey(rnd), values[rnd.nextInt(values.length)]);
        }
        raw.db.write(raw.writeOptions, wb);
      }
    } else {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        b.put(BenchData.randomKey(rnd), values[rnd.nextInt(values.length)]);
      }
      bh.consume(store.write(b.build()));
    }
  }
}
