package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks hold across processes: two store instances on one table, each with its own connection
 * pool and its own writer (as two application nodes have), racing on the same keys. Bounded in
 * work; nothing here measures speed.
 */
class PostgresCheckAcrossInstancesTest {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private static final long STUCK_SECONDS = 120;

  private PostgresKvStore nodeA;
  private PostgresKvStore nodeB;

  @BeforeEach
  void open() {
    String table = PG.newTable("cas");
    nodeA = PostgresKvStore.open(PostgresTestServer.uri(table), StoreOptions.defaults());
    nodeB = PostgresKvStore.open(PostgresTestServer.uri(table), StoreOptions.defaults());
  }

  @AfterEach
  void close() {
    for (KvStore s : new KvStore[] {nodeA, nodeB}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long num(byte[] v) {
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  /** Runs the tasks on their own threads, released together; returns their results in order. */
  private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(() -> {
          go.await();
          return t.call();
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(STUCK_SECONDS, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checkAndSetIncrements_fromTwoInstances_loseNoUpdate_startingFromAnAbsentCounter()
      throws Exception {
    byte[] counter = b("counter");
    int threadsPerNode = 4;
    int increments = 100;
    List<Callable<Long>> tasks = new ArrayList<>();
    for (KvStore node : List.of(nodeA, nodeB)) {
      for (int t = 0; t < threadsPerNode; t++) {
        tasks.add(() -> {
          long failedChecks = 0;
          for (int i = 0; i < increments; i++) {
            while (true) {
              byte[] old = node.get(counter);
              if (node.write(WriteBatch.builder().check(counter, old)
                  .put(counter, num(num(old) + 1)).build())) {
                break;
              }
              failedChecks++;
            }
          }
          return failedChecks;
        });
      }
    }
    List<Long> failed = race(tasks);
    long expected = 2L * threadsPerNode * increments;
    assertThat(num(nodeA.get(counter))).as("two nodes with " + threadsPerNode + " threads each"
        + " incrementing by check-and-set " + increments + " times should reach " + expected
        + "; less is a lost update (failed checks per thread: " + failed + ")")
        .isEqualTo(expected);
    assertThat(num(nodeB.get(counter))).isEqualTo(expected);
  }

  @Test
  void checkAbsentClaims_fromTwoInstances_haveExactlyOneWinnerPerKey() throws Exception {
    int keys = 150;
    int threadsPerNode = 3;
    List<Callable<boolean[]>> tasks = new ArrayList<>();
    List<String> claimants = new ArrayList<>();
    for (KvStore node : List.of(nodeA, nodeB)) {
      for (int t = 0; t < threadsPerNode; t++) {
        String me = (node == nodeA ? "A" : "B") + t;
        claimants.add(me);
        tasks.add(() -> {
          boolean[] won = new boolean[keys];
          for (int k = 0; k < keys; k++) {
            byte[] key = b("job/" + k);
            won[k] = node.write(WriteBatch.builder().checkAbsent(key).put(key, b(me)).build());
          }
          return won;
        });
      }
    }
    List<boolean[]> results = race(tasks);
    for (int k = 0; k < keys; k++) {
      List<String> winners = new ArrayList<>();
      for (int c = 0; c < claimants.size(); c++) {
        if (results.get(c)[k]) {
          winners.add(claimants.get(c));
        }
      }
      assertThat(winners).as("job/" + k + " claimed by checkAbsent+put from two nodes should"
          + " have exactly one winner").hasSize(1);
      assertThat(new String(nodeB.get(b("job/" + k)), StandardCharsets.UTF_8))
          .as("job/" + k + " should hold its one winner's claim").isEqualTo(winners.get(0));
    }
  }

  @Test
  void multiKeyTransfers_fromTwoInstances_keepTheTotal() throws Exception {
    int accounts = 5;
    long initial = 1_000;
    WriteBatch.Builder init = WriteBatch.builder();
    for (int i = 0; i < accounts; i++) {
      init.put(b("acct/" + i), num(initial));
    }
    nodeA.write(init.build());
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (KvStore node : List.of(nodeA, nodeB)) {
      for (int t = 0; t < 3; t++) {
        int offset = t + (node == nodeA ? 0 : 3);
        tasks.add(() -> {
          int done = 0;
          for (int i = 0; i < 60; i++) {
            byte[] from = b("acct/" + (i + offset) % accounts);
            byte[] to = b("acct/" + (i + offset + 1 + i % 3) % accounts);
            if (Arrays.equals(from, to)) {
              continue;
            }
            while (true) {
              List<byte[]> both = node.getAll(List.of(from, to));
              WriteBatch transfer = WriteBatch.builder()
                  .check(from, both.get(0)).check(to, both.get(1))
                  .put(from, num(num(both.get(0)) - 7)).put(to, num(num(both.get(1)) + 7))
                  .build();
              if (node.write(transfer)) {
                done++;
                break;
              }
            }
          }
          return done;
        });
      }
    }
    race(tasks);
    long total = 0;
    for (int i = 0; i < accounts; i++) {
      total += num(nodeB.get(b("acct/" + i)));
    }
    assertThat(total).as("transfers between accounts checked on both keys from two nodes must"
        + " keep the total").isEqualTo(accounts * initial);
  }
}
