package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.stress.FaultLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server crashes (SIGKILL) and comes back while writers and readers keep working: calls fail
 * with {@code StoreException}s of kind {@code CONNECTION} while it is away, the same store
 * objects work again by themselves once it is back, and no write that was acknowledged is
 * missing. Durability as stated here: the servers run with {@code appendonly yes} and
 * {@code appendfsync always}, so an acknowledged write is in the append-only file. Covers a
 * standalone server and one master of a Redis Cluster (three masters, no replicas, brought back
 * within the cluster's node timeout so that the other masters keep serving meanwhile).
 * {@link RedisFailureTest} covers the timings of single calls.
 */
class RedisRestartUnderLoadTest {
  private static final List<String> DURABLE = List.of("--appendonly", "yes", "--appendfsync",
      "always");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @BeforeAll
  static void requireBinaries() {
    if (!RedisProcess.binariesAvailable()) {
      RedisTarget.missing("redis-server is not on the PATH, so the restart tests cannot start"
          + " their own servers");
    }
  }

  @Test
  @Timeout(180)
  void standaloneServerKilledAndRestartedUnderLoad_losesNoAcknowledgedWrite() throws Exception {
    int port = RedisProcess.freePort();
    List<String> args = new ArrayList<>(DURABLE);
    args.addAll(List.of("--save", ""));
    Process server = RedisProcess.start(dir, port, args.toArray(String[]::new));
    try {
      RedisProcess.awaitPong(port, server);
      RedisUri uri = RedisUri.parse("redis://127.0.0.1:" + port
          + "?prefix=cst-restart&timeoutMs=1000&connectTimeoutMs=300");
      try (RedisKvStore store = RedisKvStore.open(uri, StoreOptions.defaults())) {
        List<KvStore> views = List.of(store, store, store, store);
        FaultLoad load = FaultLoad.start(views, "load/");
        try {
          assertThat(load.await(false, n -> n >= 100, WAIT)).as("writes before the crash")
              .isTrue();
          RedisProcess.kill(server);
          assertThat(load.await(true, n -> n >= views.size(), WAIT))
              .as("calls fail while the server is down").isTrue();
          server = RedisProcess.start(dir, port, args.toArray(String[]::new));
          RedisProcess.awaitPong(port, server);
          assertThat(load.awaitEveryThread(load.acks(), 20, WAIT))
              .as("every writer works again after the restart, acks %s failures %s",
                  Arrays.toString(load.acks()), Arrays.toString(load.failures())).isTrue();
        } finally {
          load.close();
        }
        load.checkNothingLost();
      }
    } finally {
      RedisProcess.stop(server);
    }
  }

  @Test
  @Timeout(240)
  void clusterMasterKilledAndRestartedUnderLoad_losesNoAcknowledgedWrite() throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.start(DURABLE)) {
      try (ChatStore store = ChatStore.open(cluster.uri() + "?prefix=cst-restart&timeoutMs=1000",
          StoreOptions.defaults())) {
        List<KvStore> tenants = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
          tenants.add(store.tenant("tenant-" + t).area(Area.CHAT));
        }
        FaultLoad load = FaultLoad.start(tenants, "load/");
        boolean hit = false;
        try {
          assertThat(load.await(false, n -> n >= 200, WAIT)).as("writes before the crash")
              .isTrue();
          for (int master = 0; master < LocalRedisCluster.MASTERS && !hit; master++) {
            long before = Arrays.stream(load.failures()).sum();
            cluster.killMaster(master);
            // Back within the node timeout (5 s): the other masters never mark it failed.
            hit = load.await(true, n -> n > before, Duration.ofMillis(2500));
            cluster.restartMaster(master);
          }
          assertThat(hit).as("a killed master failed the calls of its tenants").isTrue();
          assertThat(load.awaitEveryThread(load.acks(), 20, WAIT))
              .as("every tenant's writer works again after the restart, acks %s failures %s",
                  Arrays.toString(load.acks()), Arrays.toString(load.failures())).isTrue();
        } finally {
          load.close();
        }
        load.checkNothingLost();
      }
    }
  }
}
