package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Diagnostic, not a headline figure: SQLite read statements compared side by side in ONE JVM,
 * interleaved in short slices, measured in operations per CPU-second of the measuring thread.
 * On this shared 2-core machine wall-clock rates of consecutive JMH trials swing 2-5× with the
 * other jobs; CPU time per operation of slices taken turn about is far steadier, and the median
 * of the per-round ratios to the first variant reads to a few per cent.
 *
 * <p>Two files of {@code rows} rows with the keys and values of {@link SqliteKvBenchmark}: one
 * loaded as its raw side loads ({@code kv(k, v)}, plain INSERTs in one transaction), one through
 * {@link SqliteKvStore}. Then, in {@code rounds} rounds (the first fifth discarded as warm-up),
 * each variant runs for {@code slice} seconds, in an order rotated every round. Variants ({@code
 * mode=scan}: 50 entries ascending from a random existing key; {@code mode=get}: one random
 * existing key):
 * <ul>
 *   <li>{@code rawFile}: the raw side's statement on the raw-loaded file ({@code ... LIMIT 50} /
 *       {@code SELECT v FROM kv WHERE k = ?});</li>
 *   <li>{@code plain}: the same statement on the chatstore-loaded file;</li>
 *   <li>{@code liveLimit50}: plus the liveness test {@code (exp IS NULL OR exp > ?)}, literal
 *       {@code LIMIT 50};</li>
 *   <li>{@code plainLimitParam}: {@code plain} with {@code LIMIT ?} (bound to 50);</li>
 *   <li>{@code liveLimitParam}: liveness test and {@code LIMIT ?}: chatstore's statement until
 *       the change that dropped the bound LIMIT;</li>
 *   <li>{@code liveNoLimit}: liveness test, no LIMIT, the loop stops after 50 rows:
 *       chatstore's statement now (it selects {@code exp} too);</li>
 *   <li>{@code liveCase}: the "no expiring row at all" short cut {@code CASE WHEN (SELECT 1 FROM
 *       kv WHERE exp IS NOT NULL LIMIT 1) IS NULL THEN 1 ELSE exp IS NULL OR exp > ? END}, a
 *       once-per-statement subquery on the partial index {@code kv_exp};</li>
 *   <li>{@code javaFilter}: {@code SELECT k, v, exp} without the test, expired rows dropped in
 *       Java;</li>
 *   <li>{@code chatstore}: {@code store.scan} / {@code store.get}.</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.ReadStatementInterleaved \
 *     mode=scan rows=1000000 slice=0.25 rounds=50 [only=rawFile,plain,chatstore]
 * </pre>
 */
public final class ReadStatementInterleaved {
  private static final long SEED = 0x5eed_c4a7L;
  private static final int SCAN_ROWS = 50;
  private static final String EXPIRING_ROW_EXISTS =
      "(SELECT 1 FROM kv WHERE exp IS NOT NULL LIMIT 1)";
  private static long sink;

  private interface Op {
    int run(byte[] key) throws Exception;
  }

