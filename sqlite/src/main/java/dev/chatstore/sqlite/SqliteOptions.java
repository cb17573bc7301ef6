package dev.chatstore.sqlite;

import dev.chatstore.kv.UriParameters;
import java.util.List;

/**
 * How a {@link SqliteKvStore} uses SQLite: the settings that the {@code sqlite:} URI can carry.
 * Settings that are not SQLite-specific (clock, write queue, group size, sweep interval) live in
 * {@link dev.chatstore.kv.StoreOptions}.
 *
 * <h2>URI parameters</h2>
 * The URI grammar is described in full on {@link SqliteUri}; in short
 * {@code sqlite:PATH[?name=value&...]}. Each parameter has a constant for its name and one for
 * its default:
 * <table>
 *   <caption>Parameters of a {@code sqlite:} URI</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PARAM_SYNCHRONOUS}</td><td>{@code NORMAL} | {@code FULL}
 *       (case-insensitive)</td><td>{@code NORMAL} ({@link #DEFAULT_SYNCHRONOUS})</td>
 *       <td>SQLite's {@code PRAGMA synchronous} on the writer connection. With the WAL journal,
 *       {@code NORMAL} makes every acknowledged write survive a crash of the process; a power
 *       loss or OS crash may lose the last transactions (never corrupting the file).
 *       {@code FULL} syncs the WAL on every commit, so acknowledged writes survive a power loss
 *       too, at the cost of one fsync per group commit.</td></tr>
 *   <tr><td>{@value #PARAM_READERS}</td><td>{@value #MIN_READERS} to
 *       {@value #MAX_READERS}</td><td>{@value #DEFAULT_READERS}</td>
 *       <td>How many read connections the store keeps open. At most this many reads run at the
 *       same time; further readers wait for a free connection.</td></tr>
 *   <tr><td>{@value #PARAM_BUSY_TIMEOUT_MS}</td><td>0 to {@value Integer#MAX_VALUE}</td>
 *       <td>{@value #DEFAULT_BUSY_TIMEOUT_MS}</td>
 *       <td>SQLite's {@code busy_timeout} in milliseconds: how long a connection waits for a
 *       lock held by another connection (another process or another store on the same file)
 *       before failing. {@code 0} fails at once, which is only sensible when the file is never
 *       shared.</td></tr>
 * </table>
 *
 * @param synchronous the {@code PRAGMA synchronous} level of the writer connection
 * @param readers the number of pooled read connections, {@value #MIN_READERS} to
 *     {@value #MAX_READERS}
 * @param busyTimeoutMs how long to wait for a lock held by another connection, in milliseconds,
 *     at least 0
 */
public record SqliteOptions(Synchronous synchronous, int readers, int busyTimeoutMs) {
  /** Name of the URI parameter for {@link #synchronous()}. */
  public static final String PARAM_SYNCHRONOUS = "synchronous";
  /** Name of the URI parameter for {@link #readers()}. */
  public static final String PARAM_READERS = "readers";
  /** Name of the URI parameter for {@link #busyTimeoutMs()}. */
  public static final String PARAM_BUSY_TIMEOUT_MS = "busyTimeoutMs";
  /** Every URI parameter name, in the order they are documented. */
  public static final List<String> PARAMETERS =
      List.of(PARAM_SYNCHRONOUS, PARAM_READERS, PARAM_BUSY_TIMEOUT_MS);

  /** Default of {@link #synchronous()}: {@link Synchronous#NORMAL}. */
  public static final Synchronous DEFAULT_SYNCHRONOUS = Synchronous.NORMAL;
  /** Default of {@link #readers()}. */
  public static final int DEFAULT_READERS = 4;
  /** Smallest allowed {@link #readers()}. */
  public static final int MIN_READERS = 1;
  /** Largest allowed {@link #readers()}. */
  public static final int MAX_READERS = 64;
  /** Default of {@link #busyTimeoutMs()}: 30 seconds. */
  public static final int DEFAULT_BUSY_TIMEOUT_MS = 30_000;

