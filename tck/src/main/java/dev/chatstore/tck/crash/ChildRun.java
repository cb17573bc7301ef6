package dev.chatstore.tck.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One child JVM of a crash test and what it reported: started with the test class path, read
 * line by line on a thread of its own, killed with SIGKILL.
 */
final class ChildRun {
  private final Process process;
  private final Path log;
  private final Path ackFile;
  private final AtomicLongArray acked;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch firstAck = new CountDownLatch(1);
  private final AtomicReference<String> failed = new AtomicReference<>();
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ChildRun(Process process, Path log, Path ackFile, long[] firstIndices) {
    this.process = process;
    this.log = log;
    this.ackFile = ackFile;
    this.acked = new AtomicLongArray(firstIndices.length);
    for (int lane = 0; lane < firstIndices.length; lane++) {
      acked.set(lane, firstIndices[lane] - 1);
    }
    this.reader = Thread.ofPlatform().daemon().name("crash-child-reader").start(this::read);
  }

  /**
   * Starts {@link CrashChild} on {@code storeDir}, its standard error in {@code log} and its
   * acknowledgements in {@code log} with the extension {@code .acks}.
   *
   * @param firstIndices the index of the first operation of each lane
   */
  static ChildRun start(Class<? extends CrashTarget> target, Path storeDir, Path log, long seed,
      CrashWorkload workload, long[] firstIndices) throws Exception {
    StringBuilder first = new StringBuilder();
    for (long i : firstIndices) {
      first.append(first.isEmpty() ? "" : ",").append(i);
    }
    Path ackFile = log.resolveSibling(log.getFileName() + ".acks");
    Files.deleteIfExists(ackFile);
    // Native libraries that a killed child unpacks are never deleted: keep them in the test.
    Path tmp = Files.createDirectories(log.resolveSibling("tmp"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx512m",
        "-Djava.io.tmpdir=" + tmp, "-Dorg.sqlite.tmpdir=" + tmp));
    command.addAll(target.getConstructor().newInstance().childJvmOptions(
        log.resolveSibling("work")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), target.getName(), storeDir.toString(), Long.toString(seed),
        workload.encode(), first.toString(), ackFile.toString()));
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    return new ChildRun(p, log, ackFile, firstIndices);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
        if (line.equals("ready")) {
          ready.countDown();
        } else if (line.startsWith("ack ")) {
          String[] p = line.split(" ");
          acked.accumulateAndGet(Integer.parseInt(p[1]), Long.parseLong(p[2]), Math::max);
          firstAck.countDown();
        } else {
          failed.compareAndSet(null, line);
        }
      }
    } catch (IOException e) {
      // the child was killed: what it printed before has been read
    } catch (RuntimeException e) {
      failed.compareAndSet(null, "unreadable output: " + e);
    }
  }

  /** Waits until the child opened the store and acknowledged a first write. */
  boolean awaitFirstAck(long seconds) throws InterruptedException {
    return firstAck.await(seconds, TimeUnit.SECONDS);
  }

  /** Kills the child (SIGKILL), waits for it to end and for its output to be read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the killed child did not end within 30 s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** Why the child failed before it was killed (exit code, message, log), or null. */
  String failure() {
    int exit = process.exitValue();
    if (failed.get() == null && (exit == 137 || exit == 0)) {
      return null;
    }
    return "exit " + exit + ", " + failed.get() + "; its log:\n" + log();
  }

  /** The child's standard error. */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * The highest acknowledged operation of each lane (first index - 1 when none), from the
   * acknowledgement file, which holds every line written before the kill.
   *
   * @throws AssertionError when standard output reported an acknowledgement the file lacks
   */
  long[] acked() throws IOException {
    long[] out = new long[acked.length()];
    long[] printed = new long[out.length];
    for (int i = 0; i < out.length; i++) {
      printed[i] = acked.get(i);
      out[i] = printed[i];
    }
    if (Files.exists(ackFile)) {
      for (String line : Files.readAllLines(ackFile, StandardCharsets.US_ASCII)) {
        String[] p = line.split(" ");
        if (p.length == 3) {
          out[Integer.parseInt(p[1])] = Math.max(out[Integer.parseInt(p[1])], Long.parseLong(p[2]));
        }
      }
    }
    return out;
  }

  /** How many lines the child printed on its standard output. */
  int printedLines() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** The last {@code n} lines the child printed about {@code lane}, for failure messages. */
  List<String> lastLines(int lane, int n) {
    List<String> out = new ArrayList<>();
    synchronized (lines) {
      for (int i = lines.size() - 1; i >= 0 && out.size() < n; i--) {
        if (lines.get(i).startsWith("ack " + lane + " ")) {
          out.add(0, lines.get(i));
        }
      }
    }
    return out;
  }
}
