package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.Messages;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.rocksdb.RocksDbKvStore;
import dev.chatstore.rocksdb.RocksDbOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec-000 engine workload of the original's users, through {@link KvEngine} on the embedded
 * default ({@link SqliteKvStore}) and on {@link RocksDbKvStore}, each beside the raw driver on
 * the same kind of database in the same run: {@code @Param backend = sqlite | rocksdb},
 * {@code @Param impl = raw | engine}.
 *
 * <h2>Data</h2>
 * 10,000 message documents {@code chat/{cid}/message/{id}/index} of about 300 bytes of JSON
 * (seeded, the same on both sides) across 100 chats {@code 1203631234567NN@g.us}; ids are 32
 * random hex digits, as WhatsApp's.
 *
 * <h2>The sides</h2>
 * <ul>
 *   <li>{@code engine}: {@code KvEngine.of(ChatStore.on(store), "bench")} on
 *       {@code SqliteKvStore.open(dir, SqliteOptions.defaults(), StoreOptions.defaults())} (WAL,
 *       {@code synchronous=NORMAL}, 4 readers) or {@code RocksDbKvStore.open(dir,
 *       RocksDbOptions.defaults(), StoreOptions.defaults())} (log written, not fsynced, per
 *       commit), each with its group-committing writer; every set is its own atomic write
 *       (document, one recency entry per ancestor directory, a check).</li>
 *   <li>{@code raw} on SQLite: one sqlite-jdbc write connection and one read connection with
 *       chatstore's pragmas ({@link BenchData#rawConnection}: WAL, {@code synchronous=NORMAL}),
 *       auto-commit, statements prepared once. Sets go to {@code kv(k TEXT PRIMARY KEY, v TEXT
 *       NOT NULL) WITHOUT ROWID} ({@code INSERT OR REPLACE}, one row per commit): the plainest
 *       key-value store, which cannot list by recency. For list and cascade delete the raw side is
 *       the original's relational design ({@code kv_store(key PRIMARY KEY, value, updated_at)}
 *       with an index on {@code updated_at}, as in the specification's PostgreSQL example; a
 *       cascade is a primary-key range delete). Appends go to {@code msg(cid, ts, id)} with
 *       primary key {@code (cid, id)} and an index on {@code (cid, ts, id)}.</li>
 *   <li>{@code raw} on RocksDB: plain rocksdbjni with the store's options and write options, the
 *       same tables as key ranges ({@link RocksRaw}): a set is one {@code put}, a get one
 *       {@code get}, the list walks the {@code updated_at} index newest first keeping keys under
 *       the prefix, a cascade is one write batch of range deletes plus the point deletes of the
 *       removed rows' index entries (read first, as SQLite does inside its DELETE), an append one
 *       batch of the row and its index entry after a read of the old row (INSERT OR
 *       REPLACE).</li>
 * </ul>
 *
 * <h2>Benchmarks (all in microseconds per operation)</h2>
 * <ul>
 *   <li>{@code set10k}: single shot per iteration on a fresh file: the 10,000 documents set one
 *       by one, each its own commit ({@code @OperationsPerInvocation(10000)}: time per set).</li>
 *   <li>{@code getRandom}: one document of the loaded 10,000, in random order.</li>
 *   <li>{@code listChats50}: {@code list("chat/", 0, 50)} on the loaded 10,000 (raw:
 *       {@code ... WHERE key >= 'chat/' AND key < 'chat0' ORDER BY updated_at DESC LIMIT 50}).</li>
 *   <li>{@code cascadeDelete1000}: single shot: {@code set("chat/big", null)} of a chat holding
 *       1,000 message documents, its index of 1,000 entries and its chat document, on top of the
 *       loaded 10,000 (refilled before each iteration).</li>
 *   <li>{@code append100}, {@code append1000}, {@code append5000}: single shot: that many
 *       messages appended one by one to a new chat's index ({@link Messages#append}: one atomic
 *       write each), time per append.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -q -B -o -pl bench -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar EngineBenchmark \
 *     -f 1 | tee bench/results/engine.log
 * </pre>
 * {@code -jvmArgs -Dbench.dir=/some/disk} puts the files elsewhere than {@code java.io.tmpdir}.
 */
