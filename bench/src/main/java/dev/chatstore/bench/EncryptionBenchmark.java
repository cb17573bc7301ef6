package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.file.Path;
import java.security.SecureRandom;
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

/**
 * The cost of encryption at rest: point gets and puts of ~1.2 KB values in a tenant's
 * {@link Area#CREDENTIALS} area, sealed with AES-256-GCM ({@code encryption=aes-gcm}) or not
 * ({@code plain}), on the memory and SQLite backends, in the same run.
 *
 * <p>Per trial a fresh store (SQLite: a new folder under {@code java.io.tmpdir}) is loaded with
 * {@code keys} (default 10,000) keys of 16-40 random bytes and values of 1,200 random bytes in
 * batches of 1,000. {@code get} reads a random loaded key; {@code put} overwrites a random loaded
 * key with a random pool value, one durable write per call (SQLite {@code synchronous=NORMAL}).
 *
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * for round in 1 2 3 4; do for b in memory sqlite; do
 *   $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar EncryptionBenchmark -p backend=$b \
 *       -f 1 -wi 2 -w 1s -i 3 -r 1s; done; done | tee bench/results/encryption.log
 * </pre>
 * (Rounds alternate the backends so that each plain/aes-gcm pair is measured minutes, not a
 * quarter of an hour, apart; {@link EncryptionInterleaved} pairs them closer still.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class EncryptionBenchmark {
  private static final long SEED = 0xe1c_c4a7L;
  static final int VALUE_BYTES = 1200;

  /** The backend. */
  @Param({"memory", "sqlite"})
  public String backend;

  /** {@code plain} or {@code aes-gcm}. */
  @Param({"plain", "aes-gcm"})
  public String encryption;

  /** How many keys are loaded. */
  @Param({"10000"})
  public int keys;

  Path dir;
  ChatStore store;
  KvStore area;
  byte[][] loaded;
  byte[][] values;
  SplittableRandom rnd = new SplittableRandom(SEED);

  @Setup(Level.Trial)
  public void load() {
    String uri = switch (backend) {
      case "memory" -> "memory:";
      case "sqlite" -> {
        dir = BenchData.freshDir("chatstore-encryption-");
        yield "sqlite:" + dir;
      }
      default -> throw new IllegalArgumentException("backend must be memory or sqlite: " + backend);
    };
    EncryptionConfig config = switch (encryption) {
      case "plain" -> null;
      case "aes-gcm" -> {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        yield EncryptionConfig.of(KeyProvider.of("bench", Map.of("bench", key)));
      }
      default -> throw new IllegalArgumentException("encryption must be plain or aes-gcm: "
          + encryption);
    };
    store = ChatStore.open(uri, StoreOptions.defaults(), config);
    area = store.tenant("bench").area(Area.CREDENTIALS);
    loaded = BenchData.sortedKeys(keys, SEED);
    values = new byte[64][VALUE_BYTES];
    SplittableRandom v = new SplittableRandom(SEED + 1);
    for (byte[] value : values) {
      v.nextBytes(value);
    }
    for (int i = 0; i < loaded.length; i += 1000) {
      WriteBatch.Builder b = WriteBatch.builder();
      for (int j = i; j < Math.min(loaded.length, i + 1000); j++) {
        b.put(loaded[j], values[j % values.length]);
      }
      area.write(b.build());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    if (dir != null) {
      BenchData.deleteTree(dir);
    }
  }

  @Benchmark
  public byte[] get() {
    return area.get(loaded[rnd.nextInt(loaded.length)]);
  }

  @Benchmark
  public void put() {
    area.put(loaded[rnd.nextInt(loaded.length)], values[rnd.nextInt(values.length)]);
  }
}
