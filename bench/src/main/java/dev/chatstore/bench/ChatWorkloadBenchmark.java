package dev.chatstore.bench;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatDbOptions;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.chat.RangePage;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.rocksdb.RocksDbKvStore;
import dev.chatstore.rocksdb.RocksDbOptions;
import dev.chatstore.sqlite.SqliteKvStore;
import dev.chatstore.sqlite.SqliteOptions;
import dev.chatstore.tuple.Tuple;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat workload of spec 004 on one backend, with the raw backend writing the same rows
 * beside it in the same run.
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li>Makes 10,000 chats (80 % direct, 20 % groups of 3-50 members) and {@code messages}
 *       messages to random chats ({@link ChatWorkload}, seeded).</li>
 *   <li>Ingests them in chunks of {@code chunk} messages, each chunk three times in turn (who goes first rotating), into
 *       three stores of the same backend: <b>checked</b>: {@link ChatDb#putMessages} (one atomic
 *       write per chunk: messages, seen entries, chat meta, Merkle leaves and every member's
 *       inbox entry, planned from what the handle last committed and one multi-get of the rest,
 *       guarded by a check per key it relied on);
 *       <b>raw</b>: the backend's own {@link KvStore} writing the same rows
 *       ({@link ChatRawRows}) in one batch per chunk, without reads or checks; <b>exclusive</b>:
 *       {@code putMessages} with {@link ChatDbOptions#exclusiveWriter()} (no checks, so it
 *       reads every seen entry first). Taking turns per chunk keeps the load of this shared machine the same for
 *       all three. Beside the wall-clock rates it reports the CPU time each side used (the
 *       calling thread plus its store's group-commit writer thread, which does nothing else
 *       during that side's turn): on a loaded machine, where a thread waits for a core, that
 *       ratio is the steadier one. Native background threads (RocksDB's flushes and
 *       compactions, SQLite has none) are in neither.</li>
 *   <li>Reads {@code reads} latest-50 pages of random chats ({@link ChatDb#latest}) and as many
 *       first inbox pages (20 chats) of random users ({@link ChatDb#listUserChats}), and, beside
 *       them, raw 50-row descending scans of a chat's rows; reports p50 and p99 of a second
 *       pass (the first one warms up).</li>
 * </ol>
 *
 * <pre>
 * mvn -B -o -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.chatstore.bench.ChatWorkloadBenchmark \
 *     backend=rocksdb messages=1000000 chunk=200 reads=5000 out=bench/results/chat-rocksdb.md
 * </pre>
 * Arguments ({@code name=value}, defaults in brackets): {@code backend} memory|sqlite|rocksdb
 * [memory], {@code messages} [1000000], {@code chats} [10000], {@code chunk} [200],
 * {@code reads} [5000], {@code seed} [42], {@code dir} [a fresh temp directory], {@code out}
 * [none: the report is logged only], {@code exclusive} [true; {@code false} leaves the exclusive
 * writer's store out, so that a run of the full size ingests only the checked and the
 * raw store], {@code settle} [false; {@code true} compacts each RocksDB store fully before the
 * reads, so that they do not run beside the compactions the ingest left pending].
 */
public final class ChatWorkloadBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ChatWorkloadBenchmark.class);

  private ChatWorkloadBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("argument '" + s + "' is not name=value");
      }
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    String backend = a.getOrDefault("backend", "memory");
    int messages = Integer.parseInt(a.getOrDefault("messages", "1000000"));
    int chats = Integer.parseInt(a.getOrDefault("chats", "10000"));
    int chunk = Integer.parseInt(a.getOrDefault("chunk", "200"));
    int reads = Integer.parseInt(a.getOrDefault("reads", "5000"));
    long seed = Long.parseLong(a.getOrDefault("seed", "42"));
    boolean withExclusive = Boolean.parseBoolean(a.getOrDefault("exclusive", "true"));
    Path dir = a.containsKey("dir") ? Path.of(a.get("dir")) : BenchData.freshDir("chat-bench");
    String report;
    try (KvStore checkedKv = open(backend, dir.resolve("chat"));
        ChatStore checked = ChatStore.on(checkedKv);
        KvStore exclusiveKv = withExclusive ? open(backend, dir.resolve("chat-exclusive")) : null;
        ChatStore exclusive = withExclusive ? ChatStore.on(exclusiveKv) : null;
        KvStore rawKv = open(backend, dir.resolve("raw"))) {
      long[] writers = {writerThread(checkedKv), writerThread(rawKv),
          withExclusive ? writerThread(exclusiveKv) : -1};
      boolean settle = Boolean.parseBoolean(a.getOrDefault("settle", "false"));
      Runnable beforeReads = () -> {
        if (settle) {
          for (KvStore kv : new KvStore[] {checkedKv, rawKv, exclusiveKv}) {
            if (kv instanceof RocksDbKvStore rocks) {
              long s0 = System.nanoTime();
              rocks.compact();
              LOG.info("{}: compacted in {} ms", kv.name(), (System.nanoTime() - s0) / 1_000_000);
            }
          }
        }
      };
      report = run(backend, checked, exclusive, rawKv, writers, messages, chats, chunk, reads,
          seed, beforeReads);
    } finally {
      if (!a.containsKey("dir")) {
        BenchData.deleteTree(dir);
      }
    }
    LOG.info("\n{}", report);
    if (a.containsKey("out")) {
      Files.writeString(Path.of(a.get("out")), report);
    }
  }

  private static KvStore open(String backend, Path dir) throws IOException {
    Files.createDirectories(dir);
    return switch (backend) {
      case "memory" -> new MemoryKvStore(StoreOptions.defaults());
      case "sqlite" -> SqliteKvStore.open(dir, SqliteOptions.defaults(), StoreOptions.defaults());
      case "rocksdb" -> RocksDbKvStore.open(dir, RocksDbOptions.defaults(),
          StoreOptions.defaults());
      default -> throw new IllegalArgumentException("backend '" + backend
          + "' is unknown; expected memory, sqlite or rocksdb");
    };
  }

  /** The id of the group-commit writer thread of {@code kv}. */
  private static long writerThread(KvStore kv) {
    String name = "chatstore-writer " + kv.name();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.threadId();
      }
    }
    throw new IllegalStateException("no writer thread named '" + name + "'");
  }

  private static String run(String backend, ChatStore store, ChatStore exclusiveStore,
      KvStore raw, long[] writers, int messages, int chatCount, int chunk, int reads, long seed,
      Runnable beforeReads) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[3]; // per side: the caller's and its store's writer's CPU time
    ChatWorkload w = new ChatWorkload(chatCount, seed);
    ChatRawRows rawRows = new ChatRawRows();
    ChatDb db = ChatDb.open(store, "bench");
    ChatDb ex = exclusiveStore == null ? null : ChatDb.open(exclusiveStore, "bench",
        ChatDbOptions.defaults().withExclusiveWriter(true));
    int sides = ex == null ? 2 : 3;
    long chatNanos = 0;
    long exNanos = 0;
    long rawNanos = 0;
    long inserted = 0;
    for (int done = 0; done < messages; done += chunk) {
      List<MessageWrite> batch = w.nextMessages(Math.min(chunk, messages - done));
      WriteBatch rawBatch = rawRows.batch(batch);
      for (int turn = 0; turn < sides; turn++) {
        int side = (turn + done / chunk) % sides; // who goes first rotates from chunk to chunk
        long c0 = threads.getCurrentThreadCpuTime() + threads.getThreadCpuTime(writers[side]);
        long t0 = System.nanoTime();
        switch (side) {
          case 0 -> inserted += db.putMessages(batch).stream().filter(r -> r.inserted()).count();
          case 1 -> raw.write(rawBatch);
          default -> ex.putMessages(batch);
        }
        long t = System.nanoTime() - t0;
        cpu[side] += threads.getCurrentThreadCpuTime() + threads.getThreadCpuTime(writers[side])
            - c0;
        switch (side) {
          case 0 -> chatNanos += t;
          case 1 -> rawNanos += t;
          default -> exNanos += t;
        }
      }
      if ((done / chunk) % 500 == 0) {
        LOG.info("{}: {} messages ingested", backend, done + batch.size());
      }
    }
    beforeReads.run();
    SplittableRandom r = new SplittableRandom(seed + 1);
    long[] latest = new long[reads];
    long[] inbox = new long[reads];
    long[] rawScan = new long[reads];
    long sink = 0;
    for (int i = -reads; i < reads; i++) { // the first half warms up and is not recorded
      byte[] chat = w.chats[w.randomChat(r)];
      long t0 = System.nanoTime();
      RangePage p = db.latest(chat, null, 50);
      long t1 = System.nanoTime();
      sink += db.listUserChats(w.randomMember(r), null, 20).items().size();
      long t2 = System.nanoTime();
      sink += raw.scan(KeyRange.prefix(Tuple.of(1, chat).pack()), Direction.DESCENDING, 50)
          .entries().size();
      long t3 = System.nanoTime();
      sink += p.items().size();
      if (i < 0) {
        continue;
      }
      latest[i] = t1 - t0;
      inbox[i] = t2 - t1;
      rawScan[i] = t3 - t2;
    }
    double rowsPerMsg = (double) rawRows.rows() / messages;
    double chatRate = messages / (chatNanos / 1e9);
    double rawRate = messages / (rawNanos / 1e9);
    String exRows = "—";
    String exMsgs = "—";
    String exRowRate = "—";
    String exRatio = "not run (`exclusive=false`)";
    String exCpu = "—";
    String exCpuRatio = "—";
    if (ex != null) {
      exCpu = String.format(Locale.ROOT, "%.1f", cpu[2] / 1e6 / messages * 1000);
      exCpuRatio = String.format(Locale.ROOT, "%.2f×", (double) cpu[1] / cpu[2]);
      double exRate = messages / (exNanos / 1e9);
      exRows = String.format(Locale.ROOT, "%.1f", rowsPerMsg);
      exMsgs = String.format(Locale.ROOT, "%,.0f", exRate);
      exRowRate = String.format(Locale.ROOT, "%,.0f", exRate * rowsPerMsg);
      exRatio = String.format(Locale.ROOT, "**%.2f×**", exRate / rawRate);
    }
    return String.format(Locale.ROOT, """
        ## ChatDb workload on %s

        %,d messages (%,d stored) into %,d chats (80%% direct, 20%% groups of 3-50), every \
        member's inbox updated; chunks of %d messages; per chunk, in turn: ChatDb (checked \
        batches), raw rows%s, each on its own store. \
        %,d reads of each kind (after as many for warm-up). Reads checksum %d.

        | figure | ChatDb, checked | ChatDb, exclusive writer | raw (same rows, batched) |
        |---|---:|---:|---:|
        | rows written per message | %.1f | %s | %.1f |
        | ingest, messages/s | %,.0f | %s | %,.0f |
        | ingest, rows/s | %,.0f | %s | %,.0f |
        | ingest ÷ raw | **%.2f×** | %s | 1 |
        | CPU ms per 1,000 messages (caller + store writer) | %.1f | %s | %.1f |
        | ingest ÷ raw by CPU time | %.2f× | %s | 1 |
        | latest-50 page, p50 / p99 (ms) | %.3f / **%.3f** | | %.3f / %.3f (50-row scan) |
        | first inbox page (20), p50 / p99 (ms) | %.3f / %.3f | | |
        """, backend, messages, inserted, chatCount, chunk,
        ex == null ? "" : ", ChatDb as an exclusive writer (no checks)", reads, sink,
        rowsPerMsg, exRows, rowsPerMsg, chatRate, exMsgs, rawRate, chatRate * rowsPerMsg,
        exRowRate, rawRate * rowsPerMsg, chatRate / rawRate, exRatio,
        cpu[0] / 1e6 / messages * 1000, exCpu, cpu[1] / 1e6 / messages * 1000,
        (double) cpu[1] / cpu[0], exCpuRatio, pct(latest, 50),
        pct(latest, 99), pct(rawScan, 50), pct(rawScan, 99), pct(inbox, 50), pct(inbox, 99));
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = (int) Math.min(s.length - 1, Math.ceil(p / 100.0 * s.length) - 1);
    return s[Math.max(0, i)] / 1e6;
  }
}
