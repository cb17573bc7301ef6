package dev.chatstore.bench;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What bounds {@link GroupCommitBenchmark}'s many-thread case: the same durable single-key puts
 * of new random keys, on {@code threads} threads for {@code seconds} seconds, with either
 * {@code synchronous} level, printing per second the puts completed and the bytes this process
 * had the kernel write to disk ({@code write_bytes} of {@code /proc/self/io}) per put.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.GroupCommitProbe FULL 64 10
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.GroupCommitProbe NORMAL 64 10
 * </pre>
 * If the puts per second are the same with {@code NORMAL} (no fsync per commit) as with
 * {@code FULL}, the commit's fsync is not what bounds the rate; the bytes per put say how much
 * page I/O each random put costs.
 */
public final class GroupCommitProbe {
  private GroupCommitProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("arguments: NORMAL|FULL threads seconds");
    }
    SqliteOptions.Synchronous sync = SqliteOptions.Synchronous.parse(args[0]);
    int threads = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    Path dir = BenchData.freshDir("chatstore-gcprobe-");
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    try (SqliteKvStore store = SqliteKvStore.open(dir.resolve("gc.db"),
        SqliteOptions.defaults().withSynchronous(sync), StoreOptions.defaults())) {
      byte[][] values = BenchData.valuePool(100, 0x6c0ffeeL);
      for (int t = 0; t < threads; t++) {
        SplittableRandom r = new SplittableRandom(0x6c0ffeeL * 31 + t);
        Thread w = new Thread(() -> {
          while (!stop.get()) {
            store.put(BenchData.randomKey(r), values[r.nextInt(values.length)]);
            done.increment();
          }
        }, "probe-" + t);
        w.start();
        writers.add(w);
      }
      for (int s = 1; s <= seconds; s++) {
        long puts0 = done.sum();
        long bytes0 = writeBytes();
        Thread.sleep(1000);
        long puts = done.sum() - puts0;
        long bytes = writeBytes() - bytes0;
        System.out.printf(Locale.ROOT, "%s %d threads, second %d: %,d puts/s, %,d bytes "
            + "written per put%n", sync, threads, s, puts, puts == 0 ? 0 : bytes / puts);
      }
      stop.set(true);
      for (Thread w : writers) {
        w.join();
      }
    } finally {
      BenchData.deleteTree(dir);
    }
  }

  /** The bytes this process caused to be written to storage so far (Linux), or 0. */
  private static long writeBytes() throws IOException {
    Path io = Path.of("/proc/self/io");
    if (!Files.isReadable(io)) {
      return 0;
    }
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("write_bytes:")) {
        return Long.parseLong(line.substring("write_bytes:".length()).trim());
      }
    }
    return 0;
  }
}
