package dev.chatstore.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis a test class runs against, as a JUnit extension: the local server named by
 * {@value #URL_ENV} (default {@value #DEFAULT_URL}) or the {@link LocalRedisCluster} the tests
 * start. Each test gets its own namespace (key prefix); after the test every key of it is removed
 * and the extension fails the test if anything is left. When the server is missing the class is
 * skipped with a loud warning, or fails when the environment variable {@code CI} is
 * {@code true}.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisTarget REDIS = RedisTarget.standalone();
 * ... RedisKvStore.open(REDIS.uri(), options) ...
 * }</pre>
 */
final class RedisTarget implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTarget.class);
  /** The environment variable naming the standalone test server. */
  static final String URL_ENV = "CHATSTORE_TEST_REDIS_URL";
  /** The standalone test server when {@value #URL_ENV} is not set. */
  static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  /** Lettuce's threads for the tests' own raw clients: the store's, never shut down. */
  static final ClientResources RESOURCES = Link.sharedResources();

  private final boolean cluster;
  private LocalRedisCluster localCluster;
  private RedisUri base;
  private AbstractRedisClient rawClient;
  private StatefulConnection<byte[], byte[]> rawConnection;
  private RedisClusterCommands<byte[], byte[]> raw;
  private String namespace;
  private final List<String> namespaces = new ArrayList<>();

  private RedisTarget(boolean cluster) {
    this.cluster = cluster;
  }

  /** The local standalone server. */
  static RedisTarget standalone() {
    return new RedisTarget(false);
  }

  /** The local three-master cluster that the tests start. */
  static RedisTarget cluster() {
    return new RedisTarget(true);
  }

  /** Whether the environment says this is a CI run, where a missing server is a failure. */
  static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the tests (or fails them on CI) because {@code what} is missing. */
  static void missing(String what) {
    String message = "\n***********************************************************************"
        + "\n*** " + what
        + "\n*** The Redis tests are " + (ci() ? "FAILING (CI=true)" : "SKIPPED") + "."
        + "\n***********************************************************************";
    if (ci()) {
      fail(message);
    }
    LOG.warn(message);
    Assumptions.abort(message);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster) {
      if (!RedisProcess.binariesAvailable()) {
        missing("redis-server or redis-cli is not on the PATH, so no local Redis Cluster can be"
            + " started");
      }
      localCluster = LocalRedisCluster.shared(context);
      base = RedisUri.parse(localCluster.uri());
    } else {
      String url = System.getenv(URL_ENV);
      base = RedisUri.parse(url == null || url.isBlank() ? DEFAULT_URL : url.trim());
    }
    try {
      connectRaw();
    } catch (RuntimeException e) {
      missing("Redis is not reachable at " + base + " (" + e + "); start one there or set "
          + URL_ENV);
    }
  }

  private void connectRaw() {
    List<RedisURI> uris = new ArrayList<>();
    for (RedisNode n : base.nodes()) {
      RedisURI.Builder b = RedisURI.builder().withHost(n.host()).withPort(n.port())
          .withTimeout(Duration.ofSeconds(10));
      if (!cluster) {
        b.withDatabase(base.database());
      }
      if (base.password() != null) {
        if (base.user() != null) {
          b.withAuthentication(base.user(), base.password());
        } else {
          b.withPassword(base.password());
        }
      }
      uris.add(b.build());
    }
    if (cluster) {
      RedisClusterClient c = RedisClusterClient.create(RESOURCES, uris);
      rawClient = c;
      StatefulRedisClusterConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
      rawConnection = conn;
      raw = conn.sync();
    } else {
      RedisClient c = RedisClient.create(RESOURCES, uris.get(0));
      rawClient = c;
      StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
      rawConnection = conn;
      raw = conn.sync();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("test");
    namespace = newNamespace(method);
  }

  /**
   * A further namespace for this test (removed after it like the first), for tests that need
   * more than one store apart.
   */
  String newNamespace(String label) {
    String clean = label.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    byte[] rnd = new byte[5];
    ThreadLocalRandom.current().nextBytes(rnd);
    String ns = "cst-" + clean.substring(0, Math.min(clean.length(), 24)) + "-"
        + HexFormat.of().formatHex(rnd);
    namespaces.add(ns);
    return ns;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> leftovers = new ArrayList<>();
    for (String ns : namespaces) {
      deleteNamespace(ns);
      long left = keys(ns).size();
      if (left > 0) {
        leftovers.add(ns + ": " + left + " keys");
      }
    }
    namespaces.clear();
    if (!leftovers.isEmpty()) {
      fail("the test left keys behind after removing its namespaces: " + leftovers);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (rawConnection != null) {
      rawConnection.close();
    }
    if (rawClient != null) {
      rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Whether this target is the local cluster. */
  boolean isCluster() {
    return cluster;
  }

  /** The local cluster (null for standalone). */
  LocalRedisCluster localCluster() {
    return localCluster;
  }

  /** The namespace of the current test. */
  String namespace() {
    return namespace;
  }

  /** The URI of the current test's namespace. */
  RedisUri uri() {
    return uri(namespace, o -> o);
  }

  /** The URI of {@code ns}, with options changed by {@code change}. */
  RedisUri uri(String ns, UnaryOperator<RedisOptions> change) {
    return base.withOptions(change.apply(base.options().withPrefix(ns)));
  }

  /** A raw connection to the same Redis, for inspecting what the store wrote. */
  RedisClusterCommands<byte[], byte[]> raw() {
    return raw;
  }

  /** Every Redis key of namespace {@code ns}. */
  List<byte[]> keys(String ns) {
    List<byte[]> out = new ArrayList<>();
    for (String pattern : new String[] {"{" + ns + "}*", "{" + ns + ":*"}) {
      ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
      KeyScanCursor<byte[]> c = raw.scan(args);
      out.addAll(c.getKeys());
      while (!c.isFinished()) {
        c = raw.scan(c, args);
        out.addAll(c.getKeys());
      }
    }
    return out;
  }

  /** Removes every key of namespace {@code ns}. */
  void deleteNamespace(String ns) {
    List<byte[]> keys = keys(ns);
    for (int i = 0; i < keys.size(); i += 500) {
      List<byte[]> part = keys.subList(i, Math.min(keys.size(), i + 500));
      if (cluster) {
        for (byte[] k : part) {
          raw.unlink(k);
        }
      } else {
        raw.unlink(part.toArray(new byte[0][]));
      }
    }
  }
}
