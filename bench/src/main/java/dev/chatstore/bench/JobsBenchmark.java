package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.jobs.Job;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
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
 * What the persistency jobs layer costs over the store it runs on, on SQLite.
 *
 * <ul>
 *   <li>{@code put}: one fire-and-forget write of a new key (a 3-element tuple, 100-byte value)
 *       per operation. {@code job}: {@code job.persistPut(...)}; {@code raw}: the job's own
 *       kind of store ({@code ChatStore.open("sqlite:...").kv()}) with
 *       {@code writeAsync(put(key, value))}. Both queue into one group-commit writer whose
 *       queue is bounded, so the score is the sustained commit rate; each iteration ends by
 *       waiting for its last write.</li>
 *   <li>{@code get}: a point read of one of 100,000 keys, waited for. {@code job}:
 *       {@code job.get(...).join()}, which hands the read to the job's reader threads;
 *       {@code raw}: {@code store.get(key)} on the calling thread.</li>
 * </ul>
 *
 * <h2>Run</h2>
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -jar bench/target/benchmarks.jar JobsBenchmark \
 *     -f 1 -wi 1 -w 3s -i 3 -r 3s | tee bench/results/jobs.log
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class JobsBenchmark {
  private static final int PRELOADED = 100_000;

  @Param({"job", "raw"})
  public String layer;

  private Path dir;
  private Persistency persistency;
  private Job job;
  private ChatStore chatStore;
  private KvStore raw;
  private final byte[] value = new byte[100];
  private final SplittableRandom random = new SplittableRandom(7);
  private long next;
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir",
        System.getProperty("java.io.tmpdir"))), "jobs-bench");
    if (layer.equals("job")) {
      persistency = Persistency.open("sqlite:" + dir.resolve("jobs"));
      job = persistency.openJob("bench");
    } else {
      chatStore = ChatStore.open("sqlite:" + dir.resolve("raw"));
      raw = chatStore.kv();
    }
    List<CompletableFuture<?>> loads = new ArrayList<>();
    for (int i = 0; i < PRELOADED; i += 1000) {
      if (job != null) {
        List<dev.chatstore.jobs.TxOp> ops = new ArrayList<>();
        for (int j = i; j < i + 1000; j++) {
          ops.add(dev.chatstore.jobs.TxOp.put("m", key(j), value));
        }
        loads.add(job.persist(ops));
      } else {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int j = i; j < i + 1000; j++) {
          b.put(rawKey(j), value);
        }
        loads.add(raw.writeAsync(b.build()));
      }
    }
    CompletableFuture.allOf(loads.toArray(new CompletableFuture<?>[0])).join();
    next = PRELOADED;
  }

  private static Tuple key(long i) {
    return Tuple.of("chat", i % 97, i);
  }

  private static byte[] rawKey(long i) {
    return Tuple.of("m", "chat", i % 97, i).pack();
  }

  @Benchmark
  public Object put() {
    long i = next++;
    last = job != null ? job.persistPut("m", key(i), value)
        : raw.writeAsync(WriteBatch.builder().put(rawKey(i), value).build());
    return last;
  }

  @Benchmark
  public Object get() {
    long i = random.nextInt(PRELOADED);
    return job != null ? job.get("m", key(i)).join() : raw.get(rawKey(i));
  }

  @TearDown(Level.Iteration)
  public void drain() {
    last.join();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (persistency != null) {
      persistency.close();
    }
    if (chatStore != null) {
      chatStore.close();
    }
    BenchData.deleteTree(dir);
  }
}
