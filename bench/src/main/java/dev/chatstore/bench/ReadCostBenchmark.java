package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Diagnostic, not a headline figure: where {@code SqliteKvStore.get} and {@code scan} spend the
 * time they take beyond raw sqlite-jdbc in {@link SqliteKvBenchmark#pointGet} and
 * {@link SqliteKvBenchmark#scan50}. Every variant reads the SAME file,
 * loaded through chatstore (its schema: {@code kv(k, v, exp)} plus the partial index on
 * {@code exp}), single-threaded, random existing keys:
 * <ul>
 *   <li>{@code chatstore}: {@code store.get(key)}; {@code store.scan(KeyRange.of(key, null),
 *       ASCENDING, 50)}.</li>
 *   <li>{@code jdbcLive1}: one raw read connection with chatstore's pragmas and chatstore's exact
 *       statement {@code SELECT v FROM kv WHERE k = ? AND (exp IS NULL OR exp > ?)}, binding
 *       {@code System.currentTimeMillis()}; for the scan chatstore's
 *       {@code SELECT k, v, exp FROM kv WHERE k >= ? AND (exp IS NULL OR exp > ?) ORDER BY k
 *       ASC}, binding the time and stopping after 50 rows.</li>
 *   <li>{@code jdbcLiveLimitParam1}: the scan as chatstore ran it before: the same test and
 *       {@code LIMIT ?} bound to 50 (SQLite re-prepares it on every execution, as rebinding a
 *       LIMIT parameter expires the statement); for {@code get} as {@code jdbcLive1}.</li>
 *   <li>{@code jdbcLive4}: the same statement on FOUR connections taken from and given back to an
 *       {@code ArrayBlockingQueue} (FIFO) on every get, as chatstore's {@code ReaderPool} does:
 *       each get lands on the next connection in turn.</li>
 *   <li>{@code jdbcLive4Lifo}: as {@code jdbcLive4}, but the four connections are kept in a
 *       LIFO deque ({@code takeFirst}/{@code offerFirst}): a lone reader always gets back the
 *       connection it just used, with its page cache and CPU caches warm.</li>
 *   <li>{@code jdbcPlain1}: one raw connection, {@code SELECT v FROM kv WHERE k = ?} (no
 *       liveness test), as the raw side of {@link SqliteKvBenchmark}; for the scan
 *       {@code SELECT k, v FROM kv WHERE k >= ? ORDER BY k LIMIT 50}.</li>
 * </ul>
 *
 * <pre>
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar 'ReadCostBenchmark.get' \
 *     -f 1 -wi 2 -w 3s -i 3 -r 3s -prof gc
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar 'ReadCostBenchmark.scan50' \
 *     -p variant=chatstore,jdbcLive4,jdbcLive1,jdbcPlain1 -f 1 -wi 2 -w 3s -i 3 -r 3s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class ReadCostBenchmark {
  private static final long SEED = 0x5eed_c4a7L;
  private static final String LIVE_GET = "SELECT v FROM kv WHERE k = ? AND (exp IS NULL OR exp > ?)";
  private static final String PLAIN_GET = "SELECT v FROM kv WHERE k = ?";
  private static final String LIVE_SCAN = "SELECT k, v, exp FROM kv WHERE k >= ? AND "
      + "(exp IS NULL OR exp > ?) ORDER BY k ASC";
  private static final String LIVE_SCAN_LIMIT_PARAM = "SELECT k, v FROM kv WHERE k >= ? AND "
      + "(exp IS NULL OR exp > ?) ORDER BY k ASC LIMIT ?";
  private static final String PLAIN_SCAN = "SELECT k, v FROM kv WHERE k >= ? ORDER BY k LIMIT 50";

  @Param({"chatstore", "jdbcLive1", "jdbcLiveLimitParam1", "jdbcLive4", "jdbcLive4Lifo",
      "jdbcPlain1"})
  public String variant;

  @Param({"1000000"})
  public int rows;

  Path dir;
  byte[][] keys;
  SqliteKvStore store;
  final List<Connection> conns = new ArrayList<>();
  ArrayBlockingQueue<PreparedStatement> pool;
  LinkedBlockingDeque<PreparedStatement> lifo;
  PreparedStatement single;
  PreparedStatement singleScan;
  ArrayBlockingQueue<PreparedStatement> scanPool;
  LinkedBlockingDeque<PreparedStatement> scanLifo;
  SplittableRandom rnd;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    dir = BenchData.freshDir("chatstore-pg-");
    Path file = dir.resolve("bench.db");
    keys = BenchData.sortedKeys(rows, SEED);
    byte[][] values = BenchData.valuePool(200, SEED + 1);
    try (SqliteKvStore s = SqliteKvStore.open(file)) {
      for (int i = 0; i < keys.length; i += 10_000) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int j = i; j < Math.min(keys.length, i + 10_000); j++) {
          b.put(keys[j], values[j % values.length]);
        }
        s.write(b.build());
      }
    }
    rnd = new SplittableRandom(SEED * 31 + 1);
    switch (variant) {
      case "chatstore" -> store = SqliteKvStore.open(file, SqliteOptions.defaults(),
          StoreOptions.defaults());
      case "jdbcLive1", "jdbcLiveLimitParam1", "jdbcPlain1" -> {
        Connection c = BenchData.rawConnection(file, false, null);
        conns.add(c);
        boolean live = !variant.equals("jdbcPlain1");
        single = c.prepareStatement(live ? LIVE_GET : PLAIN_GET);
        singleScan = c.prepareStatement(variant.equals("jdbcLiveLimitParam1")
            ? LIVE_SCAN_LIMIT_PARAM : live ? LIVE_SCAN : PLAIN_SCAN);
      }
      case "jdbcLive4" -> {
        pool = new ArrayBlockingQueue<>(4);
        scanPool = new ArrayBlockingQueue<>(4);
        for (int i = 0; i < 4; i++) {
          Connection c = BenchData.rawConnection(file, false, null);
          conns.add(c);
          pool.add(c.prepareStatement(LIVE_GET));
          scanPool.add(c.prepareStatement(LIVE_SCAN));
        }
      }
      case "jdbcLive4Lifo" -> {
        lifo = new LinkedBlockingDeque<>(4);
        scanLifo = new LinkedBlockingDeque<>(4);
        for (int i = 0; i < 4; i++) {
          Connection c = BenchData.rawConnection(file, false, null);
          conns.add(c);
          lifo.add(c.prepareStatement(LIVE_GET));
          scanLifo.add(c.prepareStatement(LIVE_SCAN));
        }
      }
      default -> throw new IllegalArgumentException(variant);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    for (PreparedStatement ps : new PreparedStatement[] {single, singleScan}) {
      if (ps != null) {
        ps.close();
      }
    }
    if (store != null) {
      store.close();
    }
    for (Connection c : conns) {
      c.close();
    }
    BenchData.deleteTree(dir);
  }

  @Benchmark
  public void get(Blackhole bh) throws Exception {
    byte[] k = keys[rnd.nextInt(keys.length)];
    byte[] v;
    switch (variant) {
      case "chatstore" -> v = store.get(k);
      case "jdbcLive4" -> {
        PreparedStatement ps = pool.take();
        try {
          v = query(ps, k, true);
        } finally {
          pool.offer(ps);
        }
      }
      case "jdbcLive4Lifo" -> {
        PreparedStatement ps = lifo.takeFirst();
        try {
          v = query(ps, k, true);
        } finally {
          lifo.offerFirst(ps);
        }
      }
      case "jdbcLive1", "jdbcLiveLimitParam1" -> v = query(single, k, true);
      default -> v = query(single, k, false);
    }
    if (v == null) {
      throw new IllegalStateException(variant + ": key not found");
    }
    bh.consume(v);
  }

  @Benchmark
  public int scan50(Blackhole bh) throws Exception {
    byte[] k = keys[rnd.nextInt(keys.length)];
    int n;
    switch (variant) {
      case "chatstore" -> {
        List<KvEntry> entries =
            store.scan(KeyRange.of(k, null), Direction.ASCENDING, 50).entries();
        for (int i = 0; i < entries.size(); i++) {
          bh.consume(entries.get(i).key());
          bh.consume(entries.get(i).value());
        }
        n = entries.size();
      }
      case "jdbcLive4" -> {
        PreparedStatement ps = scanPool.take();
        try {
          n = scanRows(ps, k, true, bh);
        } finally {
          scanPool.offer(ps);
        }
      }
      case "jdbcLive4Lifo" -> {
        PreparedStatement ps = scanLifo.takeFirst();
        try {
          n = scanRows(ps, k, true, bh);
        } finally {
          scanLifo.offerFirst(ps);
        }
      }
      case "jdbcLive1" -> n = scanRows(singleScan, k, true, bh);
      case "jdbcLiveLimitParam1" -> n = scanRowsLimitParam(singleScan, k, bh);
      default -> n = scanRows(singleScan, k, false, bh);
    }
    if (n == 0) {
      throw new IllegalStateException(variant + ": empty scan");
    }
    return n;
  }

  private static int scanRowsLimitParam(PreparedStatement ps, byte[] k, Blackhole bh)
      throws SQLException {
    ps.setBytes(1, k);
    ps.setLong(2, System.currentTimeMillis());
    ps.setInt(3, 50);
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        bh.consume(rs.getBytes(1));
        bh.consume(rs.getBytes(2));
        n++;
      }
    }
    return n;
  }

  private static int scanRows(PreparedStatement ps, byte[] k, boolean live, Blackhole bh)
      throws SQLException {
    ps.setBytes(1, k);
    if (live) {
      ps.setLong(2, System.currentTimeMillis());
    }
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (n < 50 && rs.next()) {
        bh.consume(rs.getBytes(1));
        bh.consume(rs.getBytes(2));
        n++;
      }
    }
    return n;
  }

  private static byte[] query(PreparedStatement ps, byte[] k, boolean live) throws SQLException {
    ps.setBytes(1, k);
    if (live) {
      ps.setLong(2, System.currentTimeMillis());
    }
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }
}
