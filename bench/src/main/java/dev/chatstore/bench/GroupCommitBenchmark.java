package dev.chatstore.bench;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Durable single-key writes with {@code synchronous=FULL} (one fsync of the WAL per commit): what
 * group commit buys when many threads write at once.
 *
 * <p>Each operation writes ONE new random key (16-40 bytes) with a value of 90-110 bytes and
 * returns only when it is durable. {@code put1Thread} runs it on 1 thread, {@code put64Threads}
 * on 64 threads sharing one database (a fresh file per trial). The score is durable puts per
 * second, summed over the threads.
 *
 * <ul>
 *   <li>{@code chatstore}: {@code SqliteKvStore} opened with
 *       {@code SqliteOptions.defaults().withSynchronous(FULL)}; each op is
 *       {@code store.put(key, value)}. Concurrent puts queue up while a commit runs and the single
 *       writer thread commits them together: one transaction, one fsync for the group.</li>
 *   <li>{@code raw}: one sqlite-jdbc connection (WAL, synchronous=FULL, chatstore's pragmas) in
 *       auto-commit mode, one prepared {@code INSERT} per put; with several threads the
 *       connection is shared under a lock (a JDBC connection is not for concurrent use), so
 *       every put is its own transaction and its own fsync.</li>
 *   <li>{@code rawconn}: one such connection PER THREAD; concurrent writers wait for SQLite's
 *       write lock in its busy handler (busy_timeout 30 s), again one fsync per put.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar GroupCommitBenchmark \
 *     -f 1 -wi 1 -w 3s -i 3 -r 3s | tee bench/results/group-commit.log
 * </pre>
 * Besides JMH's score, each trial prints {@code [wall-clock]} lines: puts completed per second of
 * wall-clock time per iteration. Read those for {@code rawconn} with 64 threads: JMH sums each
 * thread's ops over that thread's own timing window, and when a thread sleeps for seconds in
 * SQLite's busy handler its window shrinks to milliseconds, so JMH's score overstates the rate
 * many times over (measured here: JMH 18,204 ops/s, wall-clock about 3,800 puts/s). For
 * {@code chatstore} and {@code raw} both figures agree.
 * The figures depend entirely on the fsync latency of the disk under {@code java.io.tmpdir}
 * (or {@code -jvmArgs -Dbench.dir=/some/disk}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class GroupCommitBenchmark {
  private static final long SEED = 0x6c0ffeeL;
  static final String RAW_CREATE =
      "CREATE TABLE kv(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID";
  static final String RAW_INSERT = "INSERT INTO kv(k, v) VALUES(?, ?)";

  /** Which side is measured. */
  @Param({"chatstore", "raw", "rawconn"})
  public String impl;

  Path dir;
  Path file;
  byte[][] values;
  SqliteKvStore store;
  /** impl=raw: the one connection, its statement, and the lock that serializes its users. */
  Connection shared;
  PreparedStatement sharedInsert;
  final ReentrantLock sharedLock = new ReentrantLock();
  final AtomicInteger threadSeeds = new AtomicInteger();
  long setupNanos;
  /** Completed puts, for the wall-clock cross-check of JMH's per-thread score. */
  final LongAdder done = new LongAdder();
  long iterationStartNanos;
  long iterationStartOps;
  final List<String> wallClock = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    setupNanos = System.nanoTime();
    dir = BenchData.freshDir("chatstore-gc-");
    file = dir.resolve("gc.db");
    values = BenchData.valuePool(100, SEED);
    switch (impl) {
      case "chatstore" -> store = SqliteKvStore.open(file,
          SqliteOptions.defaults().withSynchronous(SqliteOptions.Synchronous.FULL),
          StoreOptions.defaults());
      case "raw", "rawconn" -> {
        shared = BenchData.rawConnection(file, true, "FULL");
        try (Statement st = shared.createStatement()) {
          st.execute(RAW_CREATE);
        }
        sharedInsert = shared.prepareStatement(RAW_INSERT);
      }
      default -> throw new IllegalArgumentException("impl must be chatstore, raw or rawconn");
    }
  }

  /**
   * Starts the wall-clock count of one iteration. No put is in flight here, and none is when
   * {@link #endIteration} runs (JMH waits for every thread's last call), so the count is exactly
   * the puts that started and completed between the two.
   */
  @Setup(Level.Iteration)
  public void startIteration() {
    iterationStartOps = done.sum();
    iterationStartNanos = System.nanoTime();
  }

  /**
   * Records puts per second of wall-clock time over the whole iteration, including JMH's
   * synchronisation phases at its start and end. JMH's own multi-thread score sums each thread's
   * ops over that thread's own measured window; when single operations are very slow (threads
   * sleeping in SQLite's busy handler) a thread's window can be a few milliseconds and the sum
   * overstates the rate. This figure cannot.
   */
  @TearDown(Level.Iteration)
  public void endIteration(IterationParams it) {
    double secs = (System.nanoTime() - iterationStartNanos) / 1e9;
    long ops = done.sum() - iterationStartOps;
    wallClock.add(String.format("%s %,d puts / %.2f s = %,.0f puts/s",
        it.getType() == IterationType.WARMUP ? "warmup" : "measure", ops, secs, ops / secs));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    System.out.printf("%n[wall-clock] %s:%n", impl);
    wallClock.forEach(w -> System.out.println("[wall-clock]   " + w));
    long rows = -1;
    if (store != null) {
      rows = store.count(dev.chatstore.kv.KeyRange.all());
    } else if (shared != null) {
      try (Statement st = shared.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
        rows = rs.next() ? rs.getLong(1) : -1;
      }
    }
    System.out.printf("%n[teardown] %s: %,d rows written in %.1f s since setup%n", impl, rows,
        (System.nanoTime() - setupNanos) / 1e9);
    if (store != null) {
      store.close();
      store = null;
    }
    if (shared != null) {
      sharedInsert.close();
      shared.close();
      shared = null;
    }
    BenchData.deleteTree(dir);
  }

  /** One benchmark thread's random source and, for rawconn, its own connection. */
  @State(Scope.Thread)
  public static class PerThread {
    SplittableRandom rnd;
    Connection conn;
    PreparedStatement insert;

    @Setup(Level.Trial)
    public void open(GroupCommitBenchmark b) throws SQLException {
      rnd = new SplittableRandom(SEED * 31 + b.threadSeeds.incrementAndGet());
      if (b.impl.equals("rawconn")) {
        conn = BenchData.rawConnection(b.file, true, "FULL");
        insert = conn.prepareStatement(RAW_INSERT);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      if (conn != null) {
        insert.close();
        conn.close();
      }
    }
  }

  @Benchmark
  @Threads(1)
  public void put1Thread(PerThread t) throws SQLException {
    put(t);
  }

  @Benchmark
  @Threads(64)
  public void put64Threads(PerThread t) throws SQLException {
    put(t);
  }

  private void put(PerThread t) throws SQLException {
    byte[] key = BenchData.randomKey(t.rnd);
    byte[] value = values[t.rnd.nextInt(values.length)];
    if (store != null) {
      store.put(key, value);
    } else if (t.insert != null) {
      PreparedStatement ps = t.insert;
      ps.setBytes(1, key);
      ps.setBytes(2, value);
      ps.executeUpdate();
    } else {
      sharedLock.lock();
      try {
        sharedInsert.setBytes(1, key);
        sharedInsert.setBytes(2, value);
        sharedInsert.executeUpdate();
      } finally {
        sharedLock.unlock();
      }
    }
    done.increment();
  }
}
