package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Check-and-set across processes: a second JVM ({@link CasWorker}) and threads of this JVM, each
 * side with its own store instance and connection, increment the same counters at the same time
 * by check-and-set; no increment may be lost, because the checks run inside the server-side
 * script. One counter is a system key, one a tenant key (its own shard in a cluster).
 */
abstract class CrossProcessCasContract {
  private static final int CHILD_INCREMENTS = 150;
  private static final int THREADS = 3;

  abstract RedisTarget target();

  @TempDir
  Path dir;

  @Test
  @Timeout(180)
  void twoProcesses_incrementingByCheckAndSet_loseNoUpdate() throws Exception {
    byte[] systemCounter = "counter".getBytes(StandardCharsets.UTF_8);
    byte[] tenantCounter = Bytes.concat(Tuple.of(Keyspace.TENANTS_TAG, "cas-tenant").pack(),
        new byte[] {0x15, 0x09});
    List<byte[]> counters = List.of(systemCounter, tenantCounter);
    String uri = target().uri().toString();
    Path log = dir.resolve("cas-worker.log");
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        CasWorker.class.getName(), uri, String.valueOf(CHILD_INCREMENTS)));
    for (byte[] c : counters) {
      cmd.add(HexFormat.of().formatHex(c));
    }
    AtomicLong ours = new AtomicLong();
    AtomicBoolean childDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try (KvStore store = RedisKvStore.open(target().uri(), StoreOptions.defaults())) {
      List<Future<Long>> retries = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        retries.add(pool.submit(() -> {
          long r = 0;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while ((!childDone.get() || ours.get() < 200) && System.nanoTime() < deadline) {
            for (byte[] c : counters) {
              r += CasWorker.increment(store, c);
            }
            ours.incrementAndGet();
          }
          return r;
        }));
      }
      boolean exited = child.waitFor(150, TimeUnit.SECONDS);
      childDone.set(true);
      long totalRetries = 0;
      for (Future<Long> f : retries) {
        totalRetries += f.get(150, TimeUnit.SECONDS);
      }
      assertThat(exited).as("the worker process finished; its log: " + read(log)).isTrue();
      assertThat(child.exitValue()).as("the worker process succeeded; its log: " + read(log))
          .isZero();
      for (byte[] c : counters) {
        long value = ByteBuffer.wrap(store.get(c)).getLong();
        assertThat(value).as("counter " + Bytes.show(c) + " after " + CHILD_INCREMENTS
            + " increments by the other process and " + ours.get() + " by this one ("
            + totalRetries + " retries here): a lower value is a lost update")
            .isEqualTo(CHILD_INCREMENTS + ours.get());
      }
    } finally {
      pool.shutdownNow();
      if (child.isAlive()) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
