package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.postgres.PostgresKvStore;
import dev.chatstore.postgres.PostgresOptions;
import dev.chatstore.postgres.PostgresUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PostgresKvStore} beside raw pgjdbc on the same PostgreSQL server, in the same run: the
 * cost of chatstore's layer over plain JDBC.
 *
 * <h2>Data</h2>
 * Per trial (one benchmark and one {@code impl}, in its own fork) a fresh table is loaded with
 * {@code rows} (default 100,000) keys of 16-40 random bytes (seeded: raw and chatstore hold the
 * same keys) and values of 190-210 random bytes, then {@code VACUUM ANALYZE}d; the table is
 * dropped at the end of the trial.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li>{@code raw}: table {@code (k bytea PRIMARY KEY, v bytea NOT NULL)}; each benchmark thread
 *       has its own pgjdbc connection with its statements prepared once (pgjdbc's defaults,
 *       server-side prepared after 5 uses): the plain JDBC code a user would write.</li>
 *   <li>{@code chatstore}: {@code PostgresKvStore} with default options (8 pooled connections,
 *       group-committing writer, schema {@code (k, v, exp)} with the expiry filter in every
 *       read).</li>
 * </ul>
 * Both commit with the server's {@code synchronous_commit} (on by default).
 *
 * <h2>Benchmarks (throughput, one thread)</h2>
 * <ul>
 *   <li>{@code pointGet}: the value of a random existing key (ops/s = gets/s).</li>
 *   <li>{@code scan50}: 50 entries ascending from a random existing key, every key and value
 *       consumed (ops/s = scans/s).</li>
 *   <li>{@code loadBatch1000}: 1,000 new random keys in one transaction. Raw: one prepared
 *       {@code INSERT}, {@code addBatch} 1,000 times, {@code executeBatch}, {@code commit}.
 *       Chatstore: one {@link WriteBatch} of 1,000 puts through {@code store.write} (one
 *       {@code unnest} upsert). {@code @OperationsPerInvocation(1000)}: the score is ROWS per
 *       second.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * The server is {@code -Dbench.pg=postgresql://...} (default
 * {@value #DEFAULT_URL}); it must accept the user without a password prompt (trust, or a
 * password in the URI).
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar PostgresKvBenchmark \
 *     -f 1 -wi 3 -w 3s -i 5 -r 2s | tee bench/results/postgres-kv.log
 * </pre>
 * JMH measures the two sides one after the other, so on a shared or virtual machine a burst of
 * other load during one side's trial skews the ratio. {@link #main} measures the same three
 * operations side by side instead: both sides loaded in one JVM, then alternating blocks of
 * {@value #AB_BLOCK} operations of each, and the median time per operation of each side:
 * <pre>
 * $JAVA_HOME/bin/java -cp bench/target/benchmarks.jar dev.chatstore.bench.PostgresKvBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PostgresKvBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresKvBenchmark.class);

  /** The server used without {@code -Dbench.pg}. */
  public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";
  /** The seed of the loaded keys: the same data for raw and chatstore. */
  private static final long SEED = 0x5eed_9a11L;
  private static final int LOAD_CHUNK = 10_000;
  static final int NEW_ROWS_PER_BATCH = 1000;
  static final int SCAN_ROWS = 50;
  /** Operations per block of the side-by-side run ({@link #main}). */
  static final int AB_BLOCK = 50;
  /** Batches of 1,000 rows per block of the side-by-side load. */
  static final int AB_LOAD_BLOCK = 2;
  /** Blocks per side and operation in the side-by-side run; the first fifth is warm-up. */
  static final int AB_ROUNDS = 1000;
  /** Blocks per side of the side-by-side load; the first fifth is warm-up. */
  static final int AB_LOAD_ROUNDS = 150;

  /** Which side is measured. */
  @Param({"raw", "chatstore"})
  public String impl;

  /** How many rows are loaded before measuring. */
  @Param({"100000"})
  public int rows;

  PostgresUri server;
  String table;
  /** The loaded keys, sorted. */
  byte[][] keys;
  /** Values to draw from (values repeat; keys never do). */
  byte[][] values;
  /** The store, for {@code impl=chatstore}. */
  PostgresKvStore store;
  final AtomicInteger threadSeeds = new AtomicInteger();

  boolean raw() {
    return switch (impl) {
      case "raw" -> true;
      case "chatstore" -> false;
      default -> throw new IllegalArgumentException("impl must be raw or chatstore: " + impl);
    };
  }

  static Connection rawConnection(PostgresUri uri) throws SQLException {
    Properties p = new Properties();
    if (uri.user() != null) {
      p.setProperty("user", uri.user());
    }
    if (uri.password() != null) {
      p.setProperty("password", uri.password());
    }
    return DriverManager.getConnection(uri.jdbcUrl(), p);
  }

  @Setup(Level.Trial)
  public void load() throws SQLException {
    boolean raw = raw();
    PostgresUri base = PostgresUri.parse(System.getProperty("bench.pg", DEFAULT_URL));
    table = "bench_" + impl + "_" + ProcessHandle.current().pid();
    server = new PostgresUri(base.user(), base.password(), base.host(), base.port(),
        base.database(), PostgresOptions.defaults().withTable(table));
    keys = BenchData.sortedKeys(rows, SEED);
    values = BenchData.valuePool(200, SEED + 1);
    long t0 = System.nanoTime();
    try (Connection c = rawConnection(server)) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_meta");
      }
      if (raw) {
        try (Statement st = c.createStatement()) {
          st.execute("CREATE TABLE " + table + " (k bytea PRIMARY KEY, v bytea NOT NULL)");
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table
            + " (k, v) SELECT * FROM unnest(?::bytea[], ?::bytea[])")) {
          for (int i = 0; i < keys.length; i += LOAD_CHUNK) {
            int end = Math.min(keys.length, i + LOAD_CHUNK);
            byte[][] v = new byte[end - i][];
            for (int j = i; j < end; j++) {
              v[j - i] = values[j % values.length];
            }
            ins.setArray(1, c.createArrayOf("bytea", Arrays.copyOfRange(keys, i, end)));
            ins.setArray(2, c.createArrayOf("bytea", v));
            ins.executeUpdate();
          }
        }
      } else {
        store = PostgresKvStore.open(server, StoreOptions.defaults());
        for (int i = 0; i < keys.length; i += LOAD_CHUNK) {
          WriteBatch.Builder b = WriteBatch.builder();
          for (int j = i; j < Math.min(keys.length, i + LOAD_CHUNK); j++) {
            b.put(keys[j], values[j % values.length]);
          }
          store.write(b.build());
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("VACUUM ANALYZE " + table);
      }
    }
    LOG.info("{}: loaded {} rows into {} in {} ms", impl, keys.length, table,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (store != null) {
      store.close();
      store = null;
    }
    try (Connection c = rawConnection(server); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_meta");
    }
  }

  /** One benchmark thread's random source and, for raw, its own connection. */
  @State(Scope.Thread)
  public static class PerThread {
    SplittableRandom rnd;
    Connection conn;
    PreparedStatement get;
    PreparedStatement scan;
    PreparedStatement insert;

    @Setup(Level.Trial)
    public void open(PostgresKvBenchmark b) throws SQLException {
      rnd = new SplittableRandom(SEED * 31 + b.threadSeeds.incrementAndGet());
      if (b.raw()) {
        conn = rawConnection(b.server);
        get = conn.prepareStatement("SELECT v FROM " + b.table + " WHERE k = ?");
        scan = conn.prepareStatement("SELECT k, v FROM " + b.table
            + " WHERE k >= ? ORDER BY k LIMIT " + SCAN_ROWS);
        insert = conn.prepareStatement("INSERT INTO " + b.table + " (k, v) VALUES (?, ?)");
      }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      if (conn != null) {
        conn.close();
      }
    }

    byte[] existingKey(PostgresKvBenchmark b) {
      return b.keys[rnd.nextInt(b.keys.length)];
    }
  }

  @Benchmark
  public void pointGet(PerThread t, Blackhole bh) throws SQLException {
    byte[] k = t.existingKey(this);
    if (t.get != null) {
      t.get.setBytes(1, k);
      try (ResultSet rs = t.get.executeQuery()) {
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
      t.scan.setBytes(1, start);
      try (ResultSet rs = t.scan.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getBytes(1));
          bh.consume(rs.getBytes(2));
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
  public void loadBatch1000(PerThread t, Blackhole bh) throws SQLException {
    SplittableRandom rnd = t.rnd;
    if (t.insert != null) {
      t.conn.setAutoCommit(false);
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        t.insert.setBytes(1, BenchData.randomKey(rnd));
        t.insert.setBytes(2, values[rnd.nextInt(values.length)]);
        t.insert.addBatch();
      }
      bh.consume(t.insert.executeBatch());
      t.conn.commit();
      t.conn.setAutoCommit(true);
    } else {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        b.put(BenchData.randomKey(rnd), values[rnd.nextInt(values.length)]);
      }
      bh.consume(store.write(b.build()));
    }
  }

  /** One operation of the side-by-side run. */
  @FunctionalInterface
  private interface AbOp {
    void run(PostgresKvBenchmark b, PerThread t, Blackhole bh) throws SQLException;
  }

  /**
   * Runs raw and chatstore side by side, in one JVM on the same server: loads both tables, then
   * for each operation alternates blocks of raw and chatstore in a random order per round
   * ({@value #AB_ROUNDS} blocks of {@value #AB_BLOCK} gets or scans each; {@value
   * #AB_LOAD_ROUNDS} blocks of {@value #AB_LOAD_BLOCK} batches of 1,000 rows for the load) and
   * logs the median time per operation (per row for the load) of
   * each side and their ratio. {@code -Dbench.rows=N} changes the data set,
   * {@code -Dbench.rounds=N} the number of blocks, {@code -Dbench.pg=URI} the server.
   */
  public static void main(String[] args) throws Exception {
    Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating"
        + " Blackholes directly is dangerous.");
    PostgresKvBenchmark raw = new PostgresKvBenchmark();
    PostgresKvBenchmark chat = new PostgresKvBenchmark();
    raw.impl = "raw";
    chat.impl = "chatstore";
    raw.rows = chat.rows = Integer.getInteger("bench.rows", 100_000);
    raw.load();
    chat.load();
    SplittableRandom order = new SplittableRandom(SEED);
    PerThread rawT = new PerThread();
    PerThread chatT = new PerThread();
    rawT.open(raw);
    chatT.open(chat);
    try {
      List<String> names = List.of("pointGet", "scan50", "loadBatch1000");
      List<AbOp> ops = List.of((b, t, h) -> b.pointGet(t, h), (b, t, h) -> b.scan50(t, h),
          (b, t, h) -> b.loadBatch1000(t, h));
      for (int o = 0; o < ops.size(); o++) {
        AbOp op = ops.get(o);
        boolean load = names.get(o).startsWith("load");
        int block = load ? AB_LOAD_BLOCK : AB_BLOCK;
        int perOp = load ? NEW_ROWS_PER_BATCH : 1;
        int rounds = load ? AB_LOAD_ROUNDS : Integer.getInteger("bench.rounds", AB_ROUNDS);
        double[] rawNs = new double[rounds];
        double[] chatNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          // Who goes first is drawn per round, so that load on the machine that comes and goes
          // in step with the blocks cannot favour one side.
          boolean rawFirst = order.nextBoolean();
          if (rawFirst) {
            rawNs[r] = timeBlock(op, raw, rawT, bh, block) / perOp;
          }
          chatNs[r] = timeBlock(op, chat, chatT, bh, block) / perOp;
          if (!rawFirst) {
            rawNs[r] = timeBlock(op, raw, rawT, bh, block) / perOp;
          }
        }
        double rawMedian = median(rawNs);
        double chatMedian = median(chatNs);
        LOG.info(String.format("side by side %-13s raw %,10.0f ops/s   chatstore %,10.0f ops/s"
            + "   chatstore/raw %.2f", names.get(o), 1e9 / rawMedian, 1e9 / chatMedian,
            rawMedian / chatMedian));
      }
    } finally {
      rawT.close();
      chatT.close();
      raw.tearDown();
      chat.tearDown();
    }
  }

  private static double timeBlock(AbOp op, PostgresKvBenchmark b, PerThread t, Blackhole bh,
      int n) throws SQLException {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.run(b, t, bh);
    }
    return (double) (System.nanoTime() - t0) / n;
  }

  /** The median of the rounds after the first fifth (warm-up). */
  private static double median(double[] rounds) {
    double[] kept = Arrays.copyOfRange(rounds, rounds.length / 5, rounds.length);
    Arrays.sort(kept);
    return kept[kept.length / 2];
  }
}
