package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that goes away and comes back: calls fail with CONNECTION within the documented
 * timeout, nothing acknowledged is lost, and the same store object works again once the server
 * is back. The server is one this test starts itself on a free loopback port, with
 * {@code appendonly yes} and {@code appendfsync always} in a temporary directory, and kills with
 * SIGKILL by its PID (a crash, not a clean shutdown).
 */
class RedisFailureTest {
  /** The store's timeout in this test, short to keep the test quick. */
  private static final int TIMEOUT_MS = 1500;
  /** Slack over the timeout for a failing call: scheduling, one last attempt. Not a speed bound. */
  private static final long SLACK_MS = 3000;

  @TempDir
  Path dir;
  private int port;
  private Process server;

  @BeforeAll
  static void requireBinaries() {
    if (!RedisProcess.binariesAvailable()) {
      RedisTarget.missing("redis-server is not on the PATH, so the failure tests cannot start"
          + " their own server");
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    port = RedisProcess.freePort();
    startAgain();
  }

  private void startAgain() throws Exception {
    server = RedisProcess.start(dir, port, "--appendonly", "yes", "--appendfsync", "always",
        "--save", "");
    RedisProcess.awaitPong(port, server);
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    RedisProcess.stop(server);
  }

  private RedisUri uri() {
    return RedisUri.parse("redis://127.0.0.1:" + port + "?prefix=cst-failure&timeoutMs="
        + TIMEOUT_MS + "&connectTimeoutMs=500");
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(120)
  void serverDown_failsWithinTheTimeout_andTheSameStoreWorksAgainWithNothingLost()
      throws Exception {
    try (RedisKvStore store = RedisKvStore.open(uri(), StoreOptions.defaults())) {
      List<CompletableFuture<Boolean>> acked = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        if (i % 2 == 0) {
          store.put(b("k" + i), b("v" + i));
        } else {
          acked.add(store.writeAsync(WriteBatch.builder().put(b("k" + i), b("v" + i)).build()));
        }
      }
      for (CompletableFuture<Boolean> f : acked) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }

      RedisProcess.kill(server);

      long t0 = System.nanoTime();
      assertThatThrownBy(() -> store.get(b("k0")))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION))
          .hasMessageContaining("timeoutMs=" + TIMEOUT_MS)
          .hasMessageContaining("attempt");
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(elapsed).as("a get fails within timeoutMs plus slack, not later")
          .isLessThan(TIMEOUT_MS + SLACK_MS);

      for (int i = 0; i < 3; i++) {
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> store.put(b("during"), b("outage")))
            .isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1))
            .as("a write while down fails within timeoutMs plus slack")
            .isLessThan(TIMEOUT_MS + SLACK_MS);
      }
      CompletableFuture<Boolean> async = store.writeAsync(
          WriteBatch.builder().put(b("async"), b("outage")).build());
      assertThatThrownBy(() -> async.get(TIMEOUT_MS + SLACK_MS, TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreException.class);
      assertThatThrownBy(() -> store.count(KeyRange.all()))
          .isInstanceOf(StoreException.class);

      startAgain();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      byte[] first = null;
      while (first == null && System.nanoTime() < deadline) {
        try {
          first = store.get(b("k0"));
        } catch (StoreException e) {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION);
          Thread.sleep(100);
        }
      }
      assertThat(first).as("the same store reads again once the server is back")
          .containsExactly(b("v0"));
      for (int i = 0; i < 200; i++) {
        assertThat(store.get(b("k" + i))).as("acknowledged write k" + i + " survived the crash")
            .containsExactly(b("v" + i));
      }
      store.put(b("after"), b("restart"));
      assertThat(store.get(b("after"))).containsExactly(b("restart"));
      assertThat(store.write(WriteBatch.builder().check(b("after"), b("restart"))
          .put(b("after"), b("cas")).build())).isTrue();
    }
  }

  @Test
  @Timeout(60)
  void openingAgainstADeadServer_failsWithConnectionWithinTheTimeout() throws Exception {
    RedisProcess.kill(server);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> RedisKvStore.open(uri(), StoreOptions.defaults()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION))
        .hasMessageContaining("cannot connect to Redis at [127.0.0.1:" + port + "]");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
        .isLessThan(TIMEOUT_MS + SLACK_MS);
  }
}
