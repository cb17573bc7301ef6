package dev.chatstore.rocksdb;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for the tests that need another process on the same database: it either holds
 * the store open until its standard input closes ({@code hold DIR}) or writes and then dies
 * without closing anything ({@code crash DIR BATCHES}). It reports on standard output, one line
 * per event. Started by {@link #start}; never used in production.
 */
final class StoreChild {
  /** How long a child waits for its parent at most before it exits by itself. */
  static final long MAX_LIFE_SECONDS = 60;

  private StoreChild() {}

  /**
   * Starts a child JVM with this test class path.
   *
   * @param log where the child's standard error goes
   * @param args the mode and its arguments
   * @return the running process
   * @throws IOException when the JVM cannot be started
   */
  static Process start(Path log, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), StoreChild.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
  }

  /**
   * Runs one mode.
   *
   * @param args {@code hold DIR} or {@code crash DIR BATCHES}
   * @throws Exception when the mode fails (the parent sees the exit code and the log)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "hold" -> {
        try (RocksDbKvStore store = RocksDbKvStore.open(dir)) {
          store.put("held".getBytes(StandardCharsets.UTF_8), new byte[] {1});
          out.println("open");
          waitForParent(System.in);
        }
        out.println("closed");
      }
      case "crash" -> {
        int batches = Integer.parseInt(args[2]);
        RocksDbKvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults(),
            StoreOptions.defaults());
        for (int i = 0; i < batches; i++) {
          WriteBatch.Builder b = WriteBatch.builder();
          for (int j = 0; j < 10; j++) {
            b.put(String.format("crash/%05d/%d", i, j).getBytes(StandardCharsets.UTF_8),
                String.valueOf(i).getBytes(StandardCharsets.UTF_8));
          }
          store.write(b.build());
        }
        out.println("acked " + batches);
        out.flush();
        Runtime.getRuntime().halt(0); // no close, no shutdown hooks: a crash of the process
      }
      default -> throw new IllegalArgumentException("unknown mode '" + args[0]
          + "'; expected hold or crash");
    }
  }

  /** Returns when the parent closes our standard input, or after {@link #MAX_LIFE_SECONDS}. */
  private static void waitForParent(InputStream in) throws InterruptedException {
    Thread reader = Thread.ofPlatform().daemon().start(() -> {
      try {
        while (in.read() >= 0) {
          // the parent only ever closes the stream
        }
      } catch (IOException e) {
        // a broken pipe means the parent is gone: stop waiting
      }
    });
    reader.join(TimeUnit.SECONDS.toMillis(MAX_LIFE_SECONDS));
  }
}
