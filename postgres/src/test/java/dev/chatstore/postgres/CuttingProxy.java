package dev.chatstore.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between a store and a real PostgreSQL server that can lose a
 * connection at the worst moment: after the server committed, before its answer reaches the
 * client. It watches the server's replies for the {@code CommandComplete} tag {@code COMMIT}
 * (the client's {@code COMMIT} itself may be a prepared statement without that text), drops that
 * reply and closes both sides; the client sees its connection die during {@code COMMIT}. It can
 * also refuse new connections for a while. It only forwards bytes; the database is the real
 * server behind it.
 */
final class CuttingProxy implements AutoCloseable {
  /** The server's CommandComplete tag of a COMMIT, NUL-terminated. */
  private static final byte[] COMMIT_COMPLETE = "COMMIT\0".getBytes(StandardCharsets.US_ASCII);

  private final int serverPort;
  private final ServerSocket listener;
  private final AtomicBoolean cutNextCommit = new AtomicBoolean();
  private final AtomicBoolean refuse = new AtomicBoolean();
  private final AtomicInteger cuts = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  CuttingProxy(int serverPort) throws IOException {
    this.serverPort = serverPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("cutting-proxy").start(this::accept);
  }

  /** The loopback port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Makes the next {@code COMMIT} that passes reach the server and lose its answer. */
  void cutNextCommit() {
    cutNextCommit.set(true);
  }

  /** Whether new connections are closed at once (the server looks down). */
  void refuseNewConnections(boolean on) {
    refuse.set(on);
  }

  /** How many connections were cut during a {@code COMMIT}. */
  int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refuse.get()) {
          client.close();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
        sockets.add(client);
        sockets.add(server);
        Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
        Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
      } catch (IOException e) {
        // listener closed, or the server is down: the client sees its connection fail
      }
    }
  }

  private void pump(Socket from, Socket to, boolean clientToServer) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        boolean cut = !clientToServer && contains(buf, n, COMMIT_COMPLETE)
            && cutNextCommit.get() && cutNextCommit.compareAndSet(true, false);
        if (cut) {
          cuts.incrementAndGet();
          to.close(); // the client loses its connection; the server's answer goes nowhere
          from.close();
          return;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static boolean contains(byte[] buf, int n, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= n; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
