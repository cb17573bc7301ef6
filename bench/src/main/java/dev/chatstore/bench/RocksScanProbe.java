package dev.chatstore.bench;

import dev.chatstore.chat.MessageWrite;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.rocksdb.RocksDbKvStore;
import dev.chatstore.rocksdb.RocksDbOptions;
import dev.chatstore.tuple.Tuple;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Read latency of a large {@link RocksDbKvStore} holding the chat workload's rows: fills a store
 * with the raw rows of {@link ChatRawRows} (no ChatDb), then measures p50/p99 of 50-row
 * descending and ascending scans of one random chat's message rows, and of point gets of a
 * random chat's meta row. The fill and the measurement are separate runs, so one filled
 * directory can be measured with several builds and options.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.RocksScanProbe \
 *     fill DIR MESSAGES CHATS [SEED]
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.RocksScanProbe \
 *     measure DIR CHATS READS [BLOCK_CACHE_MB] [compact] [SEED]
 * </pre>
 * {@code compact} rewrites every SST file with the options of this build before measuring (the
 * table format, such as the index type, is chosen when an SST file is written).
 */
public final class RocksScanProbe {
  private RocksScanProbe() {}

  /**
   * Runs the probe.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: fill DIR MESSAGES CHATS [SEED] | "
          + "measure DIR CHATS READS [BLOCK_CACHE_MB] [compact] [SEED]; got "
          + Arrays.toString(args));
    }
    Path dir = Path.of(args[1]);
    if (args[0].equals("fill")) {
      long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
      fill(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), seed);
    } else {
      int cache = args.length > 4 ? Integer.parseInt(args[4])
          : RocksDbOptions.DEFAULT_BLOCK_CACHE_MB;
      boolean compact = args.length > 5 && args[5].equals("compact");
      long seed = args.length > 6 ? Long.parseLong(args[6]) : 42;
      measure(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), cache, compact, seed);
    }
  }

  private static void fill(Path dir, int messages, int chats, long seed) {
    ChatWorkload w = new ChatWorkload(chats, seed);
    ChatRawRows rows = new ChatRawRows();
    long t0 = System.nanoTime();
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, RocksDbOptions.defaults(),
        StoreOptions.defaults())) {
      int chunk = 1000;
      for (int done = 0; done < messages; done += chunk) {
        List<MessageWrite> batch = w.nextMessages(Math.min(chunk, messages - done));
        kv.write(rows.batch(batch));
        if ((done / chunk) % 100 == 0) {
          System.out.printf("%d messages, %d rows, %.0f s%n", done + batch.size(), rows.rows(),
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.printf("filled %d messages (%d rows) into %d chats in %.0f s%n", messages,
        rows.rows(), chats, (System.nanoTime() - t0) / 1e9);
  }

  private static void measure(Path dir, int chats, int reads, int cacheMb, boolean compact,
      long seed) {
    ChatWorkload w = new ChatWorkload(chats, seed);
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir,
        RocksDbOptions.defaults().withBlockCacheMb(cacheMb), StoreOptions.defaults())) {
      if (compact) {
        long t0 = System.nanoTime();
        kv.compact();
        System.out.printf("compacted in %.0f s%n", (System.nanoTime() - t0) / 1e9);
      }
      SplittableRandom r = new SplittableRandom(seed + 1);
      long[] desc = new long[reads];
      long[] asc = new long[reads];
      long[] get = new long[reads];
      long sink = 0;
      for (int i = -reads; i < reads; i++) { // the first half warms up and is not recorded
        byte[] chat = w.chats[w.randomChat(r)];
        KeyRange messages = KeyRange.prefix(Tuple.of(1, chat).pack());
        long t0 = System.nanoTime();
        sink += kv.scan(messages, Direction.DESCENDING, 50).entries().size();
        long t1 = System.nanoTime();
        sink += kv.scan(KeyRange.prefix(Tuple.of(1, w.chats[w.randomChat(r)]).pack()),
            Direction.ASCENDING, 50).entries().size();
        long t2 = System.nanoTime();
        byte[] meta = kv.get(Tuple.of(3, w.chats[w.randomChat(r)]).pack());
        long t3 = System.nanoTime();
        sink += meta == null ? 0 : meta.length;
        if (i >= 0) {
          desc[i] = t1 - t0;
          asc[i] = t2 - t1;
          get[i] = t3 - t2;
        }
      }
      System.out.printf(Locale.ROOT, "blockCacheMb=%d reads=%d (sink %d)%n", cacheMb, reads,
          sink);
      System.out.println("| read | p50 ms | p99 ms |");
      System.out.println("|---|---:|---:|");
      row("50-row descending scan", desc);
      row("50-row ascending scan", asc);
      row("point get (chat meta)", get);
    }
  }

  private static void row(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", what, s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.99)] / 1e6);
  }
}
