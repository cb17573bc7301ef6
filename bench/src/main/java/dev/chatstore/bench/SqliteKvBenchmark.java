package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SqliteKvStore} beside raw sqlite-jdbc on the same data, in the same run: the cost of
 * chatstore's layer over SQLite.
 *
 * <h2>Data</h2>
 * Per trial (that is, per benchmark and {@code impl}, in its own fork) a fresh database file in a
 * temporary directory is loaded with {@code rows} (default 1,000,000) keys of 16-40 random bytes
 * (seeded, so raw and chatstore hold the same keys) and values of 190-210 random bytes. The load
 * runs in key order: raw in ONE transaction of batched inserts, chatstore in write batches of
 * 10,000. Then the WAL is checkpointed and truncated and the connections (the store) are opened
 * afresh, so both sides start from the same state.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li>{@code raw}: table {@code kv(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID}, WAL,
 *       {@code synchronous=NORMAL}, and otherwise chatstore's pragmas (busy timeout, temp_store
 *       MEMORY, 8 MiB page cache on the read connection, 16 MiB and journal_size_limit 64 MiB on
 *       the write connection). Each benchmark thread has its own read connection and its own write
 *       connection (the same split as chatstore's reader pool and writer), with statements
 *       prepared once: the fastest honest plain-JDBC code.</li>
 *   <li>{@code chatstore}: {@code SqliteKvStore.open(file, SqliteOptions.defaults(),
 *       StoreOptions.defaults())}: synchronous NORMAL, 4 pooled readers, group-committing writer
 *       thread, schema with the expiry column.</li>
 * </ul>
 *
 * <h2>Benchmarks (throughput)</h2>
 * <ul>
 *   <li>{@code pointGet}: the value of a random existing key (ops/s = gets/s).</li>
 *   <li>{@code scan50}: 50 entries ascending from a random existing key, every key and value
 *       consumed (ops/s = scans/s).</li>
 *   <li>{@code loadBatch1000}: 1,000 new random keys (values as above) in one transaction — raw:
 *       {@code addBatch}/{@code executeBatch} + {@code commit}; chatstore: one
 *       {@link WriteBatch} through {@code store.write}. Annotated
 *       {@code @OperationsPerInvocation(1000)}, so the score is ROWS per second (batches/s ×
 *       1000). The table grows during this benchmark.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar SqliteKvBenchmark \
 *     -f 1 -wi 2 -w 3s -i 5 -r 3s | tee bench/results/sqlite-kv.log
 * </pre>
 * Add {@code -p rows=100000} for a quick smoke run, {@code -jvmArgs -Dbench.dir=/some/disk} to put
 * the database files elsewhere than {@code java.io.tmpdir}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class SqliteKvBenchmark {
  /** The seed of the loaded keys: the same data for raw and chatstore. */
  private static final long SEED = 0x5eed_c4a7L;
  private static final int LOAD_BATCH = 10_000;
  static final int NEW_ROWS_PER_BATCH = 1000;
  static final int SCAN_ROWS = 50;

  static final String RAW_CREATE =
      "CREATE TABLE kv(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID";
  static final String RAW_INSERT = "INSERT INTO kv(k, v) VALUES(?, ?)";
  static final String RAW_GET = "SELECT v FROM kv WHERE k = ?";
  static final String RAW_SCAN = "SELECT k, v FROM kv WHERE k >= ? ORDER BY k LIMIT " + SCAN_ROWS;

  /** Which side is measured. */
  @Param({"raw", "chatstore"})
  public String impl;

  /** How many rows are loaded before measuring. */
  @Param({"1000000"})
  public int rows;

  Path dir;
  Path file;
  /** The loaded keys, sorted. */
  byte[][] keys;
  /** Values to draw from (values repeat; keys never do). */
  byte[][] values;
  /** The store, for {@code impl=chatstore}. */
  SqliteKvStore store;
  final AtomicInteger threadSeeds = new AtomicInteger();

  boolean raw() {
    return switch (impl) {
      case "raw" -> true;
      case "chatstore" -> false;
      default -> throw new IllegalArgumentException("impl must be raw or chatstore: " + impl);
    };
  }

  @Setup(Level.Trial)
  public void load() throws Exception {
    boolean raw = raw();
    dir = BenchData.freshDir("chatstore-bench-");
    file = dir.resolve("bench.db");
    keys = BenchData.sortedKeys(rows, SEED);
    values = BenchData.valuePool(200, SEED + 1);
    long t0 = System.nanoTime();
    if (raw) {
      try (Connection c = BenchData.rawConnection(file, true, "NORMAL")) {
        try (Statement st = c.createStatement()) {
          st.execute(RAW_CREATE);
        }
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement(RAW_INSERT)) {
          for (int i = 0; i < keys.length; i++) {
            ins.setBytes(1, keys[i]);
            ins.setBytes(2, values[i % values.length]);
            ins.addBatch();
            if ((i + 1) % LOAD_BATCH == 0) {
              ins.executeBatch();
            }
          }
          ins.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        BenchData.checkpoint(c);
      }
    } else {
      try (SqliteKvStore s = openStore()) {
        for (int i = 0; i < keys.length; i += LOAD_BATCH) {
          WriteBatch.Builder b = WriteBatch.builder();
          for (int j = i; j < Math.min(keys.length, i + LOAD_BATCH); j++) {
            b.put(keys[j], values[j % values.length]);
          }
          s.write(b.build());
        }
      } // close checkpoints and truncates the WAL
      store = openStore();
    }
    System.out.printf("%n[setup] %s: loaded %,d rows into %s in %.1f s%n", impl, keys.length,
        file, (System.nanoTime() - t0) / 1e9);
  }

  private SqliteKvStore openStore() {
    return SqliteKvStore.open(file, SqliteOptions.defaults(), StoreOptions.defaults());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
      store = null;
    }
    BenchData.deleteTree(dir);
  }

  /** One benchmark thread's random source and, for raw, its own connections. */
  @State(Scope.Thread)
  public static class PerThread {
    SplittableRandom rnd;
    Connection reader;
    Connection writer;
    PreparedStatement get;
    PreparedStatement scan;
    PreparedStatement insert;

    @Setup(Level.Trial)
    public void open(SqliteKvBenchmark b) throws SQLException {
      rnd = new SplittableRandom(SEED * 31 + b.threadSeeds.incrementAndGet());
      if (b.raw()) {
        reader = BenchData.rawConnection(b.file, false, null);
        get = reader.prepareStatement(RAW_GET);
        scan = reader.prepareStatement(RAW_SCAN);
        writer = BenchData.rawConnection(b.file, true, "NORMAL");
        writer.setAutoCommit(false);
        insert = writer.prepareStatement(RAW_INSERT);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      for (AutoCloseable c : new AutoCloseable[] {get, scan, insert, reader, writer}) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception e) {
            // best effort
          }
        }
      }
    }

    byte[] existingKey(SqliteKvBenchmark b) {
      return b.keys[rnd.nextInt(b.keys.length)];
    }
  }

  @Benchmark
  public void pointGet(PerThread t, Blackhole bh) throws SQLException {
    byte[] k = t.existingKey(this);
    if (t.get != null) {
      PreparedStatement ps = t.get;
      ps.setBytes(1, k);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("raw: key not found");
        }
        bh.consume(rs.getBytes(1));
      }
    } else {
      byte[] v = store.get(k);
      if (v == null) {
        throw new IllegalStateException("chatstore: key not found");
      }
      bh.consume(v);
    }
  }

  @Benchmark
  public int scan50(PerThread t, Blackhole bh) throws SQLException {
    byte[] start = t.existingKey(this);
    int n = 0;
    if (t.scan != null) {
      PreparedStatement ps = t.scan;
      ps.setBytes(1, start);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getBytes(1));
          bh.consume(rs.getBytes(2));
          n++;
        }
      }
    } else {
      ScanPage page = store.scan(KeyRange.of(start, null), Direction.ASCENDING, SCAN_ROWS);
      List<KvEntry> entries = page.entries();
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
  public void loadBatch1000(PerThread t, Blackhole bh) throws SQLException {
    SplittableRandom rnd = t.rnd;
    if (t.insert != null) {
      PreparedStatement ps = t.insert;
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        ps.setBytes(1, BenchData.randomKey(rnd));
        ps.setBytes(2, values[rnd.nextInt(values.length)]);
        ps.addBatch();
      }
      bh.consume(ps.executeBatch());
      t.writer.commit();
    } else {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        b.put(BenchData.randomKey(rnd), values[rnd.nextInt(values.length)]);
      }
      bh.consume(store.write(b.build()));
    }
  }
}
