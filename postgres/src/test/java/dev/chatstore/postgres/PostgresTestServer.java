package dev.chatstore.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that gives tests the shared PostgreSQL server and a private table per test.
 *
 * <ul>
 *   <li>The server is named by the environment variable {@value #URL_ENV} (default
 *       {@value #DEFAULT_URL}). It is probed once per JVM.</li>
 *   <li>When it cannot be reached, the tests are skipped with a loud warning naming the URL and
 *       the error; with {@code CI=true} they fail instead, since a CI run must not pass by
 *       skipping.</li>
 *   <li>{@link #newTable(String)} hands out a fresh random table name; every table handed out
 *       during a test is dropped (with its meta table) after the test, after the test's own
 *       {@code @AfterEach} methods have closed its stores.</li>
 * </ul>
 * Register it as a static field: {@code @RegisterExtension static final PostgresTestServer PG =
 * new PostgresTestServer();}. Tests run one at a time in this module.
 */
final class PostgresTestServer implements ExecutionCondition, BeforeEachCallback,
    AfterEachCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresTestServer.class);

  /** The environment variable naming the test server. */
  static final String URL_ENV = "CHATSTORE_TEST_POSTGRES_URL";
  /** The server used when {@value #URL_ENV} is not set. */
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";
  /** Prefix of every table the tests create. */
  static final String TABLE_PREFIX = "cs_test_";

  private static volatile String unavailable;
  private static volatile boolean probed;

  private final List<String> tables = new ArrayList<>();

  /** Whether this run is a CI run ({@code CI=true}): a missing server fails instead of skipping. */
  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The URL of the shared test server. */
  static String url() {
    String env = System.getenv(URL_ENV);
    return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
  }

  /** The shared test server's URI with the default options. */
  static PostgresUri uri() {
    return PostgresUri.parse(url());
  }

  /** The shared server's URI, on {@code table}, with a small pool. */
  static PostgresUri uri(String table) {
    PostgresUri base = uri();
    return new PostgresUri(base.user(), base.password(), base.host(), base.port(),
        base.database(), base.options().withTable(table).withPoolSize(4));
  }

  /** A plain JDBC connection to {@code uri}'s server, outside any store. */
  static Connection jdbc(PostgresUri uri) throws SQLException {
    Properties p = new Properties();
    if (uri.user() != null) {
      p.setProperty("user", uri.user());
    }
    if (uri.password() != null) {
      p.setProperty("password", uri.password());
    }
    p.setProperty("connectTimeout", "3");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(uri.jdbcUrl(), p);
  }

  /** A plain JDBC connection to the shared server. */
  static Connection jdbc() throws SQLException {
    return jdbc(uri());
  }

  private static synchronized String probe() {
    if (!probed) {
      try (Connection c = jdbc()) {
        c.isValid(3);
        unavailable = null;
      } catch (SQLException | RuntimeException e) {
        unavailable = "the PostgreSQL test server " + PostgresUri.hidePassword(url())
            + " cannot be reached (" + e.getMessage() + "); set " + URL_ENV
            + " to a reachable server";
      }
      probed = true;
      if (unavailable != null) {
        LOG.warn("\n\n*** SKIPPING POSTGRES TESTS: {} ***\n", unavailable);
      }
    }
    return unavailable;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = probe();
    if (reason == null) {
      return ConditionEvaluationResult.enabled("the PostgreSQL test server answers");
    }
    if (isCi()) {
      return ConditionEvaluationResult.enabled("CI=true: the missing server fails the tests");
    }
    return ConditionEvaluationResult.disabled("SKIPPED: " + reason);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String reason = probe();
    if (reason != null) {
      throw new AssertionError("CI=true and " + reason);
    }
  }

  /**
   * A fresh table name for the current test, dropped after it.
   *
   * @param hint a few lower-case letters naming the test, for people looking at the server
   */
  synchronized String newTable(String hint) {
    String name = TABLE_PREFIX + hint + "_"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    tables.add(name);
    return name;
  }

  /** Registers a table whose name the test chose, so that it is dropped after the test. */
  synchronized String register(String table) {
    tables.add(table);
    return table;
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    List<String> toDrop;
    synchronized (this) {
      toDrop = List.copyOf(tables);
      tables.clear();
    }
    if (toDrop.isEmpty()) {
      return;
    }
    try (Connection c = jdbc()) {
      for (String t : toDrop) {
        PostgresSchema.drop(c, t);
      }
    }
  }
}
