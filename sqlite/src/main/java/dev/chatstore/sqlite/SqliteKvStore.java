package dev.chatstore.sqlite;

import dev.chatstore.kv.AbstractKvStore;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded default backend: a {@link dev.chatstore.kv.KvStore} in one SQLite database file,
 * through sqlite-jdbc and its bundled native SQLite. Open it with a {@code sqlite:} URI (see
 * {@link SqliteUri} for the grammar and {@link SqliteOptions} for the parameters) or directly
 * with {@link #open(Path, SqliteOptions, StoreOptions)}.
 *
 * <h2>Storage</h2>
 * One table, {@code kv(k BLOB NOT NULL PRIMARY KEY, v BLOB NOT NULL, exp INTEGER) WITHOUT
 * ROWID}: the key, the value, and the expiry in epoch milliseconds ({@code NULL}: never). A
 * partial index on {@code exp} serves the expiry sweeper. SQLite compares BLOBs like
 * {@code memcmp} with the shorter first on a common prefix, which is chatstore's unsigned key
 * order, so ranges and scans are plain primary-key ranges. The database carries chatstore's
 * {@code PRAGMA application_id} and its schema version in {@code PRAGMA user_version}; on open an
 * empty database gets the schema, an older one is migrated, and a foreign or newer one is refused
 * untouched ({@link StoreException.Kind#MIGRATION}); see {@link SqliteSchema}.
 *
 * <h2>Connections and concurrency</h2>
 * <ul>
 *   <li>The journal is WAL, so readers never block the writer nor the writer the readers.</li>
 *   <li>One writer connection, used by one commit at a time ({@link AbstractKvStore}'s group
 *       commit: the writer thread, or a caller's thread that finds the store idle, since SQLite's
 *       calls need no particular thread and an interrupt does not break them off), with its
 *       statements prepared once. Each commit is one {@code BEGIN IMMEDIATE} transaction: it
 *       takes SQLite's write lock first, so a transaction never has to upgrade a read lock and
 *       SQLite's busy handler (the {@code busyTimeoutMs} parameter, default 30 s) covers every
 *       wait for another writer, such as a second store or process on the same file.</li>
 *   <li>One checkpoint connection, on a thread of its own ({@link WalCheckpointer}): it copies
 *       the WAL into the database file while commits go on, every
 *       {@value WalCheckpointer#PAGES_PER_CHECKPOINT} written operations and within a second of
 *       any commit, so that commits do not wait for a checkpoint's copying and syncing; the
 *       writer connection checkpoints by itself only when the WAL reaches
 *       {@value WalCheckpointer#BACKSTOP_PAGES} pages, which bounds it.</li>
 *   <li>A pool of {@code query_only} read connections ({@code readers} parameter, default 4),
 *       each with its statements prepared once. A multi-get reads all its keys in one read
 *       transaction, so from one snapshot.</li>
 *   <li>{@code synchronous=NORMAL} by default (with WAL: durable against process crashes, a power
 *       loss may lose the last commits), {@code FULL} on request; {@code temp_store=MEMORY};
 *       a page cache of {@value #WRITER_CACHE_KIB} KiB on the writer and
 *       {@value #READER_CACHE_KIB} KiB on each reader.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * A failure of SQLite is a {@link StoreException} of kind {@link StoreException.Kind#DATABASE}
 * whose message names the database file; during or after {@link #close()} it is of kind
 * {@link StoreException.Kind#CLOSED}.
 *
 * <h2>A note on sqlite-jdbc</h2>
 * With auto-commit off and transaction mode IMMEDIATE, sqlite-jdbc (3.53) runs
 * {@code BEGIN IMMEDIATE} again right after every commit, so such a connection holds the write
 * lock while idle and a second writer on the file waits for it in vain. This store therefore
 * keeps every connection in auto-commit mode and issues {@code BEGIN IMMEDIATE}/{@code COMMIT}
 * itself (sqlite-jdbc leaves such an explicit transaction alone).
 */
public final class SqliteKvStore extends AbstractKvStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteKvStore.class);

  /** What the SQLite store does natively: everything. */
  public static final Set<KvFeature> FEATURES = Set.copyOf(EnumSet.of(KvFeature.TTL,
      KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN, KvFeature.PERSISTENT));
  /** {@code PRAGMA application_id} of a chatstore database (the ASCII bytes "ChSt"). */
  public static final int APPLICATION_ID = SqliteSchema.APPLICATION_ID;
  /** The schema version ({@code PRAGMA user_version}) this code creates and the newest it reads. */
  public static final int SCHEMA_VERSION = SqliteSchema.CURRENT_VERSION;
  /** Page cache of the writer connection, in KiB. */
  public static final int WRITER_CACHE_KIB = 16 * 1024;
  /** Page cache of each read connection, in KiB. */
  public static final int READER_CACHE_KIB = 8 * 1024;
  /** The WAL file is truncated to this size after a checkpoint, in bytes. */
  static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;
  /** Most puts bound into one JDBC batch before it is run. */
  private static final int PUT_BATCH_MAX = 512;
  /** The busy timeout of the final checkpoint at close, at most. */
  private static final int CLOSE_CHECKPOINT_TIMEOUT_MS = 1000;

  private final Path file;
  private final SqliteOptions sqliteOptions;
  private final Writer writer;
  private final WalCheckpointer checkpointer;
  private final ReaderPool readers;
  private final Settings settings;

  /**
   * The settings the writer connection reads back after opening, for diagnostics and tests.
   *
   * @param journalMode {@code PRAGMA journal_mode} ("wal")
   * @param synchronous {@code PRAGMA synchronous} (1 NORMAL, 2 FULL)
   * @param busyTimeoutMs {@code PRAGMA busy_timeout}
   * @param cacheSize {@code PRAGMA cache_size} (negative: KiB)
   * @param tempStore {@code PRAGMA temp_store} (2 MEMORY)
   * @param applicationId {@code PRAGMA application_id}
   * @param userVersion {@code PRAGMA user_version}
   * @param sqliteVersion the version of the native SQLite library
   */
  record Settings(String journalMode, int synchronous, int busyTimeoutMs, int cacheSize,
      int tempStore, int applicationId, int userVersion, String sqliteVersion) {}

  private SqliteKvStore(String name, Path file, SqliteOptions sqliteOptions, StoreOptions options,
      Writer writer, WalCheckpointer checkpointer, List<ReaderPool.Reader> readers,
      Settings settings) {
    super(name, FEATURES, options);
    this.file = file;
    this.sqliteOptions = sqliteOptions;
    this.writer = writer;
    this.checkpointer = checkpointer;
    this.readers = new ReaderPool(name, this::isClosed, readers);
    this.settings = settings;
    start();
  }

  // ---- opening ----

  /**
   * Opens the store at {@code location} with the default SQLite and store options.
   *
   * @param location a directory (holding {@value SqliteUri#DEFAULT_FILE_NAME}) or a database
   *     file; see {@link #open(Path, SqliteOptions, StoreOptions)}
   * @return the open store; close it when done
   */
  public static SqliteKvStore open(Path location) {
    return open(location, SqliteOptions.defaults(), StoreOptions.defaults());
  }

  /**
   * Opens the store a parsed {@code sqlite:} URI names.
   *
   * @param uri the parsed URI ({@link SqliteUri#parse})
   * @param options clock, write queue, group size, sweep interval
   * @return the open store; close it when done
   */
  public static SqliteKvStore open(SqliteUri uri, StoreOptions options) {
    return open(uri.location(), uri.options(), options);
  }

  /**
   * Opens (creating, or migrating, when needed) the store at {@code location}.
   *
   * @param location a directory that holds (or will hold) {@value SqliteUri#DEFAULT_FILE_NAME},
   *     or the database file itself when it ends in {@code .db}, {@code .sqlite} or
   *     {@code .sqlite3} or is an existing regular file ({@link SqliteUri#databaseFile(Path)});
   *     missing directories are created
   * @param sqliteOptions synchronous level, number of readers, busy timeout
   * @param options clock, write queue, group size, sweep interval
   * @return the open store; close it when done
   * @throws IllegalArgumentException when an argument is null or the path contains {@code ?}
   * @throws StoreException of kind {@link StoreException.Kind#MIGRATION} when the file is not a
   *     chatstore database or has a newer schema (the file is not changed), of kind
   *     {@link StoreException.Kind#DATABASE} when SQLite or the file system fails
   */
  public static SqliteKvStore open(Path location, SqliteOptions sqliteOptions,
      StoreOptions options) {
    if (location == null || sqliteOptions == null || options == null) {
      throw new IllegalArgumentException("location, sqliteOptions and options must not be null");
    }
    Path file = SqliteUri.databaseFile(location);
    if (file.toString().indexOf('?') >= 0) {
      throw new IllegalArgumentException("database path " + file
          + " contains '?', which the SQLite driver reads as the start of parameters");
    }
    String name = SqliteUri.canonical(file);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException | SecurityException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name + ": cannot create the directory "
          + file.getParent() + ": " + e, e);
    }
    Connection writerConn = null;
    Writer writer = null;
    WalCheckpointer checkpointer = null;
    List<ReaderPool.Reader> readers = new ArrayList<>();
    try {
      writerConn = connect(file, sqliteOptions, false);
      SqliteSchema.Outcome outcome = SqliteSchema.ensure(writerConn, name);
      enableWal(writerConn, name);
      Settings settings = readSettings(writerConn);
      writer = new Writer(writerConn, sqliteOptions.busyTimeoutMs());
      WalCheckpointer.configureWriter(writerConn);
      checkpointer = new WalCheckpointer(name, connect(file, sqliteOptions, false));
      for (int i = 0; i < sqliteOptions.readers(); i++) {
        Connection c = connect(file, sqliteOptions, true);
        try {
          readers.add(new ReaderPool.Reader(c));
        } catch (SQLException e) {
          c.close();
          throw e;
        }
      }
      LOG.debug("{}: opened ({}, schema {}, {} readers, SQLite {})", name, outcome,
          settings.userVersion(), readers.size(), settings.sqliteVersion());
      return new SqliteKvStore(name, file, sqliteOptions, options, writer, checkpointer, readers,
          settings);
    } catch (SQLException | RuntimeException e) {
      for (ReaderPool.Reader r : readers) {
        r.close(name);
      }
      if (checkpointer != null) {
        checkpointer.stop();
      }
      if (writer != null) {
        writer.close(name);
      } else if (writerConn != null) {
        try {
          writerConn.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof SQLException se) {
        throw openFailure(name, se);
      }
      throw (RuntimeException) e;
    }
  }

  /** Opens one connection and applies the per-connection settings, busy timeout first. */
  private static Connection connect(Path file, SqliteOptions o, boolean reader)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(o.busyTimeoutMs());
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = " + o.busyTimeoutMs());
      st.execute("PRAGMA temp_store = MEMORY");
      st.execute("PRAGMA cache_size = -" + (reader ? READER_CACHE_KIB : WRITER_CACHE_KIB));
      if (reader) {
        st.execute("PRAGMA query_only = 1");
      } else {
        st.execute("PRAGMA synchronous = " + o.synchronous().name());
        st.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Switches the database to WAL (a no-op when it already is). Done after the schema check, so a
   * foreign or newer file is never changed.
   */
  private static void enableWal(Connection c, String name) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
      String mode = rs.next() ? rs.getString(1) : null;
      if (!"wal".equalsIgnoreCase(mode)) {
        LOG.warn("{}: SQLite refused the WAL journal (journal_mode is {}); readers and the "
            + "writer will block each other", name, mode);
      }
    }
  }

  private static Settings readSettings(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      String journal;
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        journal = rs.getString(1);
      }
      String version;
      try (ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
        rs.next();
        version = rs.getString(1);
      }
      return new Settings(journal, SqliteSchema.pragmaInt(st, "synchronous"),
          SqliteSchema.pragmaInt(st, "busy_timeout"), SqliteSchema.pragmaInt(st, "cache_size"),
          SqliteSchema.pragmaInt(st, "temp_store"), SqliteSchema.pragmaInt(st, "application_id"),
          SqliteSchema.pragmaInt(st, "user_version"), version);
    }
  }

  private static StoreException openFailure(String name, SQLException e) {
    if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
      return new StoreException(StoreException.Kind.MIGRATION, name
          + " is not a chatstore database (it is not an SQLite database at all): "
          + e.getMessage(), e);
    }
    return new StoreException(StoreException.Kind.DATABASE, name + ": cannot open the database: "
        + e.getMessage(), e);
  }

  // ---- accessors ----

  /**
   * The database file.
   *
   * @return the absolute, normalized path of the database file
   */
  public Path databaseFile() {
    return file;
  }

  /**
   * The SQLite settings the store was opened with.
   *
   * @return the options given to {@link #open(Path, SqliteOptions, StoreOptions)}
   */
  public SqliteOptions sqliteOptions() {
    return sqliteOptions;
  }

  /** What the writer connection read back after opening. */
  Settings settings() {
    return settings;
  }

  /** How many background checkpoints have run, for tests. */
  long backgroundCheckpoints() {
    return checkpointer.runs();
  }

  // ---- reads ----

  @Override
  protected byte[] readOne(byte[] key, long nowMillis) {
    ReaderPool.Reader r = readers.borrow();
    try {
      return get(r.get, key, nowMillis);
    } catch (SQLException e) {
      throw failure("get", e);
    } finally {
      readers.release(r);
    }
  }

  @Override
  protected List<byte[]> readMany(List<byte[]> keys, long nowMillis) {
    List<byte[]> out = new ArrayList<>(keys.size());
    ReaderPool.Reader r = readers.borrow();
    boolean inTransaction = false;
    try {
      r.begin.execute();
      inTransaction = true;
      for (byte[] k : keys) {
        out.add(get(r.get, k, nowMillis));
      }
      inTransaction = false;
      r.end.execute();
      return out;
    } catch (SQLException e) {
      throw failure("multi-get of " + keys.size() + " keys", e);
    } finally {
      if (inTransaction) {
        endQuietly(r);
      }
      readers.release(r);
    }
  }

  @Override
  protected List<KvEntry> readRange(KeyRange range, Direction direction, int limit,
      long nowMillis, boolean withExpiry) {
    // every scan reads the column exp with the row; only withExpiry reports it. The statements
    // have no LIMIT (see Sql): the loop stops stepping after `limit` live rows, and closing the
    // result set resets the statement, so SQLite reads no row beyond them.
    ReaderPool.Reader r = readers.borrow();
    try {
      boolean asc = direction == Direction.ASCENDING;
      PreparedStatement ps = range.end() == null
          ? (asc ? r.scanAscUnbounded : r.scanDescUnbounded)
          : (asc ? r.scanAscBounded : r.scanDescBounded);
      int i = bindRange(ps, range);
      ps.setLong(i, nowMillis);
      List<KvEntry> out = new ArrayList<>(Math.min(limit, 256));
      try (ResultSet rs = ps.executeQuery()) {
        while (out.size() < limit && rs.next()) {
          byte[] k = bytes(rs, 1);
          byte[] v = bytes(rs, 2);
          long exp = withExpiry ? rs.getLong(3) : KvEntry.NO_EXPIRY; // 0 when NULL
          out.add(new KvEntry(k, v, exp));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("scan of " + range, e);
    } finally {
      readers.release(r);
    }
  }

  @Override
  protected long countRange(KeyRange range, long nowMillis) {
    ReaderPool.Reader r = readers.borrow();
    try {
      PreparedStatement ps = range.end() == null ? r.countUnbounded : r.countBounded;
      int i = bindRange(ps, range);
      ps.setLong(i, nowMillis);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw failure("count of " + range, e);
    } finally {
      readers.release(r);
    }
  }

  /** Binds start (and end, when bounded) from parameter 1; returns the next parameter index. */
  private static int bindRange(PreparedStatement ps, KeyRange range) throws SQLException {
    ps.setBytes(1, range.start());
    if (range.end() == null) {
      return 2;
    }
    ps.setBytes(2, range.end());
    return 3;
  }

  /** The live value of {@code key}, or null; {@code ps} is a {@link Sql#GET}. */
  private static byte[] get(PreparedStatement ps, byte[] key, long nowMillis)
      throws SQLException {
    ps.setBytes(1, key);
    ps.setLong(2, nowMillis);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? bytes(rs, 1) : null;
    }
  }

  /**
   * A BLOB column as a fresh array. The columns are NOT NULL, so a null from the driver can only
   * be a zero-length BLOB (sqlite-jdbc 3.53 returns an empty array, older versions returned
   * null): it is the empty array, never absence.
   */
  private static byte[] bytes(ResultSet rs, int column) throws SQLException {
    byte[] b = rs.getBytes(column);
    return b == null ? new byte[0] : b;
  }

  private void endQuietly(ReaderPool.Reader r) {
    try (Statement st = r.conn.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debug("{}: ending a failed read transaction failed", name(), e);
    }
  }

  // ---- writes (one commit at a time, under AbstractKvStore's commit lock) ----

  /** SQLite's calls are not broken off by an interrupt and need no particular thread. */
  @Override
  protected boolean commitsOnCallerThread() {
    return true;
  }

  @Override
  protected void commit(List<WriteBatch> batches, boolean[] applied, long nowMillis)
      throws Exception {
    Writer w = writer;
    int ops = 0;
    try {
      w.begin();
      int pendingPuts = 0;
      for (int i = 0; i < batches.size(); i++) {
        WriteBatch batch = batches.get(i);
        ops += batch.size();
        if (batch.isConditional()) {
          pendingPuts = flushPuts(w, pendingPuts); // checks must see the batches before them
          if (!checksPass(w, batch, nowMillis)) {
            continue;
          }
        }
        for (WriteOp op : batch.ops()) {
          switch (op) {
            case WriteOp.Put p -> {
              w.upsert.setBytes(1, p.key());
              w.upsert.setBytes(2, p.value());
              Long exp = expiryMillis(p.expiresAt());
              if (exp == null) {
                w.upsert.setNull(3, Types.INTEGER);
              } else {
                w.upsert.setLong(3, exp);
              }
              w.upsert.addBatch();
              if (++pendingPuts >= PUT_BATCH_MAX) {
                pendingPuts = flushPuts(w, pendingPuts);
              }
            }
            case WriteOp.Delete d -> {
              pendingPuts = flushPuts(w, pendingPuts);
              w.delete.setBytes(1, d.key());
              w.delete.executeUpdate();
            }
            case WriteOp.DeleteRange dr -> {
              pendingPuts = flushPuts(w, pendingPuts);
              KeyRange range = dr.range();
              if (!range.isEmpty()) {
                PreparedStatement ps = range.end() == null
                    ? w.deleteRangeUnbounded : w.deleteRangeBounded;
                bindRange(ps, range);
                ps.executeUpdate();
              }
            }
            case WriteOp.Check c -> { } // evaluated above, before the batch's operations
          }
        }
        applied[i] = true;
      }
      flushPuts(w, pendingPuts);
      w.commit();
      checkpointer.committed(ops);
    } catch (Throwable t) {
      Arrays.fill(applied, false);
      w.abort(name(), t);
      if (t instanceof SQLException e) {
        throw new StoreException(StoreException.Kind.DATABASE, name() + ": commit of "
            + batches.size() + " write batches (" + ops + " operations) failed, nothing of it "
            + "was applied: " + e.getMessage(), e);
      }
      throw t;
    }
  }

  private static int flushPuts(Writer w, int pending) throws SQLException {
    if (pending > 0) {
      w.upsert.executeBatch();
    }
    return 0;
  }

  private static boolean checksPass(Writer w, WriteBatch batch, long nowMillis)
      throws SQLException {
    for (WriteOp op : batch.ops()) {
      if (op instanceof WriteOp.Check c && !c.matches(get(w.get, c.key(), nowMillis))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code exp} column for an expiry instant: null for none, and also for an instant too far
   * in the future to count in epoch milliseconds (it never comes); an instant too far in the past
   * is {@link Long#MIN_VALUE} (already expired).
   */
  static Long expiryMillis(Instant expiresAt) {
    if (expiresAt == null) {
      return null;
    }
    try {
      long ms = expiresAt.toEpochMilli();
      return ms == Long.MAX_VALUE ? null : ms;
    } catch (ArithmeticException e) {
      return expiresAt.getEpochSecond() > 0 ? null : Long.MIN_VALUE;
    }
  }

  @Override
  protected long removeExpired(long nowMillis, int max) throws Exception {
    Writer w = writer;
    try {
      w.begin();
      w.sweep.setLong(1, nowMillis);
      w.sweep.setInt(2, max);
      int n = w.sweep.executeUpdate();
      w.commit();
      return n;
    } catch (Throwable t) {
      w.abort(name(), t);
      if (t instanceof SQLException e) {
        throw new StoreException(StoreException.Kind.DATABASE, name()
            + ": removing expired entries failed: " + e.getMessage(), e);
      }
      throw t;
    }
  }

  // ---- close ----

  @Override
  protected void closeResources() {
    readers.closeAll();
    checkpointer.stop();
    writer.checkpoint(name());
    writer.close(name());
    LOG.debug("{}: closed", name());
  }

  // ---- errors ----

  private StoreException failure(String what, SQLException e) {
    if (isClosed()) {
      return new StoreException(StoreException.Kind.CLOSED, name() + " was closed during " + what,
          e);
    }
    return new StoreException(StoreException.Kind.DATABASE, name() + ": " + what + " failed: "
        + e.getMessage(), e);
  }

  /** The writer connection and its statements; used by one commit at a time. */
  private static final class Writer {
    final Connection conn;
    final PreparedStatement beginStmt;
    final PreparedStatement commitStmt;
    final PreparedStatement rollbackStmt;
    final PreparedStatement get;
    final PreparedStatement upsert;
    final PreparedStatement delete;
    final PreparedStatement deleteRangeBounded;
    final PreparedStatement deleteRangeUnbounded;
    final PreparedStatement sweep;
    final int busyTimeoutMs;
    private boolean inTransaction;

    Writer(Connection conn, int busyTimeoutMs) throws SQLException {
      this.conn = conn;
      this.beginStmt = conn.prepareStatement("BEGIN IMMEDIATE");
      this.commitStmt = conn.prepareStatement("COMMIT");
      this.rollbackStmt = conn.prepareStatement("ROLLBACK");
      this.get = conn.prepareStatement(Sql.GET);
      this.upsert = conn.prepareStatement(Sql.UPSERT);
      this.delete = conn.prepareStatement(Sql.DELETE);
      this.deleteRangeBounded = conn.prepareStatement(Sql.DELETE_RANGE_BOUNDED);
      this.deleteRangeUnbounded = conn.prepareStatement(Sql.DELETE_RANGE_UNBOUNDED);
      this.sweep = conn.prepareStatement(Sql.SWEEP);
      this.busyTimeoutMs = busyTimeoutMs;
    }

    /** Starts the write transaction, taking the write lock (waiting up to the busy timeout). */
    void begin() throws SQLException {
      beginStmt.execute();
      inTransaction = true;
    }

    /** Commits the write transaction. */
    void commit() throws SQLException {
      commitStmt.execute();
      inTransaction = false;
    }

    /** Undoes a failed transaction (if one is open), recording a failure of that on {@code t}. */
    void abort(String name, Throwable t) {
      try {
        upsert.clearBatch();
      } catch (SQLException e) {
        t.addSuppressed(e);
      }
      if (!inTransaction) {
        return;
      }
      inTransaction = false;
      try {
        rollbackStmt.execute();
      } catch (SQLException e) {
        // SQLite rolls back by itself on some errors (disk full, I/O error): nothing to undo.
        if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
          t.addSuppressed(e);
          LOG.warn("{}: rollback failed", name, e);
        }
      }
    }

    /** Folds the WAL into the database file and truncates it; best effort. */
    void checkpoint(String name) {
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA busy_timeout = "
            + Math.min(busyTimeoutMs, CLOSE_CHECKPOINT_TIMEOUT_MS));
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        LOG.debug("{}: checkpoint at close failed; the WAL is folded in at the next open", name, e);
      }
    }

    void close(String name) {
      for (PreparedStatement ps : List.of(beginStmt, commitStmt, rollbackStmt, get, upsert, delete,
          deleteRangeBounded, deleteRangeUnbounded, sweep)) {
        try {
          ps.close();
        } catch (SQLException e) {
          LOG.debug("{}: closing a write statement failed", name, e);
        }
      }
      try {
        conn.close();
      } catch (SQLException e) {
        LOG.warn("{}: closing the writer connection failed", name, e);
      }
    }
  }
}
