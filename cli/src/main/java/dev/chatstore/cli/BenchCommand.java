package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore bench}: the workload benchmark. Runs each workload of
 * {@link BenchWorkloads} through chatstore and as the raw key-value equivalent, side by side in
 * one run, on each store, and reports ops/s, p50 and p99 latency and the ratio to raw as a
 * table, a CSV file and an SVG chart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run the workload benchmark: message ingestion with inbox updates, latest-50"
        + " chat pages, inbox pages, Signal session store/load, Engine set/get/list and a"
        + " cascade delete, each through chatstore and, in the same run, as the raw key-value"
        + " operations writing or reading the same rows on the same backend.",
        "Prints a table (ops/s, p50/p99, ratio chatstore ÷ raw) and writes it as CSV and as an"
            + " SVG chart. The chatstore side of each workload first runs untimed for a quarter"
            + " of --duration (at most a fifth of --size operations), then is timed for at most"
            + " --duration and the rest of --size; the raw side then runs as many operations of"
            + " each kind, so both hold the same data. Data goes to fresh tenants that are"
            + " dropped afterwards."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a store failed", "2:bad usage"})
final class BenchCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Option(names = "--uri", paramLabel = "URI", description = "A store to measure; repeat for"
      + " several (default: memory: and SQLite in a temporary folder).")
  List<String> uris = new ArrayList<>();

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "2s",
      description = "Most time per side of each workload: 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--size", paramLabel = "N", defaultValue = "5000",
      description = "Most operations per side of each workload; the number of chats is N/50"
          + " (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--csv", paramLabel = "FILE", defaultValue = "chatstore-bench.csv",
      description = "Where to write the CSV (default: ${DEFAULT-VALUE}).")
  Path csv;

  @Option(names = "--svg", paramLabel = "FILE", defaultValue = "chatstore-bench.svg",
      description = "Where to write the SVG chart (default: ${DEFAULT-VALUE}).")
  Path svg;

  @Mixin
  ProgressOption progress;

  @Override
  public Integer call() throws IOException {
    Duration limit = parseDuration(duration);
    if (size < 10 || size > 10_000_000) {
      throw new IllegalArgumentException("--size " + size + " is outside 10..10000000");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path temp = null;
    List<String> targets = new ArrayList<>(uris);
    if (targets.isEmpty()) {
      temp = Files.createTempDirectory("chatstore-bench");
      targets.add("memory:");
      targets.add("sqlite:" + temp.resolve("data"));
    }
    List<BenchResult> results = new ArrayList<>();
    try {
      for (String uri : targets) {
        results.addAll(runOn(uri, limit));
      }
    } finally {
      if (temp != null) {
        deleteTree(temp);
      }
    }
    BenchReport report = new BenchReport(results);
    report.printTable(out);
    report.writeCsv(csv);
    report.writeSvg(svg);
    out.println();
    out.println("wrote " + csv + " and " + svg);
    return 0;
  }

  private List<BenchResult> runOn(String uri, Duration limit) {
    List<BenchResult> out = new ArrayList<>();
    String tenant = "bench-" + HexFormat.of().toHexDigits(
        ThreadLocalRandom.current().nextInt());
    try (ChatStore store = encryption.open(uri);
        BenchWorkloads w = new BenchWorkloads(store, tenant, size);
        Progress p = progress.start(spec.commandLine().getErr(), "bench " + uri,
            2L * BenchWorkloads.NAMES.size())) {
      for (String name : BenchWorkloads.NAMES) {
        w.prepare(name, size);
        BenchWorkloads.Op layerOp = w.layer(name);
        int warm = warmUp(layerOp, limit.dividedBy(4), size / 5);
        BenchResult layer = measure(uri, name, "chatstore", layerOp, warm, limit, size - warm);
        out.add(layer);
        p.advance(1);
        // the raw side does the same number of operations, so both hold the same data after
        BenchWorkloads.Op rawOp = w.raw(name);
        warmUp(rawOp, limit, warm);
        out.add(measure(uri, name, "raw", rawOp, warm, limit, layer.ops()));
        p.advance(1);
      }
    }
    return out;
  }

  /**
   * Runs {@code op} untimed (operations 0, 1, ...) for {@code limit} or {@code maxOps}
   * operations, whichever comes first, so that the timed operations run on compiled code;
   * returns how many it ran.
   */
  private static int warmUp(BenchWorkloads.Op op, Duration limit, int maxOps) {
    long deadline = System.nanoTime() + limit.toNanos();
    int n = 0;
    while (n < maxOps && System.nanoTime() < deadline) {
      op.run(n++);
    }
    return n;
  }

  /** Times operations {@code first}, {@code first + 1}, ... for {@code limit} or {@code maxOps}. */
  private static BenchResult measure(String uri, String name, String side, BenchWorkloads.Op op,
      int first, Duration limit, int maxOps) {
    long[] nanos = new long[maxOps];
    long deadline = System.nanoTime() + limit.toNanos();
    long start = System.nanoTime();
    int n = 0;
    while (n < maxOps) {
      long t0 = System.nanoTime();
      op.run(first + n);
      long t1 = System.nanoTime();
      nanos[n++] = t1 - t0;
      if (t1 >= deadline) {
        break;
      }
    }
    return BenchResult.of(uri, name, side, nanos, n, (System.nanoTime() - start) / 1e9);
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("--duration '" + text + "' is not a duration; expected"
          + " a number and ms, s or m, such as 500ms or 2s");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
    if (d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--duration " + text + " is outside 1ms..60m");
    }
    return d;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
