package dev.chatstore.postgres;

import dev.chatstore.kv.UriParameters;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code postgresql://} URI: which server, which database and table, and how to use
 * them.
 *
 * <h2>Grammar</h2>
 * <pre>
 *   postgres-uri = scheme "://" [ userinfo "@" ] host [ ":" port ] "/" database
 *                  [ "?" param *( "&amp;" param ) ]
 *   scheme       = "postgresql" | "postgres"        ; any case; "postgres" is an alias
 *   userinfo     = user [ ":" password ]            ; percent-encoded
 *   host         = name | IPv4 | "[" IPv6 "]"
 *   port         = 1..65535                         ; default 5432
 *   database     = 1*char                           ; percent-encoded
 *   param        = name "=" value                   ; value percent-encoded; see PostgresOptions
 * </pre>
 * <ul>
 *   <li>{@code user}, {@code password} and {@code database} are percent-decoded as UTF-8, so a
 *       password holding {@code @}, {@code :}, {@code /} or {@code ?} is written
 *       {@code %40}, {@code %3A}, {@code %2F}, {@code %3F}. Without a user, pgjdbc's default
 *       applies (the name of the operating-system user); without a password, none is sent
 *       (trust, peer or certificate authentication, or a {@code .pgpass} file).</li>
 *   <li>Parameters ({@link PostgresOptions#PARAMETERS}, each documented with its default on
 *       {@link PostgresOptions}) are {@value PostgresOptions#PARAM_TABLE} (default
 *       {@value PostgresOptions#DEFAULT_TABLE}), {@value PostgresOptions#PARAM_POOL_SIZE}
 *       ({@value PostgresOptions#DEFAULT_POOL_SIZE}), {@value
 *       PostgresOptions#PARAM_CONNECT_TIMEOUT_MS} ({@value
 *       PostgresOptions#DEFAULT_CONNECT_TIMEOUT_MS}), {@value
 *       PostgresOptions#PARAM_SOCKET_TIMEOUT_MS} ({@value
 *       PostgresOptions#DEFAULT_SOCKET_TIMEOUT_MS}), {@value
 *       PostgresOptions#PARAM_RETRY_TIMEOUT_MS} ({@value
 *       PostgresOptions#DEFAULT_RETRY_TIMEOUT_MS}), {@value
 *       PostgresOptions#PARAM_RETRY_BACKOFF_MS} ({@value
 *       PostgresOptions#DEFAULT_RETRY_BACKOFF_MS}) and {@value PostgresOptions#PARAM_SSL_MODE}
 *       ({@value PostgresOptions#DEFAULT_SSL_MODE}). Names are case-sensitive; each may appear
 *       once; an empty parameter (as in a trailing {@code &}) is ignored.</li>
 * </ul>
 *
 * <h2>Examples</h2>
 * <pre>
 *   postgresql://localhost/chat                         user from the OS, port 5432
 *   postgresql://bot:s3cret@db.internal:6432/chat?table=bot_kv&amp;poolSize=16
 *   postgres://postgres@127.0.0.1/test                  the alias scheme
 *   postgresql://app@[::1]:5433/chat?sslmode=require
 * </pre>
 *
 * <h2>Errors</h2>
 * Every error is an {@link IllegalArgumentException} whose message quotes the URI with its
 * password hidden and says what is wrong and what was expected: "host must not be empty",
 * "database must not be empty", a bad port, a malformed percent escape, an unknown parameter
 * (listing the known ones), a parameter given twice or without {@code =}, or a bad value
 * (naming the parameter, the value and what is expected).
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param user the user name, or {@code null} for pgjdbc's default
 * @param password the password, or {@code null} for none
 * @param host the host name or address (an IPv6 address without brackets)
 * @param port the TCP port
 * @param database the database name
 * @param options the parameters (defaults for those the URI omits)
 */
public record PostgresUri(String user, String password, String host, int port, String database,
    PostgresOptions options) {
  /** The URI scheme, without the colon. */
  public static final String SCHEME = "postgresql";
  /** The alias scheme, accepted as well. */
  public static final String ALIAS_SCHEME = "postgres";
  /** The port when the URI names none. */
  public static final int DEFAULT_PORT = 5432;
  /** The one-line grammar, as the providers' {@code uriSyntax()} shows it. */
  public static final String SYNTAX = "postgresql://[user[:password]@]host[:port]/database"
      + "[?table=chatstore_kv&poolSize=8&connectTimeoutMs=3000&socketTimeoutMs=60000"
      + "&retryTimeoutMs=10000&retryBackoffMs=100&sslmode=prefer] (postgres:// is an alias;"
      + " user, password and database percent-encoded)";

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when host or database is empty, the port is out of range
   *     or options is null
   */
  public PostgresUri {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty; expected " + SYNTAX);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is out of range; expected an integer"
          + " from 1 to 65535");
    }
    if (database == null || database.isEmpty()) {
      throw new IllegalArgumentException("database must not be empty; expected " + SYNTAX);
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
  }

  /**
   * Parses a {@code postgresql://} (or {@code postgres://}) URI.
   *
   * @param uri the whole URI, scheme included
   * @return the parsed URI
   * @throws IllegalArgumentException when the URI is malformed, naming the bad part
   */
  public static PostgresUri parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("postgresql URI must not be null; expected " + SYNTAX);
    }
    String shown = hidePassword(uri);
    int sep = uri.indexOf("://");
    String scheme = sep < 0 ? "" : uri.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals(SCHEME) && !scheme.equals(ALIAS_SCHEME)) {
      throw new IllegalArgumentException("'" + shown + "' is not a postgresql URI; expected "
          + SYNTAX);
    }
    try {
      return parseRest(uri.substring(sep + 3));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("postgresql URI '" + shown + "' is invalid: "
          + e.getMessage(), e);
    }
  }

  private static PostgresUri parseRest(String rest) {
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String beforeQuery = q < 0 ? rest : rest.substring(0, q);
    int slash = beforeQuery.indexOf('/');
    String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String databaseText = slash < 0 ? "" : beforeQuery.substring(slash + 1);

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    String hostPort = authority;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      hostPort = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String userText = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (userText.isEmpty()) {
        throw new IllegalArgumentException("user must not be empty when '@' is given; expected"
            + " user[:password]@host");
      }
      user = decode(userText, "user");
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
    }

    UriParameters.HostPort hp = UriParameters.hostPort(hostPort);
    String host = hp.host();
    String portText = hp.port();
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (host.indexOf('%') >= 0 || host.indexOf(':') >= 0 && !hp.bracketed()) {
      throw new IllegalArgumentException("host '" + host + "' is not a host name or address"
          + " (write an IPv6 address in brackets)");
    }
    int port = portText == null ? DEFAULT_PORT : parsePort(portText);
    if (slash < 0 || databaseText.isEmpty()) {
      throw new IllegalArgumentException("database must not be empty; expected host/database");
    }
    String database = decode(databaseText, "database");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database must not be empty");
    }
    return new PostgresUri(user, password, host, port, database, parseQuery(query));
  }

  private static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + text + "' is not a number; expected an"
          + " integer from 1 to 65535", e);
    }
    if (port < 1 || port > 65_535 || text.startsWith("+")) {
      throw new IllegalArgumentException("port '" + text + "' is out of range; expected an"
          + " integer from 1 to 65535");
    }
    return port;
  }

  private static PostgresOptions parseQuery(String query) {
    PostgresOptions o = PostgresOptions.defaults();
    Map<String, String> params = UriParameters.parse(query, PostgresOptions.PARAMETERS, v -> v);
    for (Map.Entry<String, String> p : params.entrySet()) {
      String name = p.getKey();
      String value = decode(p.getValue(), "parameter '" + name + "'");
      o = switch (name) {
        case PostgresOptions.PARAM_TABLE -> o.withTable(value);
        case PostgresOptions.PARAM_POOL_SIZE -> o.withPoolSize(parseInt(name, value,
            PostgresOptions.MIN_POOL_SIZE, PostgresOptions.MAX_POOL_SIZE));
        case PostgresOptions.PARAM_CONNECT_TIMEOUT_MS -> o.withConnectTimeoutMs(parseInt(name,
            value, PostgresOptions.MIN_CONNECT_TIMEOUT_MS, PostgresOptions.MAX_TIMEOUT_MS));
        case PostgresOptions.PARAM_SOCKET_TIMEOUT_MS -> o.withSocketTimeoutMs(parseInt(name,
            value, 0, PostgresOptions.MAX_TIMEOUT_MS));
        case PostgresOptions.PARAM_RETRY_TIMEOUT_MS -> o.withRetryTimeoutMs(parseInt(name, value,
            0, PostgresOptions.MAX_TIMEOUT_MS));
        case PostgresOptions.PARAM_RETRY_BACKOFF_MS -> o.withRetryBackoffMs(parseInt(name, value,
            1, PostgresOptions.MAX_BACKOFF_MS));
        case PostgresOptions.PARAM_SSL_MODE -> o.withSslMode(value);
        default -> throw new AssertionError(name);
      };
    }
    return o;
  }

  private static int parseInt(String name, String value, int min, int max) {
    return UriParameters.intValue(name, value, min, max, PostgresOptions.rangeExpected(min, max));
  }

  /** Percent-decodes {@code text} as UTF-8 ({@code +} stays a plus sign). */
  static String decode(String text, String what) {
    return UriParameters.percentDecode(text, what);
  }

  /** {@code uri} with the password of its userinfo replaced by {@code ***}, for messages. */
  static String hidePassword(String uri) {
    int sep = uri.indexOf("://");
    if (sep < 0) {
      return uri;
    }
    int start = sep + 3;
    int end = uri.length();
    for (int i = start; i < uri.length(); i++) {
      if (uri.charAt(i) == '/' || uri.charAt(i) == '?') {
        end = i;
        break;
      }
    }
    int at = uri.lastIndexOf('@', end - 1);
    if (at < start) {
      return uri;
    }
    int colon = uri.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return uri;
    }
    return uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

  /** The JDBC URL of the server and database (no credentials, no parameters). */
  public String jdbcUrl() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + encodePath(database);
  }

  private static String encodePath(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * The store's name for messages: {@code postgresql://[user@]host:port/database?table=T},
   * without the password.
   */
  public String displayName() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return SCHEME + "://" + (user == null ? "" : user + "@") + h + ":" + port + "/" + database
        + "?" + PostgresOptions.PARAM_TABLE + "=" + options.table();
  }

  /** The URI without its password; never shows it. */
  @Override
  public String toString() {
    return "PostgresUri[" + displayName() + (password == null ? "" : ", password=***")
        + (options.toQuery().isEmpty() ? "" : ", " + options.toQuery()) + "]";
  }
}
