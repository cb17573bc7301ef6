package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.stress.FaultLoad;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user sees when the PostgreSQL server goes away and comes back: calls fail with
 * {@link StoreException.Kind#CONNECTION} within the documented timeout, nothing acknowledged is
 * lost, a short outage is bridged by retries, the same store object works again after a restart,
 * and a {@code COMMIT} whose answer is lost is settled, never applied twice; the same holds when
 * the server crashes and comes back while writers and readers keep working.
 *
 * <p>The test runs its own server: {@code initdb} of a temporary cluster, started and stopped
 * with {@code pg_ctl} (as the {@code postgres} OS user when run as root), always stopped after
 * the class. When that is not possible the class is skipped with a warning; with {@code CI=true}
 * it fails.
 */
class PostgresFailureRecoveryTest {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresFailureRecoveryTest.class);
  /** Generous allowance over a documented bound, for a loaded machine; not a speed limit. */
  private static final long SLACK_MS = 10_000;
  /** How long a recovered server may take to be seen by the store, at most. */
  private static final long RECOVERY_WAIT_MS = 60_000;

  private static LocalPostgresCluster cluster;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private static final AtomicInteger TABLES = new AtomicInteger();

  @BeforeAll
  static void startCluster() {
    Optional<Path> bin = LocalPostgresCluster.findBinDir();
    if (bin.isEmpty()) {
      skipOrFail("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin");
      return;
    }
    try {
      cluster = LocalPostgresCluster.start(bin.get());
    } catch (Exception e) {
      skipOrFail("a temporary PostgreSQL cluster could not be started with " + bin.get() + ": "
          + e.getMessage());
    }
  }

  private static void skipOrFail(String reason) {
    if (PostgresTestServer.isCi()) {
      fail("CI=true and " + reason);
    }
    LOG.warn("\n\n*** SKIPPING {}: {} ***\n", PostgresFailureRecoveryTest.class.getSimpleName(),
        reason);
    Assumptions.abort(reason);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    toClose.clear();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long num(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  /** A store on a fresh table (its own per test) of the test cluster (reached on {@code port}) with {@code query}. */
  private PostgresKvStore open(int port, String query) {
    String uri = "postgresql://postgres@127.0.0.1:" + port + "/postgres?table=fail_"
        + TABLES.incrementAndGet() + "&" + query;
    PostgresKvStore store = PostgresKvStore.open(PostgresUri.parse(uri), StoreOptions.defaults());
    toClose.add(store);
    return store;
  }

  private static void assertConnectionFailure(String call, Runnable action) {
    assertThatThrownBy(action::run).as(call + " while the server is down")
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind())
            .as(call + " should fail with kind CONNECTION: " + e.getMessage())
            .isEqualTo(StoreException.Kind.CONNECTION));
  }

  /** Calls {@code get} until it answers, failing after {@link #RECOVERY_WAIT_MS}. */
  private static byte[] awaitRecovery(PostgresKvStore store, byte[] key) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_WAIT_MS);
    StoreException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return store.get(key);
      } catch (StoreException e) {
        assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION);
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the store did not work again within " + RECOVERY_WAIT_MS
        + " ms of the server's restart", last);
  }

  @Test
  void serverDown_callsFailWithConnectionInTime_thenTheSameStoreWorksAgain_losingNothing()
      throws Exception {
    PostgresKvStore store = open(cluster.port(),
        "retryTimeoutMs=1500&connectTimeoutMs=1000&retryBackoffMs=50&poolSize=2");
    List<CompletableFuture<Boolean>> acked = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      acked.add(store.writeAsync(WriteBatch.builder().put(b("k" + i), b("v" + i)).build()));
    }
    for (int i = 0; i < 10; i++) {
      byte[] old = store.get(b("counter"));
      assertThat(store.write(WriteBatch.builder().check(b("counter"), old)
          .put(b("counter"), num(old == null ? 1 : num(old) + 1)).build())).isTrue();
    }
    for (CompletableFuture<Boolean> f : acked) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
    }

    cluster.stopServer("immediate"); // like a crash: acknowledged commits must be in the WAL

    long bound = store.uri().options().failureTimeoutMs() + SLACK_MS;
    long t0 = System.nanoTime();
    assertConnectionFailure("get", () -> store.get(b("k1")));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(elapsed).as("the first call should fail within retryTimeoutMs + connectTimeoutMs"
        + " (plus slack), took " + elapsed + " ms").isLessThan(bound);
    assertThat(store.isServerUnreachable()).isTrue();
    assertConnectionFailure("put", () -> store.put(b("lost"), b("x")));
    assertConnectionFailure("scan",
        () -> store.scan(KeyRange.all(), Direction.ASCENDING, 10));
    assertConnectionFailure("count", () -> store.count(KeyRange.all()));
    CompletableFuture<Boolean> async = store.writeAsync(WriteBatch.builder()
        .put(b("lost2"), b("x")).build());
    assertThatThrownBy(() -> async.get(bound, TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION));

    cluster.startServer();

    assertThat(awaitRecovery(store, b("k0"))).isEqualTo(b("v0"));
    assertThat(store.isServerUnreachable()).isFalse();
    for (int i = 0; i < 300; i++) {
      assertThat(store.get(b("k" + i))).as("acknowledged write k" + i + " after a crash")
          .isEqualTo(b("v" + i));
    }
    assertThat(num(store.get(b("counter")))).isEqualTo(10);
    assertThat(store.get(b("lost"))).as("a failed write must not appear").isNull();
    store.put(b("after"), b("restart"));
    assertThat(store.get(b("after"))).isEqualTo(b("restart"));
  }

  @Test
  void serverCrashedAndRestartedUnderLoad_callsFailWithConnection_andNoAcknowledgedWriteIsLost()
      throws Exception {
    PostgresKvStore store = open(cluster.port(),
        "retryTimeoutMs=1000&connectTimeoutMs=500&retryBackoffMs=50&poolSize=4");
    List<KvStore> writers = List.of(store, store, store, store);
    Duration wait = Duration.ofSeconds(60);
    FaultLoad load = FaultLoad.start(writers, "load/");
    try {
      assertThat(load.await(false, n -> n >= 100, wait)).as("writes before the crash").isTrue();
      cluster.stopServer("immediate"); // like a crash: acknowledged commits must be in the WAL
      assertThat(load.await(true, n -> n >= writers.size(), wait))
          .as("calls fail while the server is down").isTrue();
      assertThat(store.isServerUnreachable()).isTrue();
      cluster.startServer();
      assertThat(load.awaitEveryThread(load.acks(), 20, wait))
          .as("every writer works again after the restart, acks %s failures %s",
              Arrays.toString(load.acks()), Arrays.toString(load.failures())).isTrue();
    } finally {
      load.close();
    }
    load.checkNothingLost();
  }

  @Test
  void shortOutage_withinTheRetryTimeout_isBridgedByRetries() throws Exception {
    PostgresKvStore store = open(cluster.port(),
        "retryTimeoutMs=60000&connectTimeoutMs=1000&retryBackoffMs=50&poolSize=2");
    store.put(b("before"), b("1"));
    cluster.stopServer("fast");
    CompletableFuture<Boolean> write = store.writeAsync(WriteBatch.builder()
        .put(b("during"), b("2")).build());
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> store.get(b("before")));
    Thread.sleep(500);
    cluster.startServer();
    assertThat(write.get(90, TimeUnit.SECONDS)).as("a write made during a short outage should"
        + " be retried until the server is back").isTrue();
    assertThat(read.get(90, TimeUnit.SECONDS)).isEqualTo(b("1"));
    assertThat(store.get(b("during"))).isEqualTo(b("2"));
  }

  @Test
  void commitWhoseAnswerIsLost_isSettledWithTheServer_notAppliedTwice() throws Exception {
    CuttingProxy proxy = new CuttingProxy(cluster.port());
    toClose.add(proxy);
    PostgresKvStore store = open(proxy.port(), "retryTimeoutMs=20000&retryBackoffMs=50");
    store.put(b("counter"), num(0));

    proxy.cutNextCommit();
    boolean applied = store.write(WriteBatch.builder().check(b("counter"), num(0))
        .put(b("counter"), num(1)).build());

    assertThat(proxy.cuts()).as("the proxy should have cut the connection during COMMIT")
        .isEqualTo(1);
    assertThat(applied).as("the check-and-set committed on the server, so it must report true"
        + " (running it again would fail its check and report false)").isTrue();
    assertThat(num(store.get(b("counter")))).isEqualTo(1);
  }

  @Test
  void commitInDoubtWhileTheServerStaysAway_failsAsUnknown_andIsSettledBeforeTheNextWrite()
      throws Exception {
    CuttingProxy proxy = new CuttingProxy(cluster.port());
    toClose.add(proxy);
    PostgresKvStore store = open(proxy.port(),
        "retryTimeoutMs=1000&connectTimeoutMs=500&retryBackoffMs=50&poolSize=1");
    store.put(b("counter"), num(0));

    proxy.cutNextCommit();
    proxy.refuseNewConnections(true);
    assertThatThrownBy(() -> store.write(WriteBatch.builder().check(b("counter"), num(0))
        .put(b("counter"), num(1)).build()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONNECTION))
        .hasMessageContaining("whether the batches were applied is unknown");
    assertThat(proxy.cuts()).isEqualTo(1);

    proxy.refuseNewConnections(false);
    assertThat(awaitRecovery(store, b("counter"))).as("the in-doubt commit did commit")
        .isEqualTo(num(1));
    store.put(b("next"), b("write"));
    assertThat(store.get(b("next"))).isEqualTo(b("write"));
    assertThat(num(store.get(b("counter")))).isEqualTo(1);
  }

  @Test
  void connectionsKilledByTheServer_areReplaced_withoutTheCallerNoticing() throws Exception {
    PostgresKvStore store = open(cluster.port(), "poolSize=3");
    for (int i = 0; i < 20; i++) {
      store.put(b("k" + i), b("v" + i));
      assertThat(store.scan(KeyRange.all(), Direction.ASCENDING, 5).entries()).isNotEmpty();
    }
    try (Connection admin = PostgresTestServer.jdbc(PostgresUri.parse(cluster.uri("")));
        Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM"
            + " pg_stat_activity WHERE backend_type = 'client backend'"
            + " AND pid <> pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the store's pooled connections").isPositive();
    }
    assertThat(store.get(b("k3"))).isEqualTo(b("v3"));
    assertThat(store.scan(KeyRange.all(), Direction.ASCENDING, 5).entries()).hasSize(5);
    assertThat(store.count(KeyRange.all())).isEqualTo(20);
    store.put(b("after"), b("kill"));
    assertThat(store.get(b("after"))).isEqualTo(b("kill"));
    assertThat(store.isServerUnreachable()).isFalse();
  }

  @Test
  void open_whileTheServerIsDown_failsWithConnection() throws Exception {
    CuttingProxy proxy = new CuttingProxy(cluster.port());
    toClose.add(proxy);
    proxy.refuseNewConnections(true);
    long t0 = System.nanoTime();
    assertConnectionFailure("open", () -> open(proxy.port(),
        "retryTimeoutMs=500&connectTimeoutMs=500&retryBackoffMs=50"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000 + SLACK_MS);
  }
}
