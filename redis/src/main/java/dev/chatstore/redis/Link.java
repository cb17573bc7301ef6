package dev.chatstore.redis;

import dev.chatstore.kv.StoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection to Redis (one multiplexed Lettuce connection, standalone or cluster)
 * and the policy of every call over it: a deadline of {@link RedisOptions#timeoutMs()}, retries
 * with doubling backoff while Redis cannot be reached, and the mapping of failures to
 * {@link StoreException} kinds. Thread-safe.
 *
 * <h2>Failure policy</h2>
 * <ul>
 *   <li>A call's attempts all run before its deadline ({@code timeoutMs} from the call's start).
 *       An attempt that fails because Redis cannot be reached (refused or lost connection,
 *       timeout, {@code LOADING}, {@code BUSY}, {@code TRYAGAIN}, {@code CLUSTERDOWN},
 *       {@code MASTERDOWN}, {@code READONLY}) is retried after a pause that starts at
 *       {@code retryBackoffMs} and doubles up to {@value RedisOptions#MAX_BACKOFF_MS} ms. When
 *       the deadline passes, the call fails with {@link StoreException.Kind#CONNECTION} naming
 *       the timeout, the number of attempts and the last error.</li>
 *   <li>Once a call has failed that way, later calls make a single attempt each (and so fail
 *       at once while the connection is down) until one succeeds: queued writes do not wait a
 *       full timeout each. Lettuce reconnects in the background (every 10 ms to 1 s), so the
 *       same store works again as soon as the server is back.</li>
 *   <li>An error reply of the server ({@code ERR}, {@code OOM}, ...) is not retried: it is a
 *       {@link StoreException.Kind#DATABASE} failure.</li>
 *   <li>A command that timed out is cancelled, so Lettuce never replays it after a reconnect;
 *       commands in flight when a connection drops are replayed on the new connection, which is
 *       safe because reads are idempotent and writes are recorded (see {@link Scripts#WRITE}).</li>
 * </ul>
 */
final class Link implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  /**
   * Lettuce's threads, shared by every store of the JVM: daemon threads that live as long as the
   * JVM. A store's close releases nothing here, so Lettuce's timers of a closing connection
   * never meet a shut-down event loop, and opening a store starts no threads.
   */
  private static final class Shared {
    static final ClientResources RESOURCES = DefaultClientResources.builder()
        .eventLoopGroupProvider(new KeptEventLoops(
            Math.max(2, Runtime.getRuntime().availableProcessors())))
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
  }

  /** The shared Lettuce resources (for tests and tools that make their own clients). */
  static ClientResources sharedResources() {
    return Shared.RESOURCES;
  }

  /** Event loop groups that are created once and never released by a client's shutdown. */
  private static final class KeptEventLoops extends DefaultEventLoopGroupProvider {
    KeptEventLoops(int threads) {
      super(threads);
    }

    @Override
    public Promise<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout,
        TimeUnit unit) {
      Promise<Boolean> done = ImmediateEventExecutor.INSTANCE.newPromise();
      done.setSuccess(Boolean.TRUE);
      return done;
    }
  }

  private final String name;
  private final RedisOptions options;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final long timeoutNanos;
  private volatile boolean unreachable;
  private volatile boolean shut;

  private Link(String name, RedisOptions options, AbstractRedisClient client,
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {
    this.name = name;
    this.options = options;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
  }

  /**
   * Connects to the server or cluster of {@code uri}, retrying until its timeout.
   *
   * @param uri the parsed URI
   * @param name the store's name for messages
   * @return the link
   * @throws StoreException of kind CONNECTION when Redis cannot be reached within the timeout
   */
  static Link open(RedisUri uri, String name) {
    RedisOptions o = uri.options();
    Duration timeout = Duration.ofMillis(o.timeoutMs());
    SocketOptions socket = SocketOptions.builder()
        .connectTimeout(Duration.ofMillis(o.connectTimeoutMs())).keepAlive(true).build();
    List<RedisURI> targets = new ArrayList<>();
    for (RedisNode n : uri.nodes()) {
      RedisURI.Builder b = RedisURI.builder().withHost(n.host()).withPort(n.port())
          .withTimeout(timeout).withClientName("chatstore");
      if (!uri.cluster()) {
        b.withDatabase(uri.database());
      }
      if (uri.password() != null) {
        if (uri.user() != null) {
          b.withAuthentication(uri.user(), uri.password());
        } else {
          b.withPassword(uri.password());
        }
      }
      targets.add(b.build());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoff = o.retryBackoffMs();
    int attempts = 0;
    while (true) {
      attempts++;
      AbstractRedisClient client = null;
      try {
        if (uri.cluster()) {
          RedisClusterClient c = RedisClusterClient.create(Shared.RESOURCES, targets);
          client = c;
          c.setOptions(ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                  .enableAllAdaptiveRefreshTriggers()
                  .enablePeriodicRefresh(Duration.ofSeconds(30))
                  .build())
              .build());
          StatefulRedisClusterConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
          return new Link(name, o, c, conn, conn.async());
        }
        RedisClient c = RedisClient.create(Shared.RESOURCES, targets.get(0));
        client = c;
        c.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socket)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
        StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
        return new Link(name, o, c, conn, conn.async());
      } catch (RedisException e) {
        if (client != null) {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        if (isAuthFailure(e) || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff)
            >= deadline) {
          throw new StoreException(isAuthFailure(e) ? StoreException.Kind.DATABASE
              : StoreException.Kind.CONNECTION, name + ": cannot connect to Redis at "
              + uri.nodes() + " within timeoutMs=" + o.timeoutMs() + " (" + attempts
              + " attempt(s)): " + describe(e), e);
        }
        LOG.debug("{}: connection attempt {} failed, retrying", name, attempts, e);
        sleep(backoff);
        backoff = Math.min(backoff * 2, RedisOptions.MAX_BACKOFF_MS);
      }
    }
  }

  private static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("WRONGPASS") || m.contains("NOAUTH")
          || m.contains("NOPERM"))) {
        return true;
      }
    }
    return false;
  }

  /** The async commands of the connection (routed by key slot on a cluster). */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  /** Whether the connection is a cluster connection. */
  boolean isCluster() {
    return connection instanceof StatefulRedisClusterConnection;
  }

  /** The underlying Lettuce connection (for tests and diagnostics). */
  StatefulConnection<byte[], byte[]> connection() {
    return connection;
  }

  /**
   * Runs one script on the shard of {@code keys[0]}: {@code EVALSHA}, or {@code EVAL} with the
   * source when the server does not know the script (after a restart or a failover).
   */
  <T> CompletableFuture<T> eval(Scripts script, ScriptOutputType type, byte[][] keys,
      byte[][] args) {
    CompletableFuture<T> first =
        commands.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException) {
        return commands.<T>eval(script.source(), type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /**
   * Runs {@code op} under the failure policy: retried while Redis cannot be reached, until
   * {@link RedisOptions#timeoutMs()} after now.
   *
   * @param what the operation, for messages ("get 0x.."); computed only on failure
   * @param op starts one attempt
   * @return the attempt's result
   * @throws StoreException CONNECTION when the deadline passes, DATABASE for an error reply,
   *     CLOSED when the link is closed meanwhile
   */
  <T> T call(Supplier<String> what, Supplier<? extends CompletionStage<T>> op) {
    long deadline = System.nanoTime() + timeoutNanos;
    return finish(what, start(op), op, deadline);
  }

  /** A deadline for calls started now, for {@link #finish}. */
  long deadline() {
    return System.nanoTime() + timeoutNanos;
  }

  /** Starts one attempt; a synchronous failure of Lettuce becomes a failed future. */
  static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<T>> op) {
    try {
      return op.get().toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Waits for an attempt already started with {@link #start}, retrying with {@code op} under the
   * failure policy until {@code deadline} ({@link System#nanoTime()}).
   */
  <T> T finish(Supplier<String> what, CompletableFuture<T> first,
      Supplier<? extends CompletionStage<T>> op, long deadline) {
    boolean single = unreachable;
    long backoff = options.retryBackoffMs();
    int attempts = 1;
    CompletableFuture<T> f = first;
    while (true) {
      Throwable last;
      try {
        T value = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (unreachable) {
          unreachable = false;
        }
        return value;
      } catch (TimeoutException e) {
        f.cancel(false);
        last = new RedisCommandTimeoutException("no answer within the deadline");
      } catch (ExecutionException e) {
        last = e.getCause() == null ? e : e.getCause();
      } catch (CancellationException e) {
        last = e;
      } catch (InterruptedException e) {
        f.cancel(false);
        Thread.currentThread().interrupt();
        throw new StoreException(StoreException.Kind.CONNECTION, name + ": interrupted while"
            + " waiting for Redis during " + what.get() + "; its outcome is unknown", e);
      }
      if (shut) {
        throw new StoreException(StoreException.Kind.CLOSED,
            name + " was closed during " + what.get(), last);
      }
      if (!retryable(last)) {
        throw new StoreException(StoreException.Kind.DATABASE, name + ": " + what.get()
            + " failed: " + describe(last), last);
      }
      if (single || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) >= deadline) {
        unreachable = true;
        throw new StoreException(StoreException.Kind.CONNECTION, name + ": " + what.get()
            + " failed: Redis could not be reached within timeoutMs=" + options.timeoutMs()
            + " (" + attempts + " attempt" + (attempts == 1 ? "" : "s")
            + (single ? ", one only because the previous call found Redis unreachable" : "")
            + "); last error: " + describe(last), last);
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("{}: {} attempt {} failed, retrying in {} ms: {}", name, what.get(), attempts,
            backoff, describe(last));
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, RedisOptions.MAX_BACKOFF_MS);
      attempts++;
      f = start(op);
    }
  }

  /** Whether a failed attempt may succeed when repeated: Redis is unreachable or busy. */
  static boolean retryable(Throwable t) {
    return switch (t) {
      case RedisNoScriptException e -> true;
      case RedisBusyException e -> true;
      case RedisCommandExecutionException e -> transientReply(e.getMessage());
      case RedisCommandTimeoutException e -> true;
      case RedisConnectionException e -> true;
      case RedisException e -> true;
      case IOException e -> true;
      case CancellationException e -> true;
      default -> false;
    };
  }

  private static boolean transientReply(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toUpperCase(Locale.ROOT);
    for (String code : new String[] {"LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN",
        "READONLY"}) {
      if (m.startsWith(code)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.CONNECTION,
          "interrupted while waiting to retry a Redis call", e);
    }
  }

  /** Closes the connection and the client; the shared threads stay for other stores. */
  @Override
  public void close() {
    shut = true;
    try {
      connection.close();
    } catch (RuntimeException e) {
      LOG.debug("{}: closing the connection failed", name, e);
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("{}: shutting down the client failed", name, e);
    }
  }
}