  private ReadStatementInterleaved() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>(Map.of("mode", "scan", "rows", "1000000",
        "slice", "0.25", "rounds", "50", "only", ""));
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0 || !a.containsKey(arg.substring(0, eq))) {
        throw new IllegalArgumentException("unknown argument " + arg + "; known: " + a.keySet());
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    boolean scan = switch (a.get("mode")) {
      case "scan" -> true;
      case "get" -> false;
      default -> throw new IllegalArgumentException("mode must be scan or get: " + a.get("mode"));
    };
    int rows = Integer.parseInt(a.get("rows"));
    double slice = Double.parseDouble(a.get("slice"));
    int rounds = Integer.parseInt(a.get("rounds"));

    Path dir = BenchData.freshDir("chatstore-interleaved-");
    byte[][] keys = BenchData.sortedKeys(rows, SEED);
    byte[][] values = BenchData.valuePool(200, SEED + 1);
    Path rawFile = dir.resolve("raw.db");
    Path csFile = dir.resolve("chatstore.db");
    loadRaw(rawFile, keys, values);
    try (SqliteKvStore s = SqliteKvStore.open(csFile)) {
      for (int i = 0; i < keys.length; i += 10_000) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int j = i; j < Math.min(keys.length, i + 10_000); j++) {
          b.put(keys[j], values[j % values.length]);
        }
        s.write(b.build());
      }
    }
    try (SqliteKvStore store = SqliteKvStore.open(csFile, SqliteOptions.defaults(),
            StoreOptions.defaults());
        Connection rawC = BenchData.rawConnection(rawFile, false, null);
        Connection csC = BenchData.rawConnection(csFile, false, null)) {
      Map<String, Op> ops = scan ? scanOps(rawC, csC, store) : getOps(rawC, csC, store);
      if (!a.get("only").isEmpty()) {
        ops.keySet().retainAll(List.of(a.get("only").split(",")));
      }
      run(ops, keys, slice, rounds, a);
    } finally {
      BenchData.deleteTree(dir);
    }
  }

  private static void loadRaw(Path file, byte[][] keys, byte[][] values) throws SQLException {
    try (Connection c = BenchData.rawConnection(file, true, "NORMAL")) {
      try (Statement st = c.createStatement()) {
        st.execute(SqliteKvBenchmark.RAW_CREATE);
      }
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement(SqliteKvBenchmark.RAW_INSERT)) {
        for (int i = 0; i < keys.length; i++) {
          ins.setBytes(1, keys[i]);
          ins.setBytes(2, values[i % values.length]);
          ins.addBatch();
          if ((i + 1) % 10_000 == 0) {
            ins.executeBatch();
          }
        }
        ins.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
      BenchData.checkpoint(c);
    }
  }

  private static Map<String, Op> scanOps(Connection rawC, Connection csC, SqliteKvStore store)
      throws SQLException {
    String select = "SELECT k, v FROM kv WHERE k >= ? ";
    String live = "AND (exp IS NULL OR exp > ?) ";
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("rawFile", scan(rawC, select + "ORDER BY k LIMIT 50", false, false));
    ops.put("plain", scan(csC, select + "ORDER BY k LIMIT 50", false, false));
    ops.put("liveLimit50", scan(csC, select + live + "ORDER BY k LIMIT 50", true, false));
    ops.put("plainLimitParam", scan(csC, select + "ORDER BY k LIMIT ?", false, true));
    ops.put("liveLimitParam", scan(csC, select + live + "ORDER BY k ASC LIMIT ?", true, true));
    ops.put("liveNoLimit", scan(csC, "SELECT k, v, exp FROM kv WHERE k >= ? " + live
        + "ORDER BY k ASC", true, false));
    ops.put("liveCase", scan(csC, select + "AND CASE WHEN " + EXPIRING_ROW_EXISTS
        + " IS NULL THEN 1 ELSE exp IS NULL OR exp > ? END ORDER BY k ASC", true, false));
    PreparedStatement unfiltered =
        csC.prepareStatement("SELECT k, v, exp FROM kv WHERE k >= ? ORDER BY k ASC");
    ops.put("javaFilter", k -> {
      unfiltered.setBytes(1, k);
      long now = System.currentTimeMillis();
      int n = 0;
      try (ResultSet rs = unfiltered.executeQuery()) {
        while (n < SCAN_ROWS && rs.next()) {
          long exp = rs.getLong(3);
          if ((exp != 0 || !rs.wasNull()) && exp <= now) {
            continue; // expired: fetch one more row instead
          }
          sink += rs.getBytes(1).length + rs.getBytes(2).length;
          n++;
        }
      }
      return n;
    });
    ops.put("chatstore", k -> {
      List<KvEntry> es = store.scan(KeyRange.of(k, null), Direction.ASCENDING, SCAN_ROWS)
          .entries();
      for (int i = 0; i < es.size(); i++) {
        sink += es.get(i).key().length + es.get(i).value().length;
      }
      return es.size();
    });
    return ops;
  }

  /** A 50-row scan; binds the time after the key when {@code live}, then 50 when {@code limit}. */
  private static Op scan(Connection c, String sql, boolean live, boolean limit)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    return k -> {
      int p = 1;
      ps.setBytes(p++, k);
      if (live) {
        ps.setLong(p++, System.currentTimeMillis());
      }
      if (limit) {
        ps.setInt(p, SCAN_ROWS);
      }
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (n < SCAN_ROWS && rs.next()) {
          sink += rs.getBytes(1).length + rs.getBytes(2).length;
          n++;
        }
      }
      return n;
    };
  }

  private static Map<String, Op> getOps(Connection rawC, Connection csC, SqliteKvStore store)
      throws SQLException {
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("rawFile", get(rawC, "SELECT v FROM kv WHERE k = ?", false));
    ops.put("plain", get(csC, "SELECT v FROM kv WHERE k = ?", false));
    ops.put("live", get(csC, "SELECT v FROM kv WHERE k = ? AND (exp IS NULL OR exp > ?)", true));
    ops.put("liveCase", get(csC, "SELECT v FROM kv WHERE k = ? AND CASE WHEN "
        + EXPIRING_ROW_EXISTS + " IS NULL THEN 1 ELSE exp IS NULL OR exp > ? END", true));
    ops.put("chatstore", k -> {
      byte[] v = store.get(k);
      sink += v == null ? 0 : v.length;
      return v == null ? 0 : 1;
    });
    return ops;
  }

  private static Op get(Connection c, String sql, boolean live) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    return k -> {
      ps.setBytes(1, k);
      if (live) {
        ps.setLong(2, System.currentTimeMillis());
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        sink += rs.getBytes(1).length;
        return 1;
      }
    };
  }

  private static void run(Map<String, Op> ops, byte[][] keys, double slice, int rounds,
      Map<String, String> args) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    SplittableRandom rnd = new SplittableRandom(SEED * 31 + 1);
    String first = ops.keySet().iterator().next();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      List<String> order = new ArrayList<>(ops.keySet());
      Collections.rotate(order, r);
      Map<String, Double> round = new LinkedHashMap<>();
      for (String name : order) {
        Op op = ops.get(name);
        long end = System.nanoTime() + (long) (slice * 1e9);
        long n = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        while (System.nanoTime() < end) {
          for (int i = 0; i < 20; i++, n++) {
            if (op.run(keys[rnd.nextInt(keys.length)]) == 0) {
              throw new IllegalStateException(name + ": an existing key read nothing");
            }
          }
        }
        round.put(name, n / ((mx.getCurrentThreadCpuTime() - cpu0) / 1e9));
      }
      if (r >= rounds / 5) {
        for (String name : ops.keySet()) {
          rates.computeIfAbsent(name, x -> new ArrayList<>()).add(round.get(name));
          ratios.computeIfAbsent(name, x -> new ArrayList<>())
              .add(round.get(name) / round.get(first));
        }
      }
    }
    System.out.printf("%s; load average at the end: %s%n", args,
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf("%-16s %14s %28s%n", "variant", "ops/CPU-s", "÷ " + first
        + ": median (quartiles)");
    for (String name : ops.keySet()) {
      List<Double> q = sorted(ratios.get(name));
      System.out.printf("%-16s %14.0f %12.3f (%.3f-%.3f)%n", name, median(rates.get(name)),
          median(q), q.get(q.size() / 4), q.get(3 * q.size() / 4));
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static List<Double> sorted(List<Double> l) {
    List<Double> s = new ArrayList<>(l);
    Collections.sort(s);
    return s;
  }

  private static double median(List<Double> l) {
    List<Double> s = sorted(l);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
