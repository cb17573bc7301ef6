package dev.chatstore.tck.crash;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.signal.Devices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a writing process at random moments and checks what the store kept.
 *
 * <p>Each round starts a child JVM ({@link CrashChild}: the same {@code java}, the test class
 * path, {@code --enable-native-access=ALL-UNNAMED}, C1 only and class data sharing, so it
 * starts fast) that opens the store through a {@link CrashTarget} and writes the
 * {@link CrashWorkload} until the parent kills it with SIGKILL
 * ({@link Process#destroyForcibly()}) a random moment (up to {@value #MAX_WRITE_MILLIS} ms)
 * after its first acknowledged write, or, one round in ten, a random moment after it started
 * (possibly while it opens the store). The parent then opens the store as an application would,
 * with no repair step, and checks every lane:
 * <ul>
 *   <li>every value is whole: it carries a checksum of itself and its key;</li>
 *   <li>the domain stores' own invariants hold (see {@link ChatLane}: seen index, chat meta,
 *       inboxes and Merkle leaves agree with the messages present);</li>
 *   <li>the lane holds exactly what some prefix of its writes leaves, a prefix that includes
 *       every write the child reported acknowledged: so no acknowledged write is lost, every
 *       batch is there whole or not at all, and nothing else appears;</li>
 *   <li>{@link CrashTarget#checkFiles} finds the files sound once the store is closed.</li>
 * </ul>
 * The next round continues each lane from where the store was found, so the data grows over
 * the rounds and every check covers the whole history. Two stores ({@code tracks}) are killed
 * side by side, so that one child starts while the other writes.
 *
 * <p>System properties: {@value #KILLS_PROPERTY} (default {@value #DEFAULT_KILLS}),
 * {@value #SEED_PROPERTY} (default random; a failure names the seed; the kill moments then
 * repeat, the scheduling of the child's threads cannot), {@value #SECONDS_PROPERTY} (the time
 * after which a run stops early, with fewer kills, default {@value #DEFAULT_SECONDS}).
 */
public final class CrashHarness {
  private static final Logger LOG = LoggerFactory.getLogger(CrashHarness.class);
  /** The system property with the number of kills per run. */
  public static final String KILLS_PROPERTY = "chatstore.crash.kills";
  /** The system property that fixes the seed. */
  public static final String SEED_PROPERTY = "chatstore.crash.seed";
  /** The system property with the most seconds a run may take. */
  public static final String SECONDS_PROPERTY = "chatstore.crash.seconds";
  /** Kills per run unless {@value #KILLS_PROPERTY} says otherwise. */
  public static final int DEFAULT_KILLS = 50;
  /** Seconds per run unless {@value #SECONDS_PROPERTY} says otherwise. */
  public static final int DEFAULT_SECONDS = 180;
  /** The longest the child may take to open the store and acknowledge a first write. */
  static final long START_SECONDS = 60;
  /** The most milliseconds the child writes after its first acknowledged write. */
  static final int MAX_WRITE_MILLIS = 300;
  /** The fewest kills a run must do within its time budget (unless fewer were asked for). */
  static final int MIN_KILLS = 10;
  /** Stores killed side by side. */
  static final int TRACKS = 2;

  private final List<Class<? extends CrashTarget>> targets;
  private final CrashWorkload workload;
  private int kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
  private Duration budget = Duration.ofSeconds(Integer.getInteger(SECONDS_PROPERTY,
      DEFAULT_SECONDS));
  private final long seed = Long.getLong(SEED_PROPERTY, ThreadLocalRandom.current().nextLong());

  private CrashHarness(CrashWorkload workload, List<Class<? extends CrashTarget>> targets) {
    this.targets = targets;
    this.workload = workload;
  }

  /**
   * A harness that runs {@code workload} on the store the targets open, taking turns round by
   * round: several targets open the same data with different settings (such as SQLite's
   * {@code synchronous} levels), each child and the check after it using the same one.
   *
   * @throws IllegalArgumentException when an argument is null or no target is given
   */
  @SafeVarargs
  public static CrashHarness of(CrashWorkload workload,
      Class<? extends CrashTarget>... targets) {
    if (workload == null || targets == null || targets.length == 0
        || Arrays.asList(targets).contains(null)) {
      throw new IllegalArgumentException("a workload and at least one target are needed");
    }
    return new CrashHarness(workload, List.of(targets));
  }

  /** Sets the number of kills (overriding {@value #KILLS_PROPERTY}). */
  public CrashHarness kills(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("kills must be at least 1, got " + count);
    }
    this.kills = count;
    return this;
  }

  /**
   * Sets the time budget in seconds, unless {@value #SECONDS_PROPERTY} is given, which wins (so
   * that a longer run can be asked for on the command line).
   */
  public CrashHarness seconds(int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
    }
    if (System.getProperty(SECONDS_PROPERTY) == null) {
      this.budget = Duration.ofSeconds(seconds);
    }
    return this;
  }

  /** The seed of this run. */
  public long seed() {
    return seed;
  }

  /**
   * Runs the rounds in {@code dir} (the stores live in {@code dir/track-N/store}) and returns
   * what they did.
   *
   * @throws AssertionError when a check fails, naming the round, the lane and the seed; or when
   *     the run tested nothing (no write acknowledged) or fewer than {@value #MIN_KILLS} kills
   *     fitted in the time budget
   * @throws Exception when a child cannot be started or the store cannot be opened
   */
  public CrashReport run(Path dir) throws Exception {
    long started = System.nanoTime();
    long deadline = started + budget.toNanos();
    AtomicInteger claimed = new AtomicInteger();
    AtomicLong acknowledged = new AtomicLong();
    List<Track> tracks = new ArrayList<>();
    for (int t = 0; t < Math.min(TRACKS, kills); t++) {
      tracks.add(new Track(t, dir.resolve("track-" + t)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(tracks.size());
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (Track track : tracks) {
        done.add(pool.submit(() -> {
          int rounds = 0;
          while (System.nanoTime() < deadline && claimed.getAndIncrement() < kills) {
            acknowledged.addAndGet(track.round(rounds++));
          }
          return rounds;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        try {
          total += f.get();
        } catch (ExecutionException e) {
          claimed.set(kills);
          if (e.getCause() instanceof Exception x) {
            throw x;
          }
          throw (Error) e.getCause();
        }
      }
      long applied = 0;
      Map<CrashWorkload.Kind, Long> byKind = new EnumMap<>(CrashWorkload.Kind.class);
      for (Track track : tracks) {
        for (int lane = 0; lane < track.models.size(); lane++) {
          applied += track.models.get(lane).applied();
          byKind.merge(workload.kind(lane), track.models.get(lane).applied(), Long::sum);
        }
      }
      CrashReport report = new CrashReport(seed, total, acknowledged.get(), applied,
          Duration.ofNanos(System.nanoTime() - started));
      if (report.acknowledged() == 0) {
        throw new AssertionError("the children acknowledged no write before they were killed,"
            + " so nothing was tested: " + report);
      }
      if (report.kills() < kills) {
        LOG.warn("crash test of {}: {} of {} kills fitted in the time budget of {} s (-D{}): {}",
            targets, report.kills(), kills, budget.toSeconds(), SECONDS_PROPERTY, report);
      } else {
        LOG.info("crash test of {}: {}", targets, report);
      }
      LOG.info("crash test of {}: writes applied by kind of lane: {}", targets, byKind);
      for (Map.Entry<CrashWorkload.Kind, Long> e : byKind.entrySet()) {
        if (e.getValue() == 0) {
          throw new AssertionError("the " + e.getKey() + " lanes applied no write, so they were"
              + " not tested: " + report);
        }
      }
      if (report.kills() < Math.min(MIN_KILLS, kills)) {
        throw new AssertionError("only " + report.kills() + " kills fitted in the time budget"
            + " (-D" + SECONDS_PROPERTY + "): " + report);
      }
      return report;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One store, killed round after round, and the model of each of its lanes. */
  private final class Track {
    private final int index;
    private final Path storeDir;
    private final Path log;
    private final Random random;
    private final List<LaneModel> models = new ArrayList<>();

    Track(int index, Path dir) throws Exception {
      this.index = index;
      this.storeDir = dir.resolve("store");
      this.log = dir.resolve("child.log");
      this.random = new Random(seed + index);
      Files.createDirectories(storeDir);
      for (int lane = 0; lane < workload.lanes(); lane++) {
        models.add(new LaneModel(workload, seed + index, lane));
      }
    }

    /** Runs, kills and checks one child; returns how many writes it acknowledged. */
    long round(int round) throws Exception {
      Class<? extends CrashTarget> target = targets.get(round % targets.size());
      boolean early = random.nextInt(10) == 0;
      int delay = early ? random.nextInt(2000) : random.nextInt(MAX_WRITE_MILLIS);
      long[] first = new long[models.size()];
      for (int lane = 0; lane < first.length; lane++) {
        first[lane] = models.get(lane).applied();
      }
      ChildRun child = ChildRun.start(target, storeDir, log, seed + index, workload, first);
      try {
        if (!early && !child.awaitFirstAck(START_SECONDS)) {
          throw new AssertionError(context(target, round) + ": the child did not acknowledge a"
              + " write within " + START_SECONDS + " s; its log:\n" + child.log());
        }
        Thread.sleep(delay);
      } finally {
        child.kill();
      }
      String failure = child.failure();
      if (failure != null) {
        throw new AssertionError(context(target, round) + ": the child failed before it was"
            + " killed: " + failure);
      }
      long[] acked = child.acked();
      long count = 0;
      for (int lane = 0; lane < acked.length; lane++) {
        count += acked[lane] + 1 - first[lane];
      }
      check(target, round, acked, child, early);
      return count;
    }

    private void check(Class<? extends CrashTarget> target, int round, long[] acked,
        ChildRun child, boolean early) throws Exception {
      try (CrashTarget.Stores stores = target.getConstructor().newInstance().open(storeDir)) {
        Devices devices = workload.signalLanes() > 0 ? Devices.open(stores.chatStore()) : null;
        for (int lane = 0; lane < workload.lanes(); lane++) {
          NavigableMap<String, String> found;
          try {
            found = read(stores, devices, lane);
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(context(target, round) + ": lane " + lane + " ("
                + workload.kind(lane) + ", acknowledged up to operation " + acked[lane]
                + ") does not read back whole: " + e, e);
          }
          for (Map.Entry<String, String> e : found.entrySet()) {
            String damage = CrashWorkload.damage(e.getKey(), e.getValue());
            if (damage != null) {
              throw new AssertionError(context(target, round) + ": lane " + lane + " ("
                  + workload.kind(lane) + ") reads a value under " + e.getKey()
                  + " that is not one it wrote: " + damage);
            }
          }
          String diff = models.get(lane).match(found, acked[lane]);
          if (diff != null) {
            throw new AssertionError(context(target, round) + ": lane " + lane + " ("
                + workload.kind(lane) + ", acknowledged up to operation " + acked[lane]
                + ") holds a state that no prefix of its writes including every acknowledged"
                + " one leaves. Compared with the acknowledged state: " + diff
                + ". The child printed " + child.printedLines() + " lines"
                + (early ? ", killed early" : "") + "; its last acknowledgements of the lane: "
                + child.lastLines(lane, 5));
          }
        }
      }
      String broken = target.getConstructor().newInstance().checkFiles(storeDir);
      if (broken != null) {
        throw new AssertionError(context(target, round) + ": the store's files are damaged: "
            + broken);
      }
    }

    private String context(Class<? extends CrashTarget> target, int round) {
      return "crash test of " + target.getSimpleName() + ", store " + index + ", kill "
          + (round + 1) + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")";
    }
  }

  /** What lane {@code lane} holds, model key to value, read as its kind of lane is written. */
  private NavigableMap<String, String> read(CrashTarget.Stores stores, Devices devices,
      int lane) {
    String prefix = workload.prefix(lane);
    return switch (workload.kind(lane)) {
      case ENGINE -> readEngine(stores.engine(), prefix);
      case CHAT -> ChatLane.read(stores.chatStore(), workload, lane);
      case SIGNAL -> SignalLane.read(devices, prefix, SignalLane.device(workload.ordinal(lane)));
      case JOB -> JobLane.read(stores.jobs(), JobLane.jobId(lane));
      case PUT, BATCH, ASYNC -> readStore(stores, prefix);
    };
  }

  private static NavigableMap<String, String> readStore(CrashTarget.Stores stores,
      String prefix) {
    NavigableMap<String, String> out = new TreeMap<>();
    for (KvEntry e : stores.store().scanAll(KeyRange.prefix(CrashChild.ascii(prefix)))) {
      out.put(new String(e.key(), StandardCharsets.US_ASCII),
          new String(e.value(), StandardCharsets.US_ASCII));
    }
    return out;
  }

  private static NavigableMap<String, String> readEngine(Engine engine, String prefix) {
    NavigableMap<String, String> out = new TreeMap<>();
    for (int offset = 0; ; offset += EngineKeys.MAX_LIST_LIMIT) {
      List<String> keys = engine.list(prefix, offset, EngineKeys.MAX_LIST_LIMIT);
      for (String key : keys) {
        String value = engine.get(key);
        if (value == null) {
          throw new AssertionError("the Engine lists " + key + " but get returns null");
        }
        out.put(key, value);
      }
      if (keys.size() < EngineKeys.MAX_LIST_LIMIT) {
        return out;
      }
    }
  }
}
