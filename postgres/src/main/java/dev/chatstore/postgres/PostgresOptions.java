package dev.chatstore.postgres;

import dev.chatstore.kv.UriParameters;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link PostgresKvStore} uses its PostgreSQL server: the settings that the
 * {@code postgresql://} URI can carry after its {@code ?}. Settings that are not
 * PostgreSQL-specific (clock, write queue, group size, sweep interval) live in
 * {@link dev.chatstore.kv.StoreOptions}.
 *
 * <h2>URI parameters</h2>
 * The URI grammar is described in full on {@link PostgresUri}. Each parameter has a constant for
 * its name and one for its default:
 * <table>
 *   <caption>Parameters of a {@code postgresql://} URI</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PARAM_TABLE}</td><td>a lower-case SQL identifier of at most
 *       {@value #MAX_TABLE_LENGTH} characters: {@code [a-z_][a-z0-9_]*}</td>
 *       <td>{@value #DEFAULT_TABLE}</td>
 *       <td>The table holding the entries. Its schema version lives in the table
 *       <i>table</i>{@code _meta}. Different tables are independent stores in one database.</td></tr>
 *   <tr><td>{@value #PARAM_POOL_SIZE}</td><td>{@value #MIN_POOL_SIZE} to
 *       {@value #MAX_POOL_SIZE}</td><td>{@value #DEFAULT_POOL_SIZE}</td>
 *       <td>How many connections the store keeps open (a fixed-size HikariCP pool). Reads borrow
 *       one per call; the writer borrows one per group commit.</td></tr>
 *   <tr><td>{@value #PARAM_CONNECT_TIMEOUT_MS}</td><td>{@value #MIN_CONNECT_TIMEOUT_MS} to
 *       {@value #MAX_TIMEOUT_MS}</td><td>{@value #DEFAULT_CONNECT_TIMEOUT_MS}</td>
 *       <td>How long one attempt waits for a connection: the pool's wait for a free or new
 *       connection, and pgjdbc's {@code connectTimeout} (rounded up to whole seconds).</td></tr>
 *   <tr><td>{@value #PARAM_SOCKET_TIMEOUT_MS}</td><td>0 to {@value #MAX_TIMEOUT_MS}</td>
 *       <td>{@value #DEFAULT_SOCKET_TIMEOUT_MS}</td>
 *       <td>pgjdbc's {@code socketTimeout} (rounded up to whole seconds): a statement whose
 *       server does not answer for this long fails as a lost connection. {@code 0} waits
 *       forever; keep it above the longest statement you run (a large tenant drop).</td></tr>
 *   <tr><td>{@value #PARAM_RETRY_TIMEOUT_MS}</td><td>0 to {@value #MAX_TIMEOUT_MS}</td>
 *       <td>{@value #DEFAULT_RETRY_TIMEOUT_MS}</td>
 *       <td>How long a call keeps retrying, with backoff, when the server cannot be reached,
 *       before it fails with {@link dev.chatstore.kv.StoreException.Kind#CONNECTION}. {@code 0}
 *       makes one attempt only.</td></tr>
 *   <tr><td>{@value #PARAM_RETRY_BACKOFF_MS}</td><td>1 to {@value #MAX_BACKOFF_MS}</td>
 *       <td>{@value #DEFAULT_RETRY_BACKOFF_MS}</td>
 *       <td>The first pause between two attempts; it doubles after each failed attempt, up to
 *       {@value #MAX_BACKOFF_MS} ms.</td></tr>
 *   <tr><td>{@value #PARAM_SSL_MODE}</td><td>{@code disable}, {@code allow}, {@code prefer},
 *       {@code require}, {@code verify-ca}, {@code verify-full}</td>
 *       <td>{@value #DEFAULT_SSL_MODE}</td>
 *       <td>pgjdbc's {@code sslmode}: whether and how the connection uses TLS.</td></tr>
 * </table>
 * See {@link PostgresKvStore} for what the timeouts add up to when the server is lost.
 *
 * @param table the table of entries (its meta table is {@code table + "_meta"})
 * @param poolSize the number of pooled connections
 * @param connectTimeoutMs the longest one attempt waits for a connection, in milliseconds
 * @param socketTimeoutMs the longest a statement waits for the server, in milliseconds (0: none)
 * @param retryTimeoutMs how long a call retries a lost server, in milliseconds (0: no retry)
 * @param retryBackoffMs the first pause between attempts, in milliseconds
 * @param sslMode pgjdbc's {@code sslmode}
 */
public record PostgresOptions(String table, int poolSize, int connectTimeoutMs,
    int socketTimeoutMs, int retryTimeoutMs, int retryBackoffMs, String sslMode) {
  /** Name of the URI parameter for {@link #table()}. */
  public static final String PARAM_TABLE = "table";
  /** Name of the URI parameter for {@link #poolSize()}. */
  public static final String PARAM_POOL_SIZE = "poolSize";
  /** Name of the URI parameter for {@link #connectTimeoutMs()}. */
  public static final String PARAM_CONNECT_TIMEOUT_MS = "connectTimeoutMs";
  /** Name of the URI parameter for {@link #socketTimeoutMs()}. */
  public static final String PARAM_SOCKET_TIMEOUT_MS = "socketTimeoutMs";
  /** Name of the URI parameter for {@link #retryTimeoutMs()}. */
  public static final String PARAM_RETRY_TIMEOUT_MS = "retryTimeoutMs";
  /** Name of the URI parameter for {@link #retryBackoffMs()}. */
  public static final String PARAM_RETRY_BACKOFF_MS = "retryBackoffMs";
  /** Name of the URI parameter for {@link #sslMode()}. */
  public static final String PARAM_SSL_MODE = "sslmode";
  /** Every URI parameter name, in the order they are documented. */
  public static final List<String> PARAMETERS = List.of(PARAM_TABLE, PARAM_POOL_SIZE,
      PARAM_CONNECT_TIMEOUT_MS, PARAM_SOCKET_TIMEOUT_MS, PARAM_RETRY_TIMEOUT_MS,
      PARAM_RETRY_BACKOFF_MS, PARAM_SSL_MODE);

  /** Default of {@link #table()}. */
  public static final String DEFAULT_TABLE = "chatstore_kv";
  /** Longest {@link #table()}, so that derived names (meta table, indexes) fit in 63 bytes. */
  public static final int MAX_TABLE_LENGTH = 48;
  /** Default of {@link #poolSize()}. */
  public static final int DEFAULT_POOL_SIZE = 8;
  /** Smallest {@link #poolSize()}. */
  public static final int MIN_POOL_SIZE = 1;
  /** Largest {@link #poolSize()}. */
  public static final int MAX_POOL_SIZE = 1000;
  /** Default of {@link #connectTimeoutMs()}: 3 seconds. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
  /** Smallest {@link #connectTimeoutMs()} (HikariCP's minimum). */
  public static final int MIN_CONNECT_TIMEOUT_MS = 250;
  /** Default of {@link #socketTimeoutMs()}: 60 seconds. */
  public static final int DEFAULT_SOCKET_TIMEOUT_MS = 60_000;
  /** Default of {@link #retryTimeoutMs()}: 10 seconds. */
  public static final int DEFAULT_RETRY_TIMEOUT_MS = 10_000;
  /** Default of {@link #retryBackoffMs()}. */
  public static final int DEFAULT_RETRY_BACKOFF_MS = 100;
  /** The longest pause between two attempts, in milliseconds. */
  public static final int MAX_BACKOFF_MS = 2_000;
  /** Largest value of every timeout parameter: one day, in milliseconds. */
  public static final int MAX_TIMEOUT_MS = 86_400_000;
  /** Default of {@link #sslMode()}: pgjdbc's own default. */
  public static final String DEFAULT_SSL_MODE = "prefer";
  /** The values {@link #sslMode()} accepts. */
  public static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final PostgresOptions DEFAULTS = new PostgresOptions(DEFAULT_TABLE,
      DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_SOCKET_TIMEOUT_MS,
      DEFAULT_RETRY_TIMEOUT_MS, DEFAULT_RETRY_BACKOFF_MS, DEFAULT_SSL_MODE);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting, its value and what is expected
   */
  public PostgresOptions {
    if (table == null || table.length() > MAX_TABLE_LENGTH
        || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(badValue(PARAM_TABLE, String.valueOf(table),
          tableExpected()));
    }
    checkRange(PARAM_POOL_SIZE, poolSize, MIN_POOL_SIZE, MAX_POOL_SIZE);
    checkRange(PARAM_CONNECT_TIMEOUT_MS, connectTimeoutMs, MIN_CONNECT_TIMEOUT_MS,
        MAX_TIMEOUT_MS);
    checkRange(PARAM_SOCKET_TIMEOUT_MS, socketTimeoutMs, 0, MAX_TIMEOUT_MS);
    checkRange(PARAM_RETRY_TIMEOUT_MS, retryTimeoutMs, 0, MAX_TIMEOUT_MS);
    checkRange(PARAM_RETRY_BACKOFF_MS, retryBackoffMs, 1, MAX_BACKOFF_MS);
    if (sslMode == null || !SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException(badValue(PARAM_SSL_MODE, String.valueOf(sslMode),
          "one of disable, allow, prefer, require, verify-ca, verify-full"));
    }
  }

  /** The defaults: table {@value #DEFAULT_TABLE}, 8 connections, the timeouts above. */
  public static PostgresOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with another table.
   *
   * @throws IllegalArgumentException when the name is not a valid table name
   */
  public PostgresOptions withTable(String name) {
    return new PostgresOptions(name, poolSize, connectTimeoutMs, socketTimeoutMs, retryTimeoutMs,
        retryBackoffMs, sslMode);
  }

  /**
   * These options with another pool size.
   *
   * @throws IllegalArgumentException when out of range
   */
  public PostgresOptions withPoolSize(int size) {
    return new PostgresOptions(table, size, connectTimeoutMs, socketTimeoutMs, retryTimeoutMs,
        retryBackoffMs, sslMode);
  }

  /**
   * These options with another connect timeout.
   *
   * @throws IllegalArgumentException when out of range
   */
  public PostgresOptions withConnectTimeoutMs(int millis) {
    return new PostgresOptions(table, poolSize, millis, socketTimeoutMs, retryTimeoutMs,
        retryBackoffMs, sslMode);
  }

  /**
   * These options with another socket timeout.
   *
   * @throws IllegalArgumentException when out of range
   */
  public PostgresOptions withSocketTimeoutMs(int millis) {
    return new PostgresOptions(table, poolSize, connectTimeoutMs, millis, retryTimeoutMs,
        retryBackoffMs, sslMode);
  }

  /**
   * These options with another retry timeout.
   *
   * @throws IllegalArgumentException when out of range
   */
  public PostgresOptions withRetryTimeoutMs(int millis) {
    return new PostgresOptions(table, poolSize, connectTimeoutMs, socketTimeoutMs, millis,
        retryBackoffMs, sslMode);
  }

  /**
   * These options with another first backoff.
   *
   * @throws IllegalArgumentException when out of range
   */
  public PostgresOptions withRetryBackoffMs(int millis) {
    return new PostgresOptions(table, poolSize, connectTimeoutMs, socketTimeoutMs, retryTimeoutMs,
        millis, sslMode);
  }

  /**
   * These options with another TLS mode.
   *
   * @throws IllegalArgumentException when not one of {@link #SSL_MODES}
   */
  public PostgresOptions withSslMode(String mode) {
    return new PostgresOptions(table, poolSize, connectTimeoutMs, socketTimeoutMs, retryTimeoutMs,
        retryBackoffMs, mode == null ? null : mode.toLowerCase(Locale.ROOT));
  }

  /** The meta table holding the schema version: {@code table + "_meta"}. */
  public String metaTable() {
    return table + "_meta";
  }

  /**
   * The longest a call takes to fail with {@code CONNECTION} once the server is lost:
   * {@link #retryTimeoutMs()} of retrying plus one last attempt of at most
   * {@link #connectTimeoutMs()}.
   */
  public long failureTimeoutMs() {
    return (long) retryTimeoutMs + connectTimeoutMs;
  }

  /**
   * These options as URI parameters, only those that differ from the defaults, joined with
   * {@code &} (empty when all are defaults).
   */
  public String toQuery() {
    StringBuilder sb = new StringBuilder();
    append(sb, PARAM_TABLE, table, DEFAULT_TABLE);
    append(sb, PARAM_POOL_SIZE, poolSize, DEFAULT_POOL_SIZE);
    append(sb, PARAM_CONNECT_TIMEOUT_MS, connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
    append(sb, PARAM_SOCKET_TIMEOUT_MS, socketTimeoutMs, DEFAULT_SOCKET_TIMEOUT_MS);
    append(sb, PARAM_RETRY_TIMEOUT_MS, retryTimeoutMs, DEFAULT_RETRY_TIMEOUT_MS);
    append(sb, PARAM_RETRY_BACKOFF_MS, retryBackoffMs, DEFAULT_RETRY_BACKOFF_MS);
    append(sb, PARAM_SSL_MODE, sslMode, DEFAULT_SSL_MODE);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, Object value, Object dflt) {
    if (!value.equals(dflt)) {
      sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(value);
    }
  }

  /** What {@link #PARAM_TABLE} expects, for messages. */
  static String tableExpected() {
    return "a lower-case SQL identifier of 1 to " + MAX_TABLE_LENGTH
        + " characters matching [a-z_][a-z0-9_]*";
  }

  /** What an integer parameter expects, for messages. */
  static String rangeExpected(int min, int max) {
    return "an integer from " + min + " to " + max;
  }

  private static void checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(badValue(name, String.valueOf(value),
          rangeExpected(min, max)));
    }
  }

  /** The message for a bad parameter value. */
  static String badValue(String param, String value, String expected) {
    return UriParameters.badValue(param, value, expected);
  }
}
