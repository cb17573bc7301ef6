package dev.chatstore.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL cluster that a test starts, stops and restarts itself: {@code initdb}
 * into a temporary directory, {@code pg_ctl start} on a free loopback port with its socket in that
 * directory, {@code pg_ctl stop}. PostgreSQL refuses to run as root, so when the tests run as
 * root the commands run as the {@value #OS_USER} operating-system user (through
 * {@code runuser}), which then owns the directory. Every command is bounded in time. The server
 * is stopped through {@code pg_ctl} on its own data directory, so only this cluster's processes
 * are ever stopped.
 */
final class LocalPostgresCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgresCluster.class);

  /** The operating-system user the server runs as when the tests run as root. */
  static final String OS_USER = "postgres";
  private static final long COMMAND_SECONDS = 90;

  private final Path binDir;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asOsUser;
  private boolean running;

  private LocalPostgresCluster(Path binDir, Path dir, int port, boolean asOsUser) {
    this.binDir = binDir;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asOsUser = asOsUser;
  }

  /**
   * The newest PostgreSQL bin directory under {@code /usr/lib/postgresql/<version>/bin} holding
   * {@code initdb} and {@code pg_ctl}, if any.
   */
  static Optional<Path> findBinDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb"))
              && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(LocalPostgresCluster::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path binDir) {
    try {
      return Integer.parseInt(binDir.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Creates a cluster with {@code initdb} (trust authentication, superuser {@code postgres}) in a
   * fresh temporary directory and starts it.
   *
   * @throws IOException when a command fails; its output is in the message
   */
  static LocalPostgresCluster start(Path binDir) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("chatstore-pg-");
    LocalPostgresCluster cluster = new LocalPostgresCluster(binDir, dir, freePort(), root);
    try {
      if (root) {
        cluster.run(List.of("chown", OS_USER + ":", dir.toString()), false);
      }
      cluster.run(List.of(binDir.resolve("initdb").toString(), "-D", cluster.data.toString(),
          "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"), true);
      cluster.startServer();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The port the server listens on, on 127.0.0.1. */
  int port() {
    return port;
  }

  /** The URI of database {@code postgres} as user {@code postgres}, with {@code query}. */
  String uri(String query) {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres"
        + (query.isEmpty() ? "" : "?" + query);
  }

  /** Starts the (stopped) server and waits until it accepts connections. */
  void startServer() throws IOException, InterruptedException {
    run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"), true);
    running = true;
  }

  /**
   * Stops the server: {@code fast} (clean shutdown, connections closed) or {@code immediate}
   * (like a crash: no checkpoint, committed work is recovered from the WAL at the next start).
   */
  void stopServer(String mode) throws IOException, InterruptedException {
    run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w",
        "-t", "60", "stop"), true);
    running = false;
  }

  /** Stops the server if it runs and deletes the directory; failures are logged. */
  @Override
  public void close() {
    if (running) {
      try {
        stopServer("fast");
      } catch (IOException | InterruptedException e) {
        LOG.warn("stopping the test cluster in {} failed", dir, e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("deleting the test cluster directory {} failed", dir, e);
    }
  }

  private void run(List<String> command, boolean asServerUser)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asOsUser) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    Path out = Files.createTempFile("chatstore-pg-cmd-", ".log");
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(out.toFile()).directory(Path.of("/tmp").toFile()).start();
      if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", full) + " did not finish within "
            + COMMAND_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", full) + " failed with exit code "
            + p.exitValue() + ": " + Files.readString(out, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
