package dev.chatstore.bench;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.redis.RedisKvStore;
import dev.chatstore.redis.RedisUri;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
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

/**
 * {@link RedisKvStore} beside raw Lettuce doing the same work on the same Redis, in the same run:
 * the cost of chatstore's layer (value header, ordered index, Lua scripts, group-commit writer)
 * over plain Redis commands.
 *
 * <h2>Data</h2>
 * Per trial (per benchmark and {@code impl}, in its own fork) {@code rows} (default 100,000) keys
 * of 16-40 random bytes (seeded: both sides hold the same keys) with values of 190-210 random
 * bytes are loaded under a fresh key prefix on the Redis of {@code -Dbench.redis} (default
 * {@code redis://127.0.0.1:6379}); the prefix is removed at the end of the trial.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li>{@code raw}: the natural plain-Redis model of an ordered map: a string per entry
 *       ({@code {P}:v:KEY}) and one sorted set of the keys, all scores 0 ({@code {P}:i}), through
 *       one Lettuce connection per benchmark thread ({@code ByteArrayCodec}).</li>
 *   <li>{@code chatstore}: {@code RedisKvStore.open("redis://...?prefix=P",
 *       StoreOptions.defaults())}: the same two structures plus a value header and the expiry
 *       bookkeeping, changed together by Lua scripts ({@code EVALSHA}), writes through the store's
 *       group-committing writer thread.</li>
 * </ul>
 *
 * <h2>Benchmarks (throughput, one thread)</h2>
 * <ul>
 *   <li>{@code pointGet}: the value of a random existing key. raw: {@code GET}; chatstore:
 *       {@code store.get} (one {@code GET}).</li>
 *   <li>{@code scan50}: 50 entries ascending from a random existing key, keys and values
 *       consumed. raw: {@code ZRANGEBYLEX [start + LIMIT 0 50}, then {@code MGET} of the 50
 *       values (two round trips); chatstore: {@code store.scan} (one script).</li>
 *   <li>{@code loadBatch1000}: 1,000 new random keys in one batch. raw: 1,000 {@code SET} and
 *       1,000 {@code ZADD} pipelined (auto-flush off, one flush, wait for all); chatstore: one
 *       {@link WriteBatch} of 1,000 puts through {@code store.write} (atomic, unlike raw).
 *       {@code @OperationsPerInvocation(1000)}: the score is ROWS per second. The rows written
 *       in an iteration are removed after it (outside the measurement), so every measured row
 *       is an insert and Redis memory stays bounded.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar RedisKvBenchmark \
 *     -f 1 -wi 2 -w 2s -i 3 -r 3s | tee bench/results/redis.log
 * </pre>
 * Add {@code -jvmArgs -Dbench.redis=redis://host:port} for another server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class RedisKvBenchmark {
  /** The seed of the loaded keys: the same data for raw and chatstore. */
  private static final long SEED = 0x5eed_4ed1L;
  private static final int LOAD_BATCH = 10_000;
  static final int NEW_ROWS_PER_BATCH = 1000;
  static final int SCAN_ROWS = 50;

  /** Which side is measured. */
  @Param({"raw", "chatstore"})
  public String impl;

  /** How many rows are loaded before measuring. */
  @Param({"100000"})
  public int rows;

  String server;
  String prefix;
  byte[][] keys;
  byte[][] values;
  RedisKvStore store;
  RedisClient client;
  StatefulRedisConnection<byte[], byte[]> admin;
  final AtomicInteger threadSeeds = new AtomicInteger();

  boolean raw() {
    return switch (impl) {
      case "raw" -> true;
      case "chatstore" -> false;
      default -> throw new IllegalArgumentException("impl must be raw or chatstore: " + impl);
    };
  }

  /** The Redis key holding the value of {@code key}, on both sides. */
  byte[] valueKey(byte[] key) {
    byte[] p = ("{" + prefix + "}:v:").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[p.length + key.length];
    System.arraycopy(p, 0, out, 0, p.length);
    System.arraycopy(key, 0, out, p.length, key.length);
    return out;
  }

  byte[] indexKey() {
    return ("{" + prefix + "}:i").getBytes(StandardCharsets.US_ASCII);
  }

  @Setup(Level.Trial)
  public void load() {
    boolean raw = raw();
    server = System.getProperty("bench.redis", "redis://127.0.0.1:6379");
    byte[] id = new byte[4];
    ThreadLocalRandom.current().nextBytes(id);
    prefix = "bench-" + impl + "-" + HexFormat.of().formatHex(id);
    keys = BenchData.sortedKeys(rows, SEED);
    values = BenchData.valuePool(200, SEED + 1);
    RedisUri parsed = RedisUri.parse(server);
    client = RedisClient.create(RedisURI.builder()
        .withHost(parsed.nodes().get(0).host()).withPort(parsed.nodes().get(0).port())
        .withDatabase(parsed.database()).withTimeout(Duration.ofSeconds(60)).build());
    admin = client.connect(ByteArrayCodec.INSTANCE);
    long t0 = System.nanoTime();
    if (raw) {
      for (int i = 0; i < keys.length; i += LOAD_BATCH) {
        List<byte[]> batch = new ArrayList<>();
        for (int j = i; j < Math.min(keys.length, i + LOAD_BATCH); j++) {
          batch.add(keys[j]);
        }
        pipelinedPuts(admin, batch, values);
      }
    } else {
      store = RedisKvStore.open(parsed.withOptions(parsed.options().withPrefix(prefix)),
          StoreOptions.defaults());
      for (int i = 0; i < keys.length; i += LOAD_BATCH) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int j = i; j < Math.min(keys.length, i + LOAD_BATCH); j++) {
          b.put(keys[j], values[j % values.length]);
        }
        store.write(b.build());
      }
    }
    System.out.printf("%n[setup] %s: loaded %,d rows under {%s} in %.1f s%n", impl, keys.length,
        prefix, (System.nanoTime() - t0) / 1e9);
  }

  /** SET and ZADD of every key, pipelined on {@code conn}; waits for all. */
  void pipelinedPuts(StatefulRedisConnection<byte[], byte[]> conn, List<byte[]> batch,
      byte[][] pool) {
    RedisAsyncCommands<byte[], byte[]> async = conn.async();
    byte[] idx = indexKey();
    conn.setAutoFlushCommands(false);
    try {
      List<RedisFuture<?>> futures = new ArrayList<>(batch.size() * 2);
      for (int i = 0; i < batch.size(); i++) {
        byte[] k = batch.get(i);
        futures.add(async.set(valueKey(k), pool[i % pool.length]));
        futures.add(async.zadd(idx, 0.0, k));
      }
      conn.flushCommands();
      if (!LettuceFutures.awaitAll(60, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]))) {
        throw new IllegalStateException("raw pipelined puts did not finish within 60 s");
      }
    } finally {
      conn.setAutoFlushCommands(true);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
      store = null;
    }
    RedisCommands<byte[], byte[]> sync = admin.sync();
    ScanArgs args = ScanArgs.Builder.matches("{" + prefix + "}*").limit(1000);
    KeyScanCursor<byte[]> c = sync.scan(args);
    long removed = 0;
    while (true) {
      if (!c.getKeys().isEmpty()) {
        removed += sync.unlink(c.getKeys().toArray(new byte[0][]));
      }
      if (c.isFinished()) {
        break;
      }
      c = sync.scan(c, args);
    }
    System.out.printf("%n[teardown] %s: removed %,d Redis keys under {%s}%n", impl, removed,
        prefix);
    admin.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** One benchmark thread's random source, connection (raw) and rows written this iteration. */
  @State(Scope.Thread)
  public static class PerThread {
    SplittableRandom rnd;
    StatefulRedisConnection<byte[], byte[]> conn;
    RedisCommands<byte[], byte[]> sync;
    final List<byte[]> written = new ArrayList<>();

    @Setup(Level.Trial)
    public void open(RedisKvBenchmark b) {
      rnd = new SplittableRandom(SEED * 31 + b.threadSeeds.incrementAndGet());
      if (b.raw()) {
        conn = b.client.connect(ByteArrayCodec.INSTANCE);
        sync = conn.sync();
      }
    }

    /** Removes the rows {@code loadBatch1000} wrote in this iteration (not measured). */
    @TearDown(Level.Iteration)
    public void removeWritten(RedisKvBenchmark b) {
      if (written.isEmpty()) {
        return;
      }
      RedisAsyncCommands<byte[], byte[]> async = b.admin.async();
      byte[] idx = b.indexKey();
      List<RedisFuture<?>> futures = new ArrayList<>();
      for (int i = 0; i < written.size(); i += 1000) {
        List<byte[]> part = written.subList(i, Math.min(written.size(), i + 1000));
        byte[][] names = new byte[part.size()][];
        for (int j = 0; j < names.length; j++) {
          names[j] = b.valueKey(part.get(j));
        }
        futures.add(async.unlink(names));
        futures.add(async.zrem(idx, part.toArray(new byte[0][])));
      }
      LettuceFutures.awaitAll(120, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]));
      written.clear();
    }

    @TearDown(Level.Trial)
    public void close() {
      if (conn != null) {
        conn.close();
      }
    }

    byte[] existingKey(RedisKvBenchmark b) {
      return b.keys[rnd.nextInt(b.keys.length)];
    }
  }

  @Benchmark
  public void pointGet(PerThread t, Blackhole bh) {
    byte[] k = t.existingKey(this);
    byte[] v = t.sync != null ? t.sync.get(valueKey(k)) : store.get(k);
    if (v == null) {
      throw new IllegalStateException(impl + ": key not found");
    }
    bh.consume(v);
  }

  @Benchmark
  public int scan50(PerThread t, Blackhole bh) {
    byte[] start = t.existingKey(this);
    int n = 0;
    if (t.sync != null) {
      List<byte[]> members = t.sync.zrangebylex(indexKey(),
          Range.from(Range.Boundary.including(start), Range.Boundary.unbounded()),
          Limit.create(0, SCAN_ROWS));
      byte[][] names = new byte[members.size()][];
      for (int i = 0; i < names.length; i++) {
        names[i] = valueKey(members.get(i));
      }
      List<KeyValue<byte[], byte[]>> kvs = t.sync.mget(names);
      for (int i = 0; i < kvs.size(); i++) {
        bh.consume(members.get(i));
        bh.consume(kvs.get(i).getValue());
        n++;
      }
    } else {
      ScanPage page = store.scan(KeyRange.of(start, null), Direction.ASCENDING, SCAN_ROWS);
      List<KvEntry> entries = page.entries();
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
  public void loadBatch1000(PerThread t, Blackhole bh) {
    SplittableRandom rnd = t.rnd;
    if (t.conn != null) {
      List<byte[]> batch = new ArrayList<>(NEW_ROWS_PER_BATCH);
      byte[][] vals = new byte[NEW_ROWS_PER_BATCH][];
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        byte[] k = BenchData.randomKey(rnd);
        batch.add(k);
        vals[i] = values[rnd.nextInt(values.length)];
      }
      pipelinedPuts(t.conn, batch, vals);
      t.written.addAll(batch);
    } else {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int i = 0; i < NEW_ROWS_PER_BATCH; i++) {
        byte[] k = BenchData.randomKey(rnd);
        b.put(k, values[rnd.nextInt(values.length)]);
        t.written.add(k);
      }
      bh.consume(store.write(b.build()));
    }
  }
}
