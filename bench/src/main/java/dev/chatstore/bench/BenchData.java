package dev.chatstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/** Data and file helpers shared by the benchmarks. Not a benchmark itself. */
final class BenchData {
  /** Shortest generated key, in bytes. */
  static final int MIN_KEY = 16;
  /** Longest generated key, in bytes. */
  static final int MAX_KEY = 40;
  /** How many distinct values the pools hold (values are reused, keys never). */
  private static final int VALUE_POOL = 4096;

  /**
   * The same pragmas {@code SqliteKvStore} applies to its connections (busy timeout, temp store,
   * cache size, synchronous, journal size limit), so raw and chatstore differ only in code.
   */
  static final int BUSY_TIMEOUT_MS = 30_000;
  static final int WRITER_CACHE_KIB = 16 * 1024;
  static final int READER_CACHE_KIB = 8 * 1024;
  static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;

  private BenchData() {}

  /** {@code n} random keys of {@value #MIN_KEY}-{@value #MAX_KEY} bytes, sorted unsigned. */
  static byte[][] sortedKeys(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = randomKey(rnd);
    }
    Arrays.parallelSort(keys, Arrays::compareUnsigned);
    // Random 16+ byte keys practically never collide; make sure anyway (a raw INSERT would fail).
    int w = 1;
    for (int i = 1; i < n; i++) {
      if (!Arrays.equals(keys[i], keys[w - 1])) {
        keys[w++] = keys[i];
      }
    }
    return w == n ? keys : Arrays.copyOf(keys, w);
  }

  /** One random key of {@value #MIN_KEY}-{@value #MAX_KEY} bytes. */
  static byte[] randomKey(SplittableRandom rnd) {
    byte[] k = new byte[MIN_KEY + rnd.nextInt(MAX_KEY - MIN_KEY + 1)];
    rnd.nextBytes(k);
    return k;
  }

  /** A pool of random values of {@code size - 10} to {@code size + 10} bytes. */
  static byte[][] valuePool(int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[][] pool = new byte[VALUE_POOL][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new byte[size - 10 + rnd.nextInt(21)];
      rnd.nextBytes(pool[i]);
    }
    return pool;
  }

  /**
   * A fresh temporary directory for one trial's database, under {@code -Dbench.dir} when given
   * (put it on the disk you want to measure), else under {@code java.io.tmpdir}.
   */
  static Path freshDir(String prefix) {
    try {
      String base = System.getProperty("bench.dir");
      if (base != null) {
        Path b = Path.of(base);
        Files.createDirectories(b);
        return Files.createTempDirectory(b, prefix);
      }
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it; best effort. */
  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /**
   * A raw sqlite-jdbc connection with chatstore's pragmas: WAL, busy timeout, temp_store MEMORY,
   * and the cache size, synchronous level and journal size limit of a chatstore writer
   * ({@code writer}) or reader connection.
   */
  static Connection rawConnection(Path file, boolean writer, String synchronous)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA temp_store = MEMORY");
      st.execute("PRAGMA cache_size = -" + (writer ? WRITER_CACHE_KIB : READER_CACHE_KIB));
      if (writer) {
        st.execute("PRAGMA synchronous = " + synchronous);
        st.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
      }
    }
    return c;
  }

  /** Folds the WAL into the database and truncates it, so every trial starts clean. */
  static void checkpoint(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }
}
