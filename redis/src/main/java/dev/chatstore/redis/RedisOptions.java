package dev.chatstore.redis;

import dev.chatstore.kv.UriParameters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link RedisKvStore} uses its Redis server or cluster: the settings that a
 * {@code redis://} or {@code redis-cluster://} URI can carry after its {@code ?}. Settings that
 * are not Redis-specific (clock, write queue, group size, sweep interval) live in
 * {@link dev.chatstore.kv.StoreOptions}. Instances are immutable and thread-safe.
 *
 * <h2>URI parameters</h2>
 * The URI grammar is described in full on {@link RedisUri}. Each parameter has a constant for its
 * name and one for its default:
 * <table>
 *   <caption>Parameters of a {@code redis://} or {@code redis-cluster://} URI</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PARAM_PREFIX}</td><td>1 to {@value #MAX_PREFIX_LENGTH} characters of
 *       {@code [A-Za-z0-9_.:-]}</td><td>{@value #DEFAULT_PREFIX}</td>
 *       <td>The namespace: every Redis key of the store starts with {@code "{" + prefix}. Stores
 *       with different prefixes are independent on one server. Braces and glob characters are
 *       refused because they would break the hash tags and {@code SCAN MATCH}.</td></tr>
 *   <tr><td>{@value #PARAM_TIMEOUT_MS}</td><td>{@value #MIN_TIMEOUT_MS} to
 *       {@value #MAX_TIMEOUT_MS}</td><td>{@value #DEFAULT_TIMEOUT_MS}</td>
 *       <td>The longest one call of the store waits for Redis, retries included, before it
 *       fails with {@link dev.chatstore.kv.StoreException.Kind#CONNECTION}. Also Lettuce's
 *       command timeout.</td></tr>
 *   <tr><td>{@value #PARAM_CONNECT_TIMEOUT_MS}</td><td>{@value #MIN_TIMEOUT_MS} to
 *       {@value #MAX_TIMEOUT_MS}</td><td>{@value #DEFAULT_CONNECT_TIMEOUT_MS}</td>
 *       <td>The TCP connect timeout of one connection attempt.</td></tr>
 *   <tr><td>{@value #PARAM_RETRY_BACKOFF_MS}</td><td>1 to {@value #MAX_BACKOFF_MS}</td>
 *       <td>{@value #DEFAULT_RETRY_BACKOFF_MS}</td>
 *       <td>The first pause between two attempts of a call when Redis cannot be reached; it
 *       doubles after each failed attempt, up to {@value #MAX_BACKOFF_MS} ms.</td></tr>
 *   <tr><td>{@value #PARAM_EXPIRY_GRACE_MS}</td><td>0 to {@value #MAX_TIMEOUT_MS}</td>
 *       <td>{@value #DEFAULT_EXPIRY_GRACE_MS}</td>
 *       <td>When the store runs on the system clock, Redis deletes an expiring value itself
 *       ({@code SET ... PXAT}) this long after its expiry instant. Entries are invisible from
 *       their instant by the store's clock either way; the grace only keeps a Redis server whose
 *       clock runs ahead of the application's from dropping a value early.</td></tr>
 * </table>
 *
 * @param prefix the namespace of every Redis key of the store
 * @param timeoutMs the longest a call waits for Redis, retries included, in milliseconds
 * @param connectTimeoutMs the TCP connect timeout of one attempt, in milliseconds
 * @param retryBackoffMs the first pause between attempts, in milliseconds
 * @param expiryGraceMs how long after its expiry Redis deletes a value natively, in milliseconds
 */
public record RedisOptions(String prefix, int timeoutMs, int connectTimeoutMs,
    int retryBackoffMs, int expiryGraceMs) {
  /** Name of the URI parameter for {@link #prefix()}. */
  public static final String PARAM_PREFIX = "prefix";
  /** Name of the URI parameter for {@link #timeoutMs()}. */
  public static final String PARAM_TIMEOUT_MS = "timeoutMs";
  /** Name of the URI parameter for {@link #connectTimeoutMs()}. */
  public static final String PARAM_CONNECT_TIMEOUT_MS = "connectTimeoutMs";
  /** Name of the URI parameter for {@link #retryBackoffMs()}. */
  public static final String PARAM_RETRY_BACKOFF_MS = "retryBackoffMs";
  /** Name of the URI parameter for {@link #expiryGraceMs()}. */
  public static final String PARAM_EXPIRY_GRACE_MS = "expiryGraceMs";
  /** Every URI parameter name, in the order they are documented. */
  public static final List<String> PARAMETERS = List.of(PARAM_PREFIX, PARAM_TIMEOUT_MS,
      PARAM_CONNECT_TIMEOUT_MS, PARAM_RETRY_BACKOFF_MS, PARAM_EXPIRY_GRACE_MS);

  /** Default of {@link #prefix()}. */
  public static final String DEFAULT_PREFIX = "chatstore";
  /** Longest {@link #prefix()}, in characters. */
  public static final int MAX_PREFIX_LENGTH = 64;
  /** Default of {@link #timeoutMs()}: 10 seconds. */
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  /** Default of {@link #connectTimeoutMs()}: 2 seconds. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
  /** Default of {@link #retryBackoffMs()}. */
  public static final int DEFAULT_RETRY_BACKOFF_MS = 25;
  /** Default of {@link #expiryGraceMs()}: 1 second. */
  public static final int DEFAULT_EXPIRY_GRACE_MS = 1_000;
  /** Smallest allowed {@link #timeoutMs()} and {@link #connectTimeoutMs()}. */
  public static final int MIN_TIMEOUT_MS = 10;
  /** Largest allowed timeout or grace: 10 minutes. */
  public static final int MAX_TIMEOUT_MS = 600_000;
  /** Largest allowed {@link #retryBackoffMs()}, also the cap of the doubling backoff. */
  public static final int MAX_BACKOFF_MS = 1_000;

  private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final String PREFIX_EXPECTED = "1 to " + MAX_PREFIX_LENGTH
      + " characters of [A-Za-z0-9_.:-]";
  private static final String TIMEOUT_EXPECTED = "an integer from " + MIN_TIMEOUT_MS + " to "
      + MAX_TIMEOUT_MS + " (milliseconds)";
  private static final String BACKOFF_EXPECTED = "an integer from 1 to " + MAX_BACKOFF_MS
      + " (milliseconds)";
  private static final String GRACE_EXPECTED = "an integer from 0 to " + MAX_TIMEOUT_MS
      + " (milliseconds)";

  private static final RedisOptions DEFAULTS = new RedisOptions(DEFAULT_PREFIX,
      DEFAULT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RETRY_BACKOFF_MS,
      DEFAULT_EXPIRY_GRACE_MS);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting, its value and what is expected
   */
  public RedisOptions {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty; expected " + PREFIX_EXPECTED);
    }
    if (prefix.length() > MAX_PREFIX_LENGTH || !PREFIX_CHARS.matcher(prefix).matches()) {
      throw new IllegalArgumentException(badValue(PARAM_PREFIX, prefix, PREFIX_EXPECTED));
    }
    checkRange(PARAM_TIMEOUT_MS, timeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, TIMEOUT_EXPECTED);
    checkRange(PARAM_CONNECT_TIMEOUT_MS, connectTimeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS,
        TIMEOUT_EXPECTED);
    checkRange(PARAM_RETRY_BACKOFF_MS, retryBackoffMs, 1, MAX_BACKOFF_MS, BACKOFF_EXPECTED);
    checkRange(PARAM_EXPIRY_GRACE_MS, expiryGraceMs, 0, MAX_TIMEOUT_MS, GRACE_EXPECTED);
  }

  /** The defaults: prefix {@code chatstore}, timeouts 10 s and 2 s, backoff 25 ms, grace 1 s. */
  public static RedisOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with another namespace prefix.
   *
   * @param p the prefix
   * @return new options
   * @throws IllegalArgumentException when the prefix is invalid
   */
  public RedisOptions withPrefix(String p) {
    return new RedisOptions(p, timeoutMs, connectTimeoutMs, retryBackoffMs, expiryGraceMs);
  }

  /**
   * These options with another call timeout.
   *
   * @param ms the timeout in milliseconds
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RedisOptions withTimeoutMs(int ms) {
    return new RedisOptions(prefix, ms, connectTimeoutMs, retryBackoffMs, expiryGraceMs);
  }

  /**
   * These options with another expiry grace.
   *
   * @param ms the grace in milliseconds
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RedisOptions withExpiryGraceMs(int ms) {
    return new RedisOptions(prefix, timeoutMs, connectTimeoutMs, retryBackoffMs, ms);
  }

  /**
   * Parses the query part of a URI (without the {@code ?}) into options; absent parameters keep
   * their defaults, empty parameters (as in a trailing {@code &}) are ignored.
   *
   * @param query the query, possibly empty
   * @return the options
   * @throws IllegalArgumentException for an unknown, repeated, valueless or invalid parameter
   */
  static RedisOptions parseQuery(String query) {
    RedisOptions o = DEFAULTS;
    for (Map.Entry<String, String> p : UriParameters.parse(query, PARAMETERS, v -> v).entrySet()) {
      String name = p.getKey();
      String value = p.getValue();
      o = switch (name) {
        case PARAM_PREFIX -> o.withPrefix(value);
        case PARAM_TIMEOUT_MS -> o.withTimeoutMs(parseInt(name, value, TIMEOUT_EXPECTED));
        case PARAM_CONNECT_TIMEOUT_MS -> new RedisOptions(o.prefix, o.timeoutMs,
            parseInt(name, value, TIMEOUT_EXPECTED), o.retryBackoffMs, o.expiryGraceMs);
        case PARAM_RETRY_BACKOFF_MS -> new RedisOptions(o.prefix, o.timeoutMs,
            o.connectTimeoutMs, parseInt(name, value, BACKOFF_EXPECTED), o.expiryGraceMs);
        case PARAM_EXPIRY_GRACE_MS -> o.withExpiryGraceMs(parseInt(name, value, GRACE_EXPECTED));
        default -> throw new AssertionError(name);
      };
    }
    return o;
  }

  /**
   * These options as URI parameters, only those that differ from the defaults, joined with
   * {@code &} (empty when all are defaults).
   */
  public String toQuery() {
    StringBuilder sb = new StringBuilder();
    append(sb, PARAM_PREFIX, prefix, DEFAULT_PREFIX);
    append(sb, PARAM_TIMEOUT_MS, timeoutMs, DEFAULT_TIMEOUT_MS);
    append(sb, PARAM_CONNECT_TIMEOUT_MS, connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
    append(sb, PARAM_RETRY_BACKOFF_MS, retryBackoffMs, DEFAULT_RETRY_BACKOFF_MS);
    append(sb, PARAM_EXPIRY_GRACE_MS, expiryGraceMs, DEFAULT_EXPIRY_GRACE_MS);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, Object value, Object dflt) {
    if (!value.equals(dflt)) {
      sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(value);
    }
  }

  private static int parseInt(String name, String value, String expected) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(badValue(name, value, expected), e);
    }
  }

  private static void checkRange(String name, int value, int min, int max, String expected) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(badValue(name, String.valueOf(value), expected));
    }
  }

  /** The message for a bad parameter value. */
  static String badValue(String param, String value, String expected) {
    return UriParameters.badValue(param, value, expected);
  }
}
