package dev.chatstore.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helpers for the redis-server processes that tests start themselves: finding a binary and free
 * loopback ports, starting a process, talking to it with a minimal RESP client, and stopping it
 * by the PID the test started. Nothing here touches a server the test did not start.
 */
final class RedisProcess {
  private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
  static final String LOOPBACK = "127.0.0.1";
  /** How long a started server may take to answer PING. */
  static final long START_TIMEOUT_MS = 20_000;

  private RedisProcess() {}

  /** Whether {@code redis-server} and {@code redis-cli} are on the PATH. */
  static boolean binariesAvailable() {
    return onPath("redis-server") && onPath("redis-cli");
  }

  private static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A free loopback port whose cluster bus port ({@code port + 10000}) is free too.
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
        port = s.getLocalPort();
      }
      if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
        return port;
      }
    }
    throw new IOException("found no free loopback port p with p + 10000 free as well");
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts {@code redis-server} with {@code args} (after the port and bind), logging to dir. */
  static Process start(Path dir, int port, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", LOOPBACK, "--dir", dir.toString(), "--daemonize", "no"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(
            dir.resolve("redis-" + port + ".log").toFile()))
        .start();
    LOG.info("started redis-server on {}:{} as PID {}", LOOPBACK, port, p.pid());
    return p;
  }

  /** Waits until the server on {@code port} answers PING with PONG (not LOADING). */
  static void awaitPong(int port, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("redis-server on port " + port + " (PID " + p.pid()
            + ") exited with " + p.exitValue() + " before answering PING");
      }
      try {
        if ("PONG".equals(command(port, "PING"))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server on port " + port + " did not answer PING within "
        + START_TIMEOUT_MS + " ms", last);
  }

  /** Stops a process the test started: SIGTERM, then SIGKILL after 5 s. Only by its PID. */
  static void stop(Process p) throws InterruptedException {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    LOG.info("stopped redis-server PID {}", p.pid());
  }

  /** Kills a process the test started at once (SIGKILL, like a crash), by its PID. */
  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server PID " + p.pid() + " survived SIGKILL");
    }
    LOG.info("killed redis-server PID {}", p.pid());
  }

  /** Deletes a directory tree, best effort. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  /**
   * Sends one command to {@code 127.0.0.1:port} and returns the reply as text: a simple string
   * or bulk string as is, an integer in decimal, an error as {@code -ERR ...}.
   */
  static String command(int port, String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String line = readLine(in);
      switch (line.charAt(0)) {
        case '+', ':' -> {
          return line.substring(1);
        }
        case '-' -> {
          return line;
        }
        case '$' -> {
          int n = Integer.parseInt(line.substring(1));
          if (n < 0) {
            return null;
          }
          byte[] body = in.readNBytes(n);
          return new String(body, StandardCharsets.UTF_8);
        }
        default -> throw new IOException("unexpected reply " + line);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\r') {
        in.read();
        break;
      }
      buf.write(c);
    }
    if (buf.size() == 0) {
      throw new IOException("connection closed without a reply");
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