@Fork(1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class EngineBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(EngineBenchmark.class);
  private static final long SEED = 0x0e9_1e5L;
  static final int DOCS = 10_000;
  static final int CHATS = 100;
  static final int BIG_CHAT_MESSAGES = 1_000;

  static final String RAW_KV = "CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID";
  static final String RAW_SET = "INSERT OR REPLACE INTO kv(k, v) VALUES(?, ?)";
  static final String RAW_STORE = "CREATE TABLE kv_store(key TEXT PRIMARY KEY, value TEXT NOT NULL,"
      + " updated_at INTEGER NOT NULL) WITHOUT ROWID";
  static final String RAW_STORE_INDEX = "CREATE INDEX kv_store_updated ON kv_store(updated_at)";
  static final String RAW_STORE_SET =
      "INSERT OR REPLACE INTO kv_store(key, value, updated_at) VALUES(?, ?, ?)";
  static final String RAW_STORE_GET = "SELECT value FROM kv_store WHERE key = ?";
  static final String RAW_STORE_LIST = "SELECT key FROM kv_store WHERE key >= ? AND key < ?"
      + " ORDER BY updated_at DESC LIMIT ? OFFSET ?";
  static final String RAW_STORE_CASCADE =
      "DELETE FROM kv_store WHERE key = ? OR (key >= ? AND key < ?)";
  static final String RAW_MSG = "CREATE TABLE msg(cid TEXT NOT NULL, ts INTEGER NOT NULL,"
      + " id TEXT NOT NULL, PRIMARY KEY(cid, id)) WITHOUT ROWID";
  static final String RAW_MSG_INDEX = "CREATE INDEX msg_order ON msg(cid, ts, id)";
  static final String RAW_APPEND = "INSERT OR REPLACE INTO msg(cid, ts, id) VALUES(?, ?, ?)";

  /** Which backend: the embedded default (SQLite) or RocksDB. */
  @Param({"sqlite", "rocksdb"})
  public String backend;

  /** Which side is measured. */
  @Param({"raw", "engine"})
  public String impl;

  /** The workload's keys, values and message ids (the same for both sides). */
  static final class Workload {
    final String[] chats = new String[CHATS];
    final String[] keys = new String[DOCS];
    final String[] values = new String[DOCS];
    final String[] ids = new String[DOCS];

    Workload() {
      SplittableRandom rnd = new SplittableRandom(SEED);
      HexFormat hex = HexFormat.of().withUpperCase();
      for (int c = 0; c < CHATS; c++) {
        chats[c] = String.format("1203631234567%02d@g.us", c);
      }
      for (int i = 0; i < DOCS; i++) {
        byte[] id = new byte[16];
        rnd.nextBytes(id);
        ids[i] = hex.formatHex(id);
        String cid = chats[i % CHATS];
        keys[i] = EngineKeys.messageIndex(cid, ids[i]);
        values[i] = document(cid, ids[i], 1_767_366_759_000L + i, rnd);
      }
    }

    /** A message metadata document of about 300 bytes, shaped like the spec's example. */
    static String document(String cid, String id, long createdAt, SplittableRandom rnd) {
      String base = "{\"id\":\"" + id + "\",\"cid\":\"" + cid + "\",\"mid\":null,\"me\":false,"
          + "\"type\":\"text\",\"author\":\"5841447" + (10000 + rnd.nextInt(89999))
          + "@s.whatsapp.net\",\"status\":4,\"starred\":false,\"forwarded\":false,"
          + "\"created_at\":" + createdAt + ",\"deleted_at\":null,\"mime\":\"text/plain\","
          + "\"edited\":false,\"caption\":\"";
      StringBuilder sb = new StringBuilder(base);
      while (sb.length() < 298) {
        sb.append((char) ('a' + rnd.nextInt(26)));
      }
      return sb.append("\"}").toString();
    }
  }

  static final Workload WORK = new Workload();

  boolean raw() {
    return switch (impl) {
      case "raw" -> true;
      case "engine" -> false;
      default -> throw new IllegalArgumentException("impl must be raw or engine, got " + impl);
    };
  }

  boolean rocksdb() {
    return switch (backend) {
      case "sqlite" -> false;
      case "rocksdb" -> true;
      default -> throw new IllegalArgumentException("backend must be sqlite or rocksdb, got "
          + backend);
    };
  }

  Side open() throws SQLException {
    return new Side(raw(), rocksdb());
  }

  // ---------------------------------------------------------------- one side, opened

  /** One open side: the engine on a fresh store, or raw connections on a fresh file. */
  static final class Side implements AutoCloseable {
    final Path dir;
    ChatStore store;
    Engine engine;
    Messages messages;
    Connection writer;
    Connection reader;
    PreparedStatement set;
    PreparedStatement storeSet;
    PreparedStatement storeGet;
    PreparedStatement storeList;
    PreparedStatement storeCascade;
    PreparedStatement append;
    PreparedStatement msgCascade;
    RocksRaw rocks;
    long clock = 1_767_366_759_000L;

    Side(boolean raw, boolean rocksdb) throws SQLException {
      dir = BenchData.freshDir("chatstore-engine-bench-");
      if (raw && rocksdb) {
        rocks = new RocksRaw(dir.resolve("raw"));
      } else if (raw) {
        Path file = dir.resolve("raw.db");
        writer = BenchData.rawConnection(file, true, "NORMAL");
        try (Statement st = writer.createStatement()) {
          st.execute(RAW_KV);
          st.execute(RAW_STORE);
          st.execute(RAW_STORE_INDEX);
          st.execute(RAW_MSG);
          st.execute(RAW_MSG_INDEX);
        }
        reader = BenchData.rawConnection(file, false, null);
        set = writer.prepareStatement(RAW_SET);
        storeSet = writer.prepareStatement(RAW_STORE_SET);
        storeCascade = writer.prepareStatement(RAW_STORE_CASCADE);
        append = writer.prepareStatement(RAW_APPEND);
        msgCascade = writer.prepareStatement("DELETE FROM msg WHERE cid = ?");
        storeGet = reader.prepareStatement(RAW_STORE_GET);
        storeList = reader.prepareStatement(RAW_STORE_LIST);
      } else if (rocksdb) {
        store = ChatStore.on(RocksDbKvStore.open(dir.resolve("engine"), RocksDbOptions.defaults(),
            StoreOptions.defaults()));
        engine = KvEngine.of(store, "bench");
        messages = Messages.on(engine);
      } else {
        store = ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
            StoreOptions.defaults()));
        engine = KvEngine.of(store, "bench");
        messages = Messages.on(engine);
      }
    }

    /** Loads the 10,000 documents in batches (the raw side into its relational table). */
    void load() throws SQLException {
      if (engine != null) {
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
          batch.add(Map.entry(WORK.keys[i], WORK.values[i]));
          if (batch.size() == 2000) {
            engine.setBatch(batch);
            batch.clear();
          }
        }
        engine.setBatch(batch);
        return;
      }
      if (rocks != null) {
        rocks.load();
        return;
      }
      writer.setAutoCommit(false);
      for (int i = 0; i < DOCS; i++) {
        storeSet.setString(1, WORK.keys[i]);
        storeSet.setString(2, WORK.values[i]);
        storeSet.setLong(3, ++clock);
        storeSet.addBatch();
      }
      storeSet.executeBatch();
      writer.commit();
      writer.setAutoCommit(true);
    }

    /** Fills chat {@code cid} with {@code n} message documents, its index and its document. */
    void fillChat(String cid, int n) throws SQLException {
      SplittableRandom rnd = new SplittableRandom(SEED + n);
      if (engine != null) {
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        StringBuilder index = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
          String id = String.format("BIG%029d", i);
          index.append(1_800_000_000_000L + i).append(' ').append(id).append('\n');
          batch.add(Map.entry(EngineKeys.messageIndex(cid, id),
              Workload.document(cid, id, 1_800_000_000_000L + i, rnd)));
        }
        batch.add(Map.entry(EngineKeys.chatMessages(cid), index.toString()));
        batch.add(Map.entry(EngineKeys.chatIndex(cid), "{\"id\":\"" + cid + "\"}"));
        engine.setBatch(batch);
        return;
      }
      if (rocks != null) {
        rocks.fillChat(cid, n, rnd);
        return;
      }
      writer.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        String id = String.format("BIG%029d", i);
        storeSet.setString(1, EngineKeys.messageIndex(cid, id));
        storeSet.setString(2, Workload.document(cid, id, 1_800_000_000_000L + i, rnd));
        storeSet.setLong(3, ++clock);
        storeSet.addBatch();
        append.setString(1, cid);
        append.setLong(2, 1_800_000_000_000L + i);
        append.setString(3, id);
        append.addBatch();
      }
      storeSet.setString(1, EngineKeys.chatIndex(cid));
      storeSet.setString(2, "{\"id\":\"" + cid + "\"}");
      storeSet.setLong(3, ++clock);
      storeSet.addBatch();
      storeSet.executeBatch();
      append.executeBatch();
      writer.commit();
      writer.setAutoCommit(true);
    }

    @Override
    public void close() {
      for (AutoCloseable c : new AutoCloseable[] {set, storeSet, storeGet, storeList,
          storeCascade, append, msgCascade, reader, writer, store, rocks}) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
          }
        }
      }
      BenchData.deleteTree(dir);
    }
  }

  // ---------------------------------------------------------------- raw RocksDB

  /**
   * The raw side on RocksDB: plain rocksdbjni with the options and write options of
   * {@code RocksDbKvStore} with {@link RocksDbOptions#defaults()} (see
   * {@link RocksDbKvBenchmark.Raw}: write-ahead log written, not fsynced, per write), one write per
   * operation. Keys are a tag byte and UTF-8, mirroring the SQLite raw side's tables:
   *
   * <pre>
   * 'k' key                      -&gt; value                   (kv: what set10k writes, one put)
   * 'd' key                      -&gt; updated_at (8) + value  (kv_store)
   * 'u' (MAX - updated_at) key   -&gt; empty                   (its index on updated_at)
   * 'm' cid 0 id                 -&gt; ts (8)                  (msg, primary key (cid, id))
   * 'o' cid 0 ts (8) id          -&gt; empty                   (its index on (cid, ts, id))
   * </pre>
   *
   * A secondary index is what SQLite maintains by itself; here the code maintains it the way
   * SQLite does: a cascade reads the rows it removes to delete their index entries, a replacing
   * append reads the old row.
   */
  static final class RocksRaw implements AutoCloseable {
    final RocksDbKvBenchmark.Raw db;
    long clock = 1_767_366_759_000L;

    RocksRaw(Path dir) {
      RocksDB.loadLibrary();
      try {
        db = new RocksDbKvBenchmark.Raw(dir);
      } catch (RocksDBException e) {
        throw new IllegalStateException("opening raw RocksDB in " + dir + " failed", e);
      }
    }

    static byte[] key(char tag, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      byte[] k = new byte[b.length + 1];
      k[0] = (byte) tag;
      System.arraycopy(b, 0, k, 1, b.length);
      return k;
    }

    static byte[] recent(long updatedAt, String key) {
      byte[] b = key.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(9 + b.length).put((byte) 'u').putLong(Long.MAX_VALUE - updatedAt)
          .put(b).array();
    }

    static byte[] msgById(String cid, String id) {
      return key('m', cid + '\0' + id);
    }

    static byte[] msgByTs(String cid, long ts, String id) {
      byte[] c = (cid + '\0').getBytes(StandardCharsets.UTF_8);
      byte[] i = id.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + c.length + 8 + i.length).put((byte) 'o').put(c).putLong(ts)
          .put(i).array();
    }

    void set(String key, String value) {
      try {
        db.db.put(db.writeOptions, key('k', key), value.getBytes(StandardCharsets.UTF_8));
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    String get(String key) {
      try {
        byte[] v = db.db.get(db.readOptions, key('d', key));
        return v == null ? null : new String(v, 8, v.length - 8, StandardCharsets.UTF_8);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The stored-row upsert of kv_store into {@code wb}: the row and its index entry. */
    void storeSet(org.rocksdb.WriteBatch wb, String key, String value) throws RocksDBException {
      long at = ++clock;
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      wb.put(key('d', key), ByteBuffer.allocate(8 + v.length).putLong(at).put(v).array());
      wb.put(recent(at, key), new byte[0]);
    }

    void load() {
      try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
        for (int i = 0; i < DOCS; i++) {
          storeSet(wb, WORK.keys[i], WORK.values[i]);
        }
        db.db.write(db.writeOptions, wb);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    void fillChat(String cid, int n, SplittableRandom rnd) {
      try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
        for (int i = 0; i < n; i++) {
          String id = String.format("BIG%029d", i);
          storeSet(wb, EngineKeys.messageIndex(cid, id),
              Workload.document(cid, id, 1_800_000_000_000L + i, rnd));
          wb.put(msgById(cid, id), ByteBuffer.allocate(8).putLong(1_800_000_000_000L + i).array());
          wb.put(msgByTs(cid, 1_800_000_000_000L + i, id), new byte[0]);
        }
        storeSet(wb, EngineKeys.chatIndex(cid), "{\"id\":\"" + cid + "\"}");
        db.db.write(db.writeOptions, wb);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The newest {@code limit} keys starting with {@code prefix}, by the updated_at index. */
    int list(String prefix, int limit, Blackhole bh) {
      int n = 0;
      try (RocksIterator it = db.db.newIterator(db.readOptions)) {
        for (it.seek(new byte[] {'u'}); it.isValid() && n < limit; it.next()) {
          byte[] k = it.key();
          if (k[0] != 'u') {
            break;
          }
          String key = new String(k, 9, k.length - 9, StandardCharsets.UTF_8);
          if (key.startsWith(prefix)) {
            bh.consume(key);
            n++;
          }
        }
      }
      return n;
    }

    /**
     * Removes {@code key} and every kv_store row under {@code key + "/"} with their index entries,
     * and chat {@code cid}'s message rows, in one write; returns the kv_store rows removed.
     */
    int cascade(String key, String cid) {
      int n = 0;
      byte[] lo = key('d', key + "/");
      byte[] hi = key('d', key + "0");
      try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch();
           RocksIterator it = db.db.newIterator(db.readOptions)) {
        byte[] exact = db.db.get(db.readOptions, key('d', key));
        if (exact != null) {
          wb.delete(key('d', key));
          wb.delete(recent(ByteBuffer.wrap(exact).getLong(), key));
          n++;
        }
        for (it.seek(lo); it.isValid() && java.util.Arrays.compare(it.key(), hi) < 0; it.next()) {
          byte[] k = it.key();
          wb.delete(recent(ByteBuffer.wrap(it.value()).getLong(),
              new String(k, 1, k.length - 1, StandardCharsets.UTF_8)));
          n++;
        }
        wb.deleteRange(lo, hi);
        byte[] c = (cid + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] c1 = (cid + '\1').getBytes(StandardCharsets.UTF_8);
        wb.deleteRange(key('m', cid + '\0'), key('m', cid + '\1'));
        wb.deleteRange(ByteBuffer.allocate(1 + c.length).put((byte) 'o').put(c).array(),
            ByteBuffer.allocate(1 + c1.length).put((byte) 'o').put(c1).array());
        db.db.write(db.writeOptions, wb);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
      return n;
    }

    /** INSERT OR REPLACE into msg: the row by id and its (ts, id) index entry, in one write. */
    void append(String cid, long ts, String id) {
      byte[] byId = msgById(cid, id);
      try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
        byte[] old = db.db.get(db.readOptions, byId);
        if (old != null) {
          wb.delete(msgByTs(cid, ByteBuffer.wrap(old).getLong(), id));
        }
        wb.put(byId, ByteBuffer.allocate(8).putLong(ts).array());
        wb.put(msgByTs(cid, ts, id), new byte[0]);
        db.db.write(db.writeOptions, wb);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      db.close();
    }
  }

  // ---------------------------------------------------------------- states

  /** A fresh, empty side per iteration (for {@code set10k}). */
  @State(Scope.Benchmark)
  public static class Fresh {
    Side side;

    @Setup(Level.Iteration)
    public void open(EngineBenchmark b) throws SQLException {
      side = b.open();
    }

    @TearDown(Level.Iteration)
    public void close() {
      side.close();
    }
  }

  /** An empty side per trial, where each iteration appends to a chat of its own. */
  @State(Scope.Benchmark)
  public static class Appending {
    Side side;
    final AtomicInteger chats = new AtomicInteger();

    @Setup(Level.Trial)
    public void open(EngineBenchmark b) throws SQLException {
      side = b.open();
    }

    @TearDown(Level.Trial)
    public void close() {
      side.close();
    }
  }

  /** A side loaded with the 10,000 documents, once per trial. */
  @State(Scope.Benchmark)
  public static class Loaded {
    Side side;
    SplittableRandom rnd;

    @Setup(Level.Trial)
    public void open(EngineBenchmark b) throws SQLException {
      long t0 = System.nanoTime();
      side = b.open();
      side.load();
      rnd = new SplittableRandom(SEED * 7);
      LOG.info("[setup] {}: loaded {} documents in {} ms", b.impl, DOCS,
          (System.nanoTime() - t0) / 1_000_000);
    }

    /** Before each cascade-delete iteration: chat "big" with 1,000 messages again. */
    void refillBigChat() throws SQLException {
      side.fillChat("big@g.us", BIG_CHAT_MESSAGES);
    }

    @TearDown(Level.Trial)
    public void close() {
      side.close();
    }
  }

  /** The big chat refilled before each iteration of the cascade delete. */
  @State(Scope.Benchmark)
  public static class BigChat {
    @Setup(Level.Iteration)
    public void refill(Loaded loaded) throws SQLException {
      loaded.refillBigChat();
    }
  }

  // ---------------------------------------------------------------- benchmarks

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  @OperationsPerInvocation(DOCS)
  public void set10k(Fresh fresh) throws SQLException {
    Side s = fresh.side;
    if (s.engine != null) {
      for (int i = 0; i < DOCS; i++) {
        s.engine.set(WORK.keys[i], WORK.values[i]);
      }
    } else if (s.rocks != null) {
      for (int i = 0; i < DOCS; i++) {
        s.rocks.set(WORK.keys[i], WORK.values[i]);
      }
    } else {
      for (int i = 0; i < DOCS; i++) {
        s.set.setString(1, WORK.keys[i]);
        s.set.setString(2, WORK.values[i]);
        s.set.executeUpdate();
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  public String getRandom(Loaded loaded) throws SQLException {
    Side s = loaded.side;
    String key = WORK.keys[loaded.rnd.nextInt(DOCS)];
    String v;
    if (s.engine != null) {
      v = s.engine.get(key);
    } else if (s.rocks != null) {
      v = s.rocks.get(key);
    } else {
      s.storeGet.setString(1, key);
      try (ResultSet rs = s.storeGet.executeQuery()) {
        v = rs.next() ? rs.getString(1) : null;
      }
    }
    if (v == null) {
      throw new IllegalStateException("the loaded document " + key + " is missing");
    }
    return v;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void listChats50(Loaded loaded, Blackhole bh) throws SQLException {
    Side s = loaded.side;
    int n = 0;
    if (s.engine != null) {
      for (String k : s.engine.list("chat/", 0, 50)) {
        bh.consume(k);
        n++;
      }
    } else if (s.rocks != null) {
      n = s.rocks.list("chat/", 50, bh);
    } else {
      s.storeList.setString(1, "chat/");
      s.storeList.setString(2, "chat0");
      s.storeList.setInt(3, 50);
      s.storeList.setInt(4, 0);
      try (ResultSet rs = s.storeList.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getString(1));
          n++;
        }
      }
    }
    if (n != 50) {
      throw new IllegalStateException("list(chat/, 0, 50) returned " + n + " keys");
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 10)
  public void cascadeDelete1000(Loaded loaded, BigChat big) throws SQLException {
    Side s = loaded.side;
    if (s.engine != null) {
      s.engine.set("chat/big@g.us", null);
    } else if (s.rocks != null) {
      if (s.rocks.cascade("chat/big@g.us", "big@g.us") != BIG_CHAT_MESSAGES + 1) {
        throw new IllegalStateException("raw cascade delete missed rows");
      }
    } else {
      s.storeCascade.setString(1, "chat/big@g.us");
      s.storeCascade.setString(2, "chat/big@g.us/");
      s.storeCascade.setString(3, "chat/big@g.us0");
      if (s.storeCascade.executeUpdate() != BIG_CHAT_MESSAGES + 1) {
        throw new IllegalStateException("raw cascade delete missed rows");
      }
      s.msgCascade.setString(1, "big@g.us");
      s.msgCascade.executeUpdate();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 10)
  @OperationsPerInvocation(100)
  public void append100(Appending store) throws SQLException {
    append(store, 100);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  @OperationsPerInvocation(1000)
  public void append1000(Appending store) throws SQLException {
    append(store, 1000);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  @OperationsPerInvocation(5000)
  public void append5000(Appending store) throws SQLException {
    append(store, 5000);
  }

  private static void append(Appending store, int n) throws SQLException {
    Side s = store.side;
    String cid = "append" + store.chats.incrementAndGet() + "@g.us";
    for (int i = 0; i < n; i++) {
      // timestamps mostly ascending with some disorder, as deliveries are
      long ts = 1_767_366_759_000L + i * 1000L - (i % 7) * 1500L;
      String id = WORK.ids[i % DOCS] + (i / DOCS);
      if (s.messages != null) {
        s.messages.append(cid, ts, id);
      } else if (s.rocks != null) {
        s.rocks.append(cid, ts, id);
      } else {
        s.append.setString(1, cid);
        s.append.setLong(2, ts);
        s.append.setString(3, id);
        s.append.executeUpdate();
      }
    }
  }
}