  /** What {@link #PARAM_READERS} expects, for messages. */
  static final String READERS_EXPECTED =
      "an integer from " + MIN_READERS + " to " + MAX_READERS;
  /** What {@link #PARAM_BUSY_TIMEOUT_MS} expects, for messages. */
  static final String BUSY_TIMEOUT_EXPECTED =
      "an integer from 0 to " + Integer.MAX_VALUE + " (milliseconds)";

  private static final SqliteOptions DEFAULTS =
      new SqliteOptions(DEFAULT_SYNCHRONOUS, DEFAULT_READERS, DEFAULT_BUSY_TIMEOUT_MS);

  /** The levels of SQLite's {@code PRAGMA synchronous} that chatstore offers. */
  public enum Synchronous {
    /** {@code PRAGMA synchronous=NORMAL} (1): durable against process crashes. */
    NORMAL(1),
    /** {@code PRAGMA synchronous=FULL} (2): durable against power loss as well. */
    FULL(2);

    private final int pragmaValue;

    Synchronous(int pragmaValue) {
      this.pragmaValue = pragmaValue;
    }

    /** The number {@code PRAGMA synchronous} reads back for this level. */
    public int pragmaValue() {
      return pragmaValue;
    }

    /**
     * The level named {@code text}, ignoring case.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is expected
     */
    public static Synchronous parse(String text) {
      for (Synchronous s : values()) {
        if (s.name().equalsIgnoreCase(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException(badValue(PARAM_SYNCHRONOUS, text, "NORMAL or FULL"));
    }
  }

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting, its value and what is expected
   */
  public SqliteOptions {
    if (synchronous == null) {
      throw new IllegalArgumentException(badValue(PARAM_SYNCHRONOUS, "null", "NORMAL or FULL"));
    }
    if (readers < MIN_READERS || readers > MAX_READERS) {
      throw new IllegalArgumentException(badValue(PARAM_READERS, String.valueOf(readers),
          READERS_EXPECTED));
    }
    if (busyTimeoutMs < 0) {
      throw new IllegalArgumentException(badValue(PARAM_BUSY_TIMEOUT_MS,
          String.valueOf(busyTimeoutMs), BUSY_TIMEOUT_EXPECTED));
    }
  }

  /** The defaults: {@code synchronous=NORMAL}, 4 readers, 30 s busy timeout. */
  public static SqliteOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with another {@link #synchronous()} level.
   *
   * @param level the {@code PRAGMA synchronous} level
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public SqliteOptions withSynchronous(Synchronous level) {
    return new SqliteOptions(level, readers, busyTimeoutMs);
  }

  /**
   * These options with another number of read connections.
   *
   * @param count the number of read connections
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public SqliteOptions withReaders(int count) {
    return new SqliteOptions(synchronous, count, busyTimeoutMs);
  }

  /**
   * These options with another busy timeout, in milliseconds.
   *
   * @param millis the busy timeout in milliseconds
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public SqliteOptions withBusyTimeoutMs(int millis) {
    return new SqliteOptions(synchronous, readers, millis);
  }

  /**
   * These options as URI parameters, only those that differ from the defaults, joined with
   * {@code &} (empty when all are defaults).
   */
  public String toQuery() {
    StringBuilder sb = new StringBuilder();
    if (synchronous != DEFAULT_SYNCHRONOUS) {
      sb.append(PARAM_SYNCHRONOUS).append('=').append(synchronous.name());
    }
    if (readers != DEFAULT_READERS) {
      sb.append(sb.isEmpty() ? "" : "&").append(PARAM_READERS).append('=').append(readers);
    }
    if (busyTimeoutMs != DEFAULT_BUSY_TIMEOUT_MS) {
      sb.append(sb.isEmpty() ? "" : "&").append(PARAM_BUSY_TIMEOUT_MS).append('=')
          .append(busyTimeoutMs);
    }
    return sb.toString();
  }

  /** The message for a bad parameter value. */
  static String badValue(String param, String value, String expected) {
    return UriParameters.badValue(param, value, expected);
  }
}
