package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.Messages;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec-000 engine workload of the original's users, through {@link KvEngine} on the embedded
 * default ({@link SqliteKvStore}), beside raw sqlite-jdbc on the same kind of file in the same
 * run: {@code @Param impl = raw | engine}.
 *
 * <h2>Data</h2>
 * 10,000 message documents {@code chat/{cid}/message/{id}/index} of about 300 bytes of JSON
 * (seeded, the same on both sides) across 100 chats {@code 1203631234567NN@g.us}; ids are 32
 * random hex digits, as WhatsApp's.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li>{@code engine}: {@code KvEngine.of(ChatStore.on(SqliteKvStore.open(dir,
 *       SqliteOptions.defaults(), StoreOptions.defaults())), "bench")} — WAL,
 *       {@code synchronous=NORMAL}, 4 readers, the group-committing writer; every set is its own
 *       atomic write (document, one recency entry per ancestor directory, a check).</li>
 *   <li>{@code raw}: one sqlite-jdbc write connection and one read connection with chatstore's
 *       pragmas ({@link BenchData#rawConnection}: WAL, {@code synchronous=NORMAL}), auto-commit,
 *       statements prepared once. Sets go to {@code kv(k TEXT PRIMARY KEY, v TEXT NOT NULL)
 *       WITHOUT ROWID} ({@code INSERT OR REPLACE}, one row per commit): the plainest key-value
 *       store, which cannot list by recency. For list and cascade delete the raw side is the
 *       original's relational design ({@code kv_store(key PRIMARY KEY, value, updated_at)} with an
 *       index on {@code updated_at}, as in the specification's PostgreSQL example; a cascade is a
 *       primary-key range delete). Appends go to {@code msg(cid, ts, id)} with primary key
 *       {@code (cid, id)} and an index on {@code (cid, ts, id)}.</li>
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
 * mvn -q -B -o -pl core,tck,sqlite install -DskipTests &amp;&amp; mvn -q -B -o -pl bench package
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
    long clock = 1_767_366_759_000L;

    Side(boolean raw) throws SQLException {
      dir = BenchData.freshDir("chatstore-engine-bench-");
      if (raw) {
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
          storeCascade, append, msgCascade, reader, writer, store}) {
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

  // ---------------------------------------------------------------- states

  /** A fresh, empty side per iteration (for {@code set10k}). */
  @State(Scope.Benchmark)
  public static class Fresh {
    Side side;

    @Setup(Level.Iteration)
    public void open(EngineBenchmark b) throws SQLException {
      side = new Side(b.raw());
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
      side = new Side(b.raw());
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
      side = new Side(b.raw());
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
      } else {
        s.append.setString(1, cid);
        s.append.setLong(2, ts);
        s.append.setString(3, id);
        s.append.executeUpdate();
      }
    }
  }
}
