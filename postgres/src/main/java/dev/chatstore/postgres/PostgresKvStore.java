package dev.chatstore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatstore.kv.AbstractKvStore;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL backend: a {@link dev.chatstore.kv.KvStore} in one table of a PostgreSQL
 * database, through pgjdbc and a HikariCP pool. Open it with a {@code postgresql://} URI (grammar
 * on {@link PostgresUri}, parameters and defaults on {@link PostgresOptions}) or with
 * {@link #open(PostgresUri, StoreOptions)}.
 *
 * <h2>Storage</h2>
 * One table {@code T(k bytea PRIMARY KEY, v bytea NOT NULL, exp bigint)} plus a partial index on
 * {@code exp} and the meta table {@code T_meta} holding the schema version ({@link PostgresSchema}
 * creates, migrates or refuses them at open). {@code bytea} compares as unsigned bytes, shorter
 * first, with no collation: chatstore's key order, so scans are primary-key range scans.
 * {@code exp} is the expiry in epoch milliseconds by the store's clock
 * ({@link StoreOptions#clock()}), bound into every read as {@code now}; the server's clock is
 * never used. Expired rows are invisible at once and deleted by the sweeper.
 *
 * <h2>Reads and writes</h2>
 * <ul>
 *   <li>Every read is one statement on a pooled connection in auto-commit mode, so it sees one
 *       snapshot: a multi-get is one {@code WHERE k = ANY(?)} query. Each physical connection
 *       keeps its read statements prepared ({@link ReadStatements}), scans with their limit
 *       written in, so that PostgreSQL keeps one generic plan per statement.</li>
 *   <li>Writes go through {@link AbstractKvStore}'s single writer: a group of queued batches is
 *       one transaction ({@link CommitTransaction}); durable when PostgreSQL acknowledges the
 *       {@code COMMIT} (by the server's {@code synchronous_commit}).</li>
 *   <li>Checks ({@link dev.chatstore.kv.WriteOp.Check}) lock the keys they read, rows with
 *       {@code SELECT ... FOR UPDATE} and absent keys with a placeholder row, so they hold
 *       across any number of stores and processes on the same table: two application nodes
 *       incrementing one counter by check-and-set never lose an update.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * Calls that lose the server are retried with backoff ({@link ConnectionGuard}); a call fails
 * with {@link StoreException.Kind#CONNECTION} within
 * {@link PostgresOptions#failureTimeoutMs()} (by default 10 s of retrying plus one 3 s connection
 * attempt). After such a failure calls fail at once until the server answers again, which is
 * probed at most every {@value ConnectionGuard#PROBE_INTERVAL_MS} ms; the same store object then
 * works again, no reopen needed. A write fails only when its transaction did not commit, or when
 * the connection was lost during {@code COMMIT} itself and the server stayed unreachable: then
 * the outcome is unknown and the exception says so. Before committing, the writer notes the
 * transaction id; after a {@code COMMIT} lost on the wire it asks the server for that
 * transaction's status ({@code txid_status}) instead of committing again, so a batch is never
 * applied twice and a check-and-set never reports {@code false} for a write it made.
 * Acknowledged writes are never lost: they are committed. Other failures are of kind
 * {@link StoreException.Kind#DATABASE}; schema problems at open are of kind
 * {@link StoreException.Kind#MIGRATION}; during or after {@link #close()}, of kind
 * {@link StoreException.Kind#CLOSED}.
 *
 * <h2>Threads</h2>
 * Thread-safe, as every {@link dev.chatstore.kv.KvStore}. At most
 * {@link PostgresOptions#poolSize()} statements run at once; more callers wait for a connection
 * (up to {@link PostgresOptions#connectTimeoutMs()}, then retry).
 */
public final class PostgresKvStore extends AbstractKvStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresKvStore.class);

  /** What the PostgreSQL store does natively: everything. */
  public static final Set<KvFeature> FEATURES = Set.copyOf(EnumSet.allOf(KvFeature.class));
  /** The schema version this code creates, and the newest it reads. */
  public static final int SCHEMA_VERSION = PostgresSchema.CURRENT_VERSION;
  /** The {@code ApplicationName} the connections report to the server. */
  public static final String APPLICATION_NAME = "chatstore";

  private final PostgresUri uri;
  private final HikariDataSource pool;
  private final ConnectionGuard guard;
  private final PgSql sql;
  /** The prepared read statements of each physical connection of the pool. */
  private final Map<Connection, ReadStatements> readStatements = new ConcurrentHashMap<>();
  /** A group commit whose outcome is unknown (writer thread only), or null. */
  private InDoubt inDoubt;
  /** Results of batches of a settled, committed group not yet reported (writer thread only). */
  private final Map<WriteBatch, ArrayDeque<Boolean>> settledResults = new IdentityHashMap<>();

  /**
   * A group commit whose {@code COMMIT} was lost on the wire and could not be settled in time.
   *
   * @param xid the transaction id
   * @param results what each batch of the group would report if the transaction committed, in
   *     group order (a batch object written twice has two results)
   */
  private record InDoubt(long xid, Map<WriteBatch, ArrayDeque<Boolean>> results) {}

  private PostgresKvStore(String name, PostgresUri uri, StoreOptions options,
      HikariDataSource pool, ConnectionGuard guard) {
    super(name, FEATURES, options);
    this.uri = uri;
    this.pool = pool;
    this.guard = guard;
    this.sql = new PgSql(uri.options().table());
    start();
  }

  // ---- opening ----

  /**
   * Opens the store a {@code postgresql://} URI names, with default store options.
   *
   * @param uri the URI ({@link PostgresUri#parse})
   * @return the open store; close it when done
   * @throws IllegalArgumentException when the URI is malformed
   * @throws StoreException see {@link #open(PostgresUri, StoreOptions)}
   */
  public static PostgresKvStore open(String uri) {
    return open(PostgresUri.parse(uri), StoreOptions.defaults());
  }

  /**
   * Opens the store on the table {@code uri} names, creating or migrating its schema when
   * needed.
   *
   * @param uri the parsed URI
   * @param options clock (which decides expiry), write queue, group size, sweep interval
   * @return the open store; close it when done
   * @throws IllegalArgumentException when an argument is null
   * @throws StoreException of kind {@link StoreException.Kind#CONNECTION} when the server
   *     cannot be reached within {@link PostgresOptions#failureTimeoutMs()}, of kind
   *     {@link StoreException.Kind#MIGRATION} when the table is not chatstore's or has a newer
   *     schema (nothing is changed), of kind {@link StoreException.Kind#DATABASE} otherwise
   *     (authentication, privileges, ...)
   */
  public static PostgresKvStore open(PostgresUri uri, StoreOptions options) {
    if (uri == null || options == null) {
      throw new IllegalArgumentException("uri and options must not be null");
    }
    String name = uri.displayName();
    HikariDataSource pool = new HikariDataSource(hikariConfig(uri, name));
    ConnectionGuard guard = new ConnectionGuard(name, uri.options());
    try {
      PostgresSchema.Outcome outcome = guard.call(() -> "opening (schema check)", () -> {
        try (Connection c = pool.getConnection()) {
          return PostgresSchema.ensure(c, uri.options().table(), name);
        }
      });
      LOG.debug("{}: opened ({}, schema version {})", name, outcome, SCHEMA_VERSION);
      return new PostgresKvStore(name, uri, options, pool, guard);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariConfig hikariConfig(PostgresUri uri, String name) {
    PostgresOptions o = uri.options();
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("chatstore " + name);
    hc.setJdbcUrl(uri.jdbcUrl());
    if (uri.user() != null) {
      hc.setUsername(uri.user());
    }
    if (uri.password() != null) {
      hc.setPassword(uri.password());
    }
    hc.setMaximumPoolSize(o.poolSize());
    hc.setMinimumIdle(o.poolSize());
    hc.setConnectionTimeout(o.connectTimeoutMs());
    hc.setValidationTimeout(Math.max(PostgresOptions.MIN_CONNECT_TIMEOUT_MS,
        Math.min(o.connectTimeoutMs(), 5_000)));
    hc.setInitializationFailTimeout(-1); // open() checks the server itself, with retries
    hc.setAutoCommit(true);
    hc.addDataSourceProperty("connectTimeout", seconds(o.connectTimeoutMs()));
    hc.addDataSourceProperty("loginTimeout", seconds(o.connectTimeoutMs()));
    hc.addDataSourceProperty("socketTimeout", seconds(o.socketTimeoutMs()));
    hc.addDataSourceProperty("sslmode", o.sslMode());
    hc.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    hc.addDataSourceProperty("tcpKeepAlive", "true");
    return hc;
  }

  /** Milliseconds rounded up to whole seconds, as pgjdbc's timeouts want them. */
  private static String seconds(int millis) {
    return Integer.toString((int) ((millis + 999L) / 1000));
  }

  // ---- accessors ----

  /** The URI the store was opened with (its {@code toString()} hides the password). */
  public PostgresUri uri() {
    return uri;
  }

  /** The table holding the entries. */
  public String table() {
    return uri.options().table();
  }

  /** Whether the store currently considers its server unreachable (calls fail at once). */
  public boolean isServerUnreachable() {
    return guard.isUnreachable();
  }

  // ---- reads ----

  @Override
  protected byte[] readOne(byte[] key, long nowMillis) {
    return read(() -> "get " + Bytes.show(key), st -> {
      PreparedStatement ps = st.get;
      ps.setBytes(1, key);
      ps.setLong(2, nowMillis);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? bytes(rs, 1) : null;
      }
    });
  }

  @Override
  protected List<byte[]> readMany(List<byte[]> keys, long nowMillis) {
    Map<Key, byte[]> found = read(() -> "multi-get of " + keys.size() + " keys", st -> {
      PreparedStatement ps = st.getMany;
      ps.setArray(1, st.connection.createArrayOf("bytea", keys.toArray(new byte[0][])));
      ps.setLong(2, nowMillis);
      Map<Key, byte[]> out = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(new Key(bytes(rs, 1)), bytes(rs, 2));
        }
      }
      return out;
    });
    List<byte[]> out = new ArrayList<>(keys.size());
    Set<Key> handedOut = new HashSet<>();
    for (byte[] k : keys) {
      Key key = new Key(k);
      byte[] v = found.get(key);
      // A duplicate key gets its own copy: the arrays belong to the caller.
      out.add(v == null ? null : handedOut.add(key) ? v : v.clone());
    }
    return out;
  }

  @Override
  protected List<KvEntry> readRange(KeyRange range, Direction direction, int limit,
      long nowMillis, boolean withExpiry) {
    // every scan reads the column exp with the row; only withExpiry reports it
    return read(() -> "scan of " + range, st -> {
      ReadStatements.Scan scan = st.scan(direction == Direction.ASCENDING, range.end() != null,
          limit);
      PreparedStatement ps = scan.statement();
      int i = bindRange(ps, range);
      ps.setLong(i++, nowMillis);
      if (scan.bindsLimit()) {
        ps.setInt(i, limit);
      }
      List<KvEntry> out = new ArrayList<>(Math.min(limit, 256));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] k = bytes(rs, 1);
          byte[] v = bytes(rs, 2);
          long exp = withExpiry ? rs.getLong(3) : KvEntry.NO_EXPIRY; // 0 when NULL
          out.add(new KvEntry(k, v, exp));
        }
      }
      return out;
    });
  }

  @Override
  protected long countRange(KeyRange range, long nowMillis) {
    return read(() -> "count of " + range, st -> {
      PreparedStatement ps = st.count(range.end() != null);
      ps.setLong(bindRange(ps, range), nowMillis);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** A read on the prepared statements of one pooled connection. */
  @FunctionalInterface
  private interface ReadWork<T> {
    T run(ReadStatements statements) throws SQLException;
  }

  /**
   * Runs {@code work} under the retry policy on a pooled connection, with that connection's
   * prepared read statements.
   */
  private <T> T read(Supplier<String> what, ReadWork<T> work) {
    return guarded(what, () -> {
      try (Connection c = connection()) {
        ReadStatements st = readStatements(c);
        try {
          return work.run(st);
        } catch (SQLException e) {
          if (ConnectionGuard.isConnectionFailure(e)) {
            readStatements.remove(st.connection);
          }
          throw e;
        }
      }
    });
  }

  /** The read statements of the physical connection behind the pooled {@code c}. */
  private ReadStatements readStatements(Connection c) throws SQLException {
    Connection physical = c.unwrap(Connection.class);
    ReadStatements st = readStatements.get(physical);
    if (st == null || st.isDead()) {
      st = new ReadStatements(physical, sql);
      readStatements.put(physical, st);
      if (readStatements.size() > 2 * uri.options().poolSize()) {
        // The pool retires connections (failures, maxLifetime): forget their statements.
        readStatements.values().removeIf(ReadStatements::isDead);
      }
    }
    return st;
  }

  private <T> T guarded(Supplier<String> what, ConnectionGuard.SqlWork<T> work) {
    try {
      return guard.call(what, work);
    } catch (StoreException e) {
      if (isClosed()) {
        throw new StoreException(StoreException.Kind.CLOSED, name() + " was closed during "
            + what.get(), e);
      }
      throw e;
    }
  }

  private Connection connection() throws SQLException {
    if (isClosed() && pool.isClosed()) {
      throw new SQLException(name() + " is closed");
    }
    return pool.getConnection();
  }

  private static int bindRange(PreparedStatement ps, KeyRange range) throws SQLException {
    ps.setBytes(1, range.start());
    if (range.end() == null) {
      return 2;
    }
    ps.setBytes(2, range.end());
    return 3;
  }

  /** A bytea column as a fresh array; the columns are NOT NULL. */
  private static byte[] bytes(ResultSet rs, int column) throws SQLException {
    byte[] b = rs.getBytes(column);
    return b == null ? new byte[0] : b;
  }

  // ---- writes (writer thread only) ----

  @Override
  protected void commit(List<WriteBatch> batches, boolean[] applied, long nowMillis) {
    Arrays.fill(applied, false);
    settleInDoubt();
    List<WriteBatch> todo = batches;
    if (!settledResults.isEmpty()) {
      // AbstractKvStore commits the batches of a failed group again, one by one: those that the
      // settled transaction committed are reported, never applied twice.
      todo = new ArrayList<>();
      boolean any = false;
      for (int i = 0; i < batches.size(); i++) {
        ArrayDeque<Boolean> results = settledResults.get(batches.get(i));
        Boolean r = results == null ? null : results.poll();
        if (r != null) {
          applied[i] = r;
          any = true;
        } else {
          todo.add(batches.get(i));
        }
      }
      if (!any) {
        settledResults.clear(); // the failed group's callers have all been answered
      }
      if (todo.isEmpty()) {
        return;
      }
    }
    commitNew(batches, todo, applied, nowMillis);
  }

  /** Commits {@code todo} (all or part of {@code batches}), setting their {@code applied}. */
  private void commitNew(List<WriteBatch> batches, List<WriteBatch> todo, boolean[] applied,
      long nowMillis) {
    int ops = 0;
    for (WriteBatch b : todo) {
      ops += b.size();
    }
    String what = "commit of " + todo.size() + " write batch" + (todo.size() == 1 ? "" : "es")
        + " (" + ops + " operations)";
    boolean[] result = new boolean[todo.size()];
    long[] doubtful = {0};
    try {
      guarded(() -> what, () -> {
        if (doubtful[0] != 0 && settle(doubtful[0], what)) {
          return null; // the earlier attempt of this call committed after all
        }
        doubtful[0] = 0;
        attempt(todo, result, nowMillis, doubtful);
        return null;
      });
    } catch (StoreException e) {
      if (doubtful[0] != 0 && e.kind() == StoreException.Kind.CONNECTION) {
        Map<WriteBatch, ArrayDeque<Boolean>> results = new IdentityHashMap<>();
        for (int i = 0; i < todo.size(); i++) {
          results.computeIfAbsent(todo.get(i), b -> new ArrayDeque<>()).add(result[i]);
        }
        inDoubt = new InDoubt(doubtful[0], results);
        throw new StoreException(StoreException.Kind.CONNECTION, name() + ": " + what
            + ": the connection was lost during COMMIT and the server stayed unreachable, so"
            + " whether the batches were applied is unknown (transaction " + doubtful[0]
            + "); it is settled with the server before the next write", e);
      }
      throw e;
    }
    for (int i = 0, j = 0; i < batches.size() && j < todo.size(); i++) {
      if (batches.get(i) == todo.get(j)) {
        applied[i] = result[j++];
      }
    }
  }

  /** One attempt at a group commit in its own transaction. */
  private void attempt(List<WriteBatch> todo, boolean[] result, long nowMillis, long[] doubtful)
      throws SQLException {
    Arrays.fill(result, false);
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        CommitTransaction tx = new CommitTransaction(c, sql, nowMillis);
        tx.apply(todo, result);
        doubtful[0] = tx.transactionId(); // from here on, a lost connection leaves the outcome
        // unknown: the id lets the next attempt ask the server how it ended
        c.commit();
        doubtful[0] = 0;
      } catch (SQLException | RuntimeException e) {
        if (doubtful[0] != 0 && !(e instanceof SQLException se
            && ConnectionGuard.isConnectionFailure(se))) {
          doubtful[0] = 0; // COMMIT answered with an error: the transaction rolled back
        }
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  /**
   * Whether transaction {@code xid}, whose {@code COMMIT} was lost on the wire, committed.
   *
   * @throws SQLException a connection failure (retried by the guard) while the server cannot
   *     answer or the transaction is still finishing
   * @throws StoreException when the server no longer knows the transaction
   */
  private boolean settle(long xid, String what) throws SQLException {
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("SELECT txid_status(?)")) {
      ps.setLong(1, xid);
      try (ResultSet rs = ps.executeQuery()) {
        String status = rs.next() ? rs.getString(1) : null;
        if (status == null) {
          throw new StoreException(StoreException.Kind.DATABASE, name() + ": " + what
              + ": the server no longer knows transaction " + xid + ", whose COMMIT was lost;"
              + " whether it was applied is unknown");
        }
        LOG.info("{}: transaction {}, whose COMMIT was lost on the wire, is {}", name(), xid,
            status);
        return switch (status) {
          case "committed" -> true;
          case "aborted" -> false;
          default -> throw new SQLTransientConnectionException("transaction " + xid
              + " is still " + status + " on the server", "08000");
        };
      }
    }
  }

  /**
   * Settles the group commit left in doubt by an earlier call, if any: when it committed, the
   * results of its batches go to {@link #settledResults}; when it did not, nothing is kept.
   *
   * @throws StoreException of kind CONNECTION while the server still cannot tell
   */
  private void settleInDoubt() {
    InDoubt d = inDoubt;
    if (d == null) {
      return;
    }
    String what = "settling transaction " + d.xid() + " (COMMIT lost on the wire)";
    boolean committed;
    try {
      committed = guarded(() -> what, () -> settle(d.xid(), what));
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONNECTION || e.kind() == StoreException.Kind.CLOSED) {
        throw e; // still unknown: this write fails too, and the next one asks again
      }
      inDoubt = null;
      LOG.error("{}: {} failed; its batches were reported as failed with an unknown outcome",
          name(), what, e);
      return;
    }
    inDoubt = null;
    settledResults.clear();
    if (committed) {
      LOG.warn("{}: transaction {} (COMMIT lost on the wire) did commit; its batches are not"
          + " applied again", name(), d.xid());
      settledResults.putAll(d.results());
    }
  }

  private void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      if (!ConnectionGuard.isConnectionFailure(e)) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  protected long removeExpired(long nowMillis, int max) {
    return guarded(() -> "removal of expired entries", () -> {
      try (Connection c = connection();
          PreparedStatement ps = c.prepareStatement(sql.sweep)) {
        ps.setLong(1, nowMillis);
        ps.setInt(2, max);
        ps.setLong(3, nowMillis);
        return (long) ps.executeUpdate();
      }
    });
  }

  // ---- close ----

  @Override
  protected void closeResources() {
    readStatements.values().forEach(ReadStatements::close);
    readStatements.clear();
    pool.close();
    LOG.debug("{}: closed", name());
  }

  /** A key as a map key: equality by content. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Bytes.show(bytes);
    }
  }
}
