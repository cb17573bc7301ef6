package dev.chatstore.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of {@value #MASTERS} masters on free loopback ports, started by the tests
 * (three {@code redis-server --cluster-enabled yes} processes in a temporary directory, joined
 * with {@code redis-cli --cluster create}) and stopped by the PIDs it started when the test run
 * ends. One cluster serves every test class of a run ({@link #shared}); tests keep apart by their
 * key prefixes.
 */
final class LocalRedisCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRedisCluster.class);
  /** The number of masters. */
  static final int MASTERS = 3;
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(LocalRedisCluster.class);

  private final Path dir;
  private final List<Integer> ports;
  private final List<Process> processes;
  private final List<String> persistence;
  private final Thread shutdownHook;

  private LocalRedisCluster(Path dir, List<Integer> ports, List<Process> processes,
      List<String> persistence) {
    this.dir = dir;
    this.ports = List.copyOf(ports);
    this.processes = processes;
    this.persistence = List.copyOf(persistence);
    this.shutdownHook = new Thread(this::killQuietly, "stop local redis cluster");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The cluster of this test run, started on first use and stopped when the run ends (the root
   * extension store closes it).
   */
  static LocalRedisCluster shared(ExtensionContext context) {
    return context.getRoot().getStore(STORE).getOrComputeIfAbsent("cluster", k -> {
      try {
        return start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start a local Redis Cluster: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting a local Redis Cluster", e);
      }
    }, LocalRedisCluster.class);
  }

  /** Starts the nodes, creates the cluster and waits until every node reports state ok. */
  static LocalRedisCluster start() throws IOException, InterruptedException {
    return start(List.of("--appendonly", "no"));
  }

  /**
   * Like {@link #start()}, with the persistence options of every node (such as
   * {@code --appendonly yes --appendfsync always}); each node keeps its own append-only folder.
   */
  static LocalRedisCluster start(List<String> persistence) throws IOException,
      InterruptedException {
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("chatstore-redis-cluster-");
    List<Integer> ports = new ArrayList<>();
    List<Process> processes = new ArrayList<>();
    try {
      while (ports.size() < MASTERS) {
        int p = RedisProcess.freePort();
        if (!ports.contains(p) && !ports.contains(p + 10_000) && !ports.contains(p - 10_000)) {
          ports.add(p);
        }
      }
      for (int p : ports) {
        processes.add(startNode(dir, p, persistence));
      }
      for (int i = 0; i < MASTERS; i++) {
        RedisProcess.awaitPong(ports.get(i), processes.get(i));
      }
      List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (int p : ports) {
        cmd.add(RedisProcess.LOOPBACK + ":" + p);
      }
      cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process create = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("cluster-create.log").toFile()).start();
      if (!create.waitFor(60, TimeUnit.SECONDS)) {
        create.destroyForcibly();
        throw new IOException("redis-cli --cluster create did not finish within 60 s");
      }
      if (create.exitValue() != 0) {
        throw new IOException("redis-cli --cluster create failed with exit code "
            + create.exitValue() + ": " + Files.readString(dir.resolve("cluster-create.log")));
      }
      awaitClusterOk(ports);
      LocalRedisCluster c = new LocalRedisCluster(dir, ports, processes, persistence);
      LOG.info("local Redis Cluster {} ready in {} ms", c.uri(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      for (Process p : processes) {
        RedisProcess.stop(p);
      }
      RedisProcess.deleteTree(dir);
      throw e;
    }
  }

  private static Process startNode(Path dir, int port, List<String> persistence)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
        "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
        "--cluster-node-timeout", "5000", "--save", "", "--appenddirname",
        "appendonlydir-" + port));
    args.addAll(persistence);
    return RedisProcess.start(dir, port, args.toArray(String[]::new));
  }

  /** Kills master {@code i} with SIGKILL (a crash), by its PID. */
  void killMaster(int i) throws InterruptedException {
    RedisProcess.kill(processes.get(i));
  }

  /**
   * Starts master {@code i} again on its port with its cluster configuration and data, and waits
   * until every node reports state ok.
   */
  void restartMaster(int i) throws IOException, InterruptedException {
    int port = ports.get(i);
    processes.set(i, startNode(dir, port, persistence));
    RedisProcess.awaitPong(port, processes.get(i));
    awaitClusterOk(ports);
  }

  private static void awaitClusterOk(List<Integer> ports) throws IOException,
      InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (int p : ports) {
        last = RedisProcess.command(p, "CLUSTER", "INFO");
        ok &= last != null && last.contains("cluster_state:ok")
            && last.contains("cluster_slots_ok:16384")
            && last.contains("cluster_known_nodes:" + MASTERS);
      }
      if (ok) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("the local cluster did not reach cluster_state:ok within 60 s: "
        + last);
  }

  /** The ports of the masters. */
  List<Integer> ports() {
    return ports;
  }

  /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
  String uri() {
    StringJoiner j = new StringJoiner(",", RedisUri.CLUSTER_SCHEME + "://", "");
    for (int p : ports) {
      j.add(RedisProcess.LOOPBACK + ":" + p);
    }
    return j.toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      RedisProcess.stop(p);
    }
    RedisProcess.deleteTree(dir);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already
    }
    LOG.info("local Redis Cluster on ports {} stopped", ports);
  }

  private void killQuietly() {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    RedisProcess.deleteTree(dir);
  }
}
