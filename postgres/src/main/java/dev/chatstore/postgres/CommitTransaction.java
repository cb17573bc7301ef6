package dev.chatstore.postgres;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One attempt at applying a group of write batches inside one open PostgreSQL transaction: the
 * statements of a group commit, without the transaction's begin and end (which
 * {@link PostgresKvStore} owns, with its retries).
 *
 * <h2>Order</h2>
 * Batches apply in order, and the operations of a batch in order. Point puts and deletes are
 * collected into a map from key to the last operation on it (a put then a delete of one key
 * leaves the delete) and written in bulk: puts as one {@code INSERT ... SELECT FROM unnest(...)
 * ON CONFLICT (k) DO UPDATE}, deletes as one {@code DELETE ... WHERE k = ANY(...)}, each sorted by
 * key so that concurrent writers lock rows in one order. Since the collected keys are distinct,
 * the order of these two statements does not matter. The collection is written out before every
 * range delete and every batch with checks, so those see exactly the state the operations before
 * them produce, and whenever it grows past {@value #FLUSH_ROWS} rows or {@value #FLUSH_BYTES}
 * bytes.
 *
 * <h2>Checks</h2>
 * The checks of a batch are evaluated, in key order, against the state that includes every
 * batch before it, and they lock what they read until the transaction ends, so no other
 * transaction (of this store or of another process) can change a checked key between the check
 * and the commit:
 * <ul>
 *   <li>a key that has a row (live or expired) is locked with {@code SELECT ... FOR UPDATE};</li>
 *   <li>a key without a row, checked to be absent, is locked by inserting a placeholder row
 *       ({@code exp = }{@link PgSql#PLACEHOLDER_EXP}, expired for every clock, so invisible) with
 *       {@code ON CONFLICT DO NOTHING}. A concurrent insert of the same key waits on the
 *       placeholder's uncommitted index entry; when another transaction's insert won the race,
 *       the check goes back to locking its row. Placeholders the batch did not overwrite are
 *       deleted before commit, so none is ever committed;</li>
 *   <li>a key without a row checked for a value fails at once: the batch writes nothing, so there
 *       is nothing to protect.</li>
 * </ul>
 * When the group holds a check, every existing row it checks or writes is first locked in key
 * order with one statement, so that two stores committing overlapping groups on one table wait
 * for each other instead of deadlocking.
 *
 * <p>Not thread-safe: one attempt, one thread, one connection.
 */
final class CommitTransaction {
  /** Collected rows written out at once, at most. */
  static final int FLUSH_ROWS = 10_000;
  /** Collected bytes of keys and values written out at once, at most. */
  static final long FLUSH_BYTES = 16L * 1024 * 1024;
  /** How often a must-be-absent check tries to lock its key before giving up as a conflict. */
  private static final int LOCK_ATTEMPTS = 100;

  private final Connection conn;
  private final PgSql sql;
  private final long nowMillis;
  private final Map<Key, WriteOp> pending = new HashMap<>();
  private long pendingBytes;
  private final List<byte[]> placeholders = new ArrayList<>();
  /** The transaction id once known, else 0. */
  private long xid;

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

  CommitTransaction(Connection conn, PgSql sql, long nowMillis) {
    this.conn = conn;
    this.sql = sql;
    this.nowMillis = nowMillis;
  }

  /**
   * Applies {@code batches} in order, setting {@code applied[i]} for each batch whose checks
   * passed, then writes out everything collected and removes leftover placeholders. The caller
   * commits.
   */
  void apply(List<WriteBatch> batches, boolean[] applied) throws SQLException {
    lockExistingKeysInOrder(batches);
    for (int i = 0; i < batches.size(); i++) {
      WriteBatch batch = batches.get(i);
      if (batch.isConditional()) {
        flush();
        if (!checksPass(batch)) {
          continue;
        }
      }
      for (WriteOp op : batch.ops()) {
        switch (op) {
          case WriteOp.Put p -> collect(p.key(), p, p.weight());
          case WriteOp.Delete d -> collect(d.key(), d, d.weight());
          case WriteOp.DeleteRange r -> {
            flush();
            deleteRange(r.range());
          }
          case WriteOp.Check c -> { } // evaluated above, before the batch's operations
        }
      }
      applied[i] = true;
    }
    flush();
    removePlaceholders();
  }

  private void collect(byte[] key, WriteOp op, long weight) throws SQLException {
    pending.put(new Key(key), op);
    pendingBytes += weight;
    if (pending.size() >= FLUSH_ROWS || pendingBytes >= FLUSH_BYTES) {
      flush();
    }
  }

  // ---- checks ----

  /**
   * When the group holds a check, locks every existing row the group will check or write, in
   * key order, before anything else. A group's statements otherwise lock rows in batch order,
   * and two writers (two stores on one table) locking the same rows in different orders
   * deadlock, which PostgreSQL resolves only after its {@code deadlock_timeout}.
   */
  private void lockExistingKeysInOrder(List<WriteBatch> batches) throws SQLException {
    boolean conditional = false;
    for (WriteBatch b : batches) {
      conditional |= b.isConditional();
    }
    if (!conditional) {
      return;
    }
    TreeSet<byte[]> keys = new TreeSet<>(Bytes.ORDER);
    for (WriteBatch b : batches) {
      for (WriteOp op : b.ops()) {
        switch (op) {
          case WriteOp.Put p -> keys.add(p.key());
          case WriteOp.Delete d -> keys.add(d.key());
          case WriteOp.Check c -> keys.add(c.key());
          case WriteOp.DeleteRange r -> { } // a range is locked by its own statement
        }
      }
    }
    if (keys.size() < 2) {
      return; // one key: the check's own lock is the first and only one
    }
    try (PreparedStatement ps = conn.prepareStatement(sql.lockInOrder)) {
      ps.setArray(1, byteaArray(keys.toArray(new byte[0][])));
      ps.executeQuery().close();
    }
  }

  private boolean checksPass(WriteBatch batch) throws SQLException {
    List<WriteOp.Check> checks = new ArrayList<>();
    for (WriteOp op : batch.ops()) {
      if (op instanceof WriteOp.Check c) {
        checks.add(c);
      }
    }
    checks.sort((a, b) -> Bytes.compare(a.key(), b.key()));
    for (WriteOp.Check c : checks) {
      if (!c.matches(lockAndRead(c.key(), c.expected() == null))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The live value of {@code key}, locked until the transaction ends; see the class comment.
   *
   * @param mustBeAbsent whether the check wants the key absent (then an absent key is locked
   *     with a placeholder)
   */
  private byte[] lockAndRead(byte[] key, boolean mustBeAbsent) throws SQLException {
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      try (PreparedStatement ps = conn.prepareStatement(sql.lockForCheck)) {
        ps.setBytes(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            byte[] v = rs.getBytes(1);
            long exp = rs.getLong(2);
            boolean live = rs.wasNull() || exp > nowMillis;
            return live ? (v == null ? new byte[0] : v) : null;
          }
        }
      }
      if (!mustBeAbsent) {
        return null;
      }
      try (PreparedStatement ps = conn.prepareStatement(sql.insertPlaceholder)) {
        ps.setBytes(1, key);
        if (ps.executeUpdate() == 1) {
          placeholders.add(key);
          return null;
        }
      }
      // Another transaction committed a row for the key between the two statements: lock it.
    }
    throw new SQLException("could not lock the absent key " + Bytes.show(key) + " for a check"
        + " after " + LOCK_ATTEMPTS + " attempts: other transactions keep inserting and"
        + " deleting it", "40001");
  }

  private void removePlaceholders() throws SQLException {
    if (placeholders.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = conn.prepareStatement(sql.removePlaceholders)) {
      ps.setArray(1, byteaArray(placeholders.toArray(new byte[0][])));
      ps.executeUpdate();
    }
    placeholders.clear();
  }

  // ---- writes ----

  private void deleteRange(KeyRange range) throws SQLException {
    if (range.isEmpty()) {
      return;
    }
    boolean bounded = range.end() != null;
    try (PreparedStatement ps = conn.prepareStatement(bounded ? sql.deleteRangeBounded
        : sql.deleteRangeUnbounded)) {
      ps.setBytes(1, range.start());
      if (bounded) {
        ps.setBytes(2, range.end());
      }
      ps.executeUpdate();
    }
  }

  /** Writes out the collected puts and deletes. */
  private void flush() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    List<WriteOp.Put> puts = new ArrayList<>();
    List<byte[]> deletes = new ArrayList<>();
    for (WriteOp op : pending.values()) {
      switch (op) {
        case WriteOp.Put p -> puts.add(p);
        case WriteOp.Delete d -> deletes.add(d.key());
        default -> throw new AssertionError("only puts and deletes are collected: " + op);
      }
    }
    pending.clear();
    pendingBytes = 0;
    writePuts(puts);
    writeDeletes(deletes);
  }

  private void writePuts(List<WriteOp.Put> puts) throws SQLException {
    if (puts.isEmpty()) {
      return;
    }
    if (puts.size() == 1) {
      WriteOp.Put p = puts.get(0);
      try (PreparedStatement ps = conn.prepareStatement(sql.upsertOne)) {
        ps.setBytes(1, p.key());
        ps.setBytes(2, p.value());
        Long exp = expiryMillis(p.expiresAt());
        if (exp == null) {
          ps.setNull(3, Types.BIGINT);
        } else {
          ps.setLong(3, exp);
        }
        readXid(ps);
      }
      return;
    }
    puts.sort((a, b) -> Bytes.compare(a.key(), b.key()));
    byte[][] keys = new byte[puts.size()][];
    byte[][] values = new byte[puts.size()][];
    Long[] exps = new Long[puts.size()];
    for (int i = 0; i < keys.length; i++) {
      WriteOp.Put p = puts.get(i);
      keys[i] = p.key();
      values[i] = p.value();
      exps[i] = expiryMillis(p.expiresAt());
    }
    try (PreparedStatement ps = conn.prepareStatement(sql.upsertMany)) {
      ps.setArray(1, byteaArray(keys));
      ps.setArray(2, byteaArray(values));
      ps.setArray(3, conn.createArrayOf("int8", exps));
      readXid(ps);
    }
  }

  /** Runs an upsert, which answers the transaction id, and keeps the id. */
  private void readXid(PreparedStatement upsert) throws SQLException {
    try (ResultSet rs = upsert.executeQuery()) {
      rs.next();
      xid = rs.getLong(1);
    }
  }

  /**
   * The id of this transaction, which PostgreSQL assigns at its first write: taken from an
   * upsert's answer when the transaction ran one, else asked for now.
   */
  long transactionId() throws SQLException {
    if (xid == 0) {
      try (PreparedStatement ps = conn.prepareStatement(PgSql.CURRENT_XID);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        xid = rs.getLong(1);
      }
    }
    return xid;
  }

  private void writeDeletes(List<byte[]> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    if (keys.size() == 1) {
      try (PreparedStatement ps = conn.prepareStatement(sql.deleteOne)) {
        ps.setBytes(1, keys.get(0));
        ps.executeUpdate();
      }
      return;
    }
    keys.sort(Bytes.ORDER);
    try (PreparedStatement ps = conn.prepareStatement(sql.deleteMany)) {
      ps.setArray(1, byteaArray(keys.toArray(new byte[0][])));
      ps.executeUpdate();
    }
  }

  private Array byteaArray(byte[][] elements) throws SQLException {
    return conn.createArrayOf("bytea", elements);
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
}
