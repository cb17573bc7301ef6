package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.DevicesOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import dev.chatstore.tuple.Subspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The Signal stores ({@link Backend}) beside the raw {@link KvStore} calls doing the same
 * minimal work on the same store, in the same run: sessions and pre-key batches.
 *
 * <h2>Parameters</h2>
 * <ul>
 *   <li>{@code backend}: {@code memory} or {@code sqlite} (a fresh file in a temporary
 *       directory, {@code SqliteOptions.defaults()}: WAL, {@code synchronous=NORMAL}).</li>
 *   <li>{@code impl}: {@code raw} — {@code store.kv().get/put/getAll/write} with keys packed
 *       once in set-up (the same keys the stores use); {@code cached} — the stores with the
 *       write-through session cache (the default); {@code uncached} — the stores with the
 *       cache off.</li>
 * </ul>
 *
 * <h2>Data and benchmarks (average time per operation)</h2>
 * {@value #SESSIONS} sessions of ~1.2 KB (1,100-1,300 random bytes) and pre-keys 1 to
 * {@value #PREKEYS} of ~100 bytes are loaded per trial.
 * <ul>
 *   <li>{@code getSession}: one of the sessions, at random.</li>
 *   <li>{@code putSession}: replaces one of the sessions, at random (a durable write).</li>
 *   <li>{@code storePrekeys100}: replaces 100 pre-keys with consecutive ids (by one of two
 *       record sets) in one atomic write.</li>
 *   <li>{@code loadPrekeys100}: 100 consecutive existing pre-keys in one round of reads.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar SignalBenchmark \
 *     -f 1 -wi 2 -w 2s -i 3 -r 2s | tee bench/results/signal.log
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class SignalBenchmark {
  static final int SESSIONS = 1000;
  static final int PREKEYS = 10_000;
  static final int BATCH = 100;
  private static final long SEED = 0x51_6e_a1L;

  /** Where the data lives. */
  @Param({"memory", "sqlite"})
  public String backend;

  /** Which side is measured. */
  @Param({"raw", "cached", "uncached"})
  public String impl;

  Path dir;
  ChatStore store;
  KvStore kv;
  Backend device;
  String[] addresses;
  byte[][] sessionKeys;
  byte[][] prekeyKeys;
  byte[][] sessions;
  byte[][] prekeys;
  boolean raw;
  /** Other records for the same pre-key ids, so that a store changes the values. */
  byte[][] otherPrekeys;
  /** The stored forms (uploaded flag, record), for raw. */
  byte[][] storedPrekeys;
  byte[][] storedOtherPrekeys;
  SplittableRandom rnd = new SplittableRandom(SEED);

  @Setup(Level.Trial)
  public void load() {
    raw = switch (impl) {
      case "raw" -> true;
      case "cached", "uncached" -> false;
      default -> throw new IllegalArgumentException("impl must be raw, cached or uncached: "
          + impl);
    };
    store = switch (backend) {
      case "memory" -> ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
      case "sqlite" -> {
        dir = BenchData.freshDir("chatstore-signal-bench-");
        yield ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
            StoreOptions.defaults()));
      }
      default -> throw new IllegalArgumentException("backend must be memory or sqlite: "
          + backend);
    };
    kv = store.kv();
    DevicesOptions options = impl.equals("uncached") ? DevicesOptions.defaults().withoutCache()
        : DevicesOptions.defaults();
    Devices devices = Devices.open(store, options);
    device = devices.device(devices.create());
    // the keys the stores use, packed once (documented layout: SIGNAL (2, address), (3, id))
    Subspace signal = store.tenant(Devices.TENANT_PREFIX + device.deviceId())
        .subspace(Area.SIGNAL);
    SplittableRandom data = new SplittableRandom(SEED);
    addresses = new String[SESSIONS];
    sessionKeys = new byte[SESSIONS][];
    sessions = new byte[SESSIONS][];
    for (int i = 0; i < SESSIONS; i++) {
      addresses[i] = "1555" + (1_000_000 + i) + ".0";
      sessionKeys[i] = signal.pack(2, addresses[i]);
      sessions[i] = new byte[1100 + data.nextInt(201)];
      data.nextBytes(sessions[i]);
      device.putSession(addresses[i], sessions[i]);
    }
    prekeys = new byte[PREKEYS + 1][];
    otherPrekeys = new byte[PREKEYS + 1][];
    storedPrekeys = new byte[PREKEYS + 1][];
    storedOtherPrekeys = new byte[PREKEYS + 1][];
    prekeyKeys = new byte[PREKEYS + 1][];
    List<Map.Entry<Integer, byte[]>> batch = new ArrayList<>();
    for (int id = 1; id <= PREKEYS; id++) {
      prekeys[id] = new byte[100];
      data.nextBytes(prekeys[id]);
      otherPrekeys[id] = new byte[100];
      data.nextBytes(otherPrekeys[id]);
      storedPrekeys[id] = uploaded(prekeys[id]);
      storedOtherPrekeys[id] = uploaded(otherPrekeys[id]);
      prekeyKeys[id] = signal.pack(3, id);
      batch.add(Map.entry(id, prekeys[id]));
    }
    device.storePrekeysBatch(batch, true);
  }

  /** The stored form of an uploaded pre-key: flag byte 1, then the record. */
  private static byte[] uploaded(byte[] rec) {
    byte[] v = new byte[rec.length + 1];
    v[0] = 1;
    System.arraycopy(rec, 0, v, 1, rec.length);
    return v;
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    BenchData.deleteTree(dir);
  }

  @Benchmark
  public void getSession(Blackhole bh) {
    int i = rnd.nextInt(SESSIONS);
    if (raw) {
      bh.consume(kv.get(sessionKeys[i]));
    } else {
      bh.consume(device.getSession(addresses[i]).orElseThrow());
    }
  }

  @Benchmark
  public void putSession() {
    int i = rnd.nextInt(SESSIONS);
    byte[] value = sessions[rnd.nextInt(SESSIONS)];
    if (raw) {
      kv.put(sessionKeys[i], value);
    } else {
      device.putSession(addresses[i], value);
    }
  }

  @Benchmark
  public void storePrekeys100() {
    int first = 1 + rnd.nextInt(PREKEYS - BATCH);
    byte[][] records = rnd.nextBoolean() ? prekeys : otherPrekeys;
    if (raw) {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int id = first; id < first + BATCH; id++) {
        b.put(prekeyKeys[id], records == prekeys ? storedPrekeys[id] : storedOtherPrekeys[id]);
      }
      kv.write(b.build());
    } else {
      List<Map.Entry<Integer, byte[]>> keys = new ArrayList<>(BATCH);
      for (int id = first; id < first + BATCH; id++) {
        keys.add(Map.entry(id, records[id]));
      }
      device.storePrekeysBatch(keys, true);
    }
  }

  @Benchmark
  public void loadPrekeys100(Blackhole bh) {
    int first = 1 + rnd.nextInt(PREKEYS - BATCH);
    if (raw) {
      List<byte[]> keys = new ArrayList<>(BATCH);
      for (int id = first; id < first + BATCH; id++) {
        keys.add(prekeyKeys[id]);
      }
      bh.consume(kv.getAll(keys));
    } else {
      List<Integer> ids = new ArrayList<>(BATCH);
      for (int id = first; id < first + BATCH; id++) {
        ids.add(id);
      }
      bh.consume(device.loadPrekeysBatch(ids));
    }
  }
}
