package dev.chatstore.redis;

import dev.chatstore.kv.UriParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code redis://} or {@code redis-cluster://} URI: which server (or which cluster), how
 * to authenticate, and how the store uses it. Immutable; {@link #toString()} never shows the
 * password.
 *
 * <h2>Grammar</h2>
 * <pre>
 *   redis-uri   = "redis://" [ userinfo "@" ] node [ "/" [ db ] ] [ "?" param *( "&amp;" param ) ]
 *   cluster-uri = "redis-cluster://" [ userinfo "@" ] node *( "," node )
 *                 [ "?" param *( "&amp;" param ) ]
 *   userinfo    = [ user ] ":" password        ; percent-encoded; redis://:secret@host
 *   node        = host [ ":" port ]            ; port 1..65535, default 6379
 *   host        = name | IPv4 | "[" IPv6 "]"
 *   db          = 0..2147483647                ; default 0; standalone only
 *   param       = name "=" value               ; see RedisOptions: prefix, timeoutMs, ...
 * </pre>
 * <ul>
 *   <li>Schemes are matched without regard to case.</li>
 *   <li>{@code user} and {@code password} are percent-decoded as UTF-8, so a password holding
 *       {@code @}, {@code :}, {@code /}, {@code ?} or {@code %} is written {@code %40},
 *       {@code %3A}, {@code %2F}, {@code %3F}, {@code %25}. Without a user, Redis's
 *       {@code default} user (or the legacy {@code requirepass}) applies.</li>
 *   <li>A cluster URI names one or more seed nodes; the client discovers the others. A cluster
 *       has only database 0, so a cluster URI takes no {@code /db}.</li>
 *   <li>Parameters ({@link RedisOptions#PARAMETERS}, each documented with its default on
 *       {@link RedisOptions}) are {@value RedisOptions#PARAM_PREFIX} (default
 *       {@value RedisOptions#DEFAULT_PREFIX}), {@value RedisOptions#PARAM_TIMEOUT_MS}
 *       ({@value RedisOptions#DEFAULT_TIMEOUT_MS}), {@value RedisOptions#PARAM_CONNECT_TIMEOUT_MS}
 *       ({@value RedisOptions#DEFAULT_CONNECT_TIMEOUT_MS}),
 *       {@value RedisOptions#PARAM_RETRY_BACKOFF_MS}
 *       ({@value RedisOptions#DEFAULT_RETRY_BACKOFF_MS}) and
 *       {@value RedisOptions#PARAM_EXPIRY_GRACE_MS}
 *       ({@value RedisOptions#DEFAULT_EXPIRY_GRACE_MS}). Names are case-sensitive; each may
 *       appear once; an empty parameter (as in a trailing {@code &}) is ignored.</li>
 * </ul>
 *
 * <h2>Examples</h2>
 * <pre>
 *   redis://localhost                                  port 6379, database 0
 *   redis://:s3cret@10.0.0.5:6380/2?prefix=bot1        password only, database 2
 *   redis://app:s3cret@[::1]:6379?timeoutMs=3000       ACL user and password, IPv6
 *   redis-cluster://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000?prefix=chat
 * </pre>
 *
 * <h2>Errors</h2>
 * Every error is an {@link IllegalArgumentException} whose message quotes the URI with its
 * password hidden and says what is wrong and what was expected: "host must not be empty", a bad
 * port or database, a user without {@code :password}, a malformed percent escape, a database in a
 * cluster URI, an unknown parameter (listing the known ones), a parameter given twice or without
 * {@code =}, or a bad value (naming the parameter, the value and what is expected).
 *
 * @param cluster whether the URI names a Redis Cluster ({@code redis-cluster://})
 * @param user the ACL user name, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param nodes the server (standalone: exactly one) or the cluster's seed nodes (one or more)
 * @param database the database number (always 0 for a cluster)
 * @param options the parameters (defaults for those the URI omits)
 */
public record RedisUri(boolean cluster, String user, String password, List<RedisNode> nodes,
    int database, RedisOptions options) {
  /** The scheme of a standalone server, without the colon. */
  public static final String SCHEME = "redis";
  /** The scheme of a Redis Cluster, without the colon. */
  public static final String CLUSTER_SCHEME = "redis-cluster";
  /** The port of a node that names none. */
  public static final int DEFAULT_PORT = 6379;
  /** The database of a standalone URI that names none. */
  public static final int DEFAULT_DATABASE = 0;
  /** The one-line grammar of {@code redis://}, as the provider's {@code uriSyntax()} shows it. */
  public static final String SYNTAX = "redis://[[user]:password@]host[:port][/db]"
      + "[?prefix=chatstore&timeoutMs=10000&connectTimeoutMs=2000&retryBackoffMs=25"
      + "&expiryGraceMs=1000] (user and password percent-encoded)";
  /** The one-line grammar of {@code redis-cluster://}. */
  public static final String CLUSTER_SYNTAX = "redis-cluster://[[user]:password@]host[:port]"
      + "[,host[:port]...][?prefix=chatstore&timeoutMs=10000&connectTimeoutMs=2000"
      + "&retryBackoffMs=25&expiryGraceMs=1000] (user and password percent-encoded)";

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when there is no node, a standalone URI has several, a
   *     cluster URI has a database, the database is negative or an argument is null
   */
  public RedisUri {
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty; expected "
          + (cluster ? CLUSTER_SYNTAX : SYNTAX));
    }
    nodes = List.copyOf(nodes);
    if (!cluster && nodes.size() != 1) {
      throw new IllegalArgumentException("a redis URI names exactly one server, got " + nodes
          + "; use redis-cluster:// for several nodes");
    }
    if (database < 0) {
      throw new IllegalArgumentException("database " + database + " is negative; expected an"
          + " integer from 0 to " + Integer.MAX_VALUE);
    }
    if (cluster && database != 0) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0, got database "
          + database);
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
  }

  /**
   * Parses a {@code redis://} or {@code redis-cluster://} URI.
   *
   * @param uri the whole URI, scheme included
   * @return the parsed URI
   * @throws IllegalArgumentException when the URI is malformed, naming the bad part
   */
  public static RedisUri parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("redis URI must not be null; expected " + SYNTAX);
    }
    boolean cluster;
    String rest;
    if (uri.regionMatches(true, 0, CLUSTER_SCHEME + "://", 0, CLUSTER_SCHEME.length() + 3)) {
      cluster = true;
      rest = uri.substring(CLUSTER_SCHEME.length() + 3);
    } else if (uri.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3)) {
      cluster = false;
      rest = uri.substring(SCHEME.length() + 3);
    } else {
      throw new IllegalArgumentException("'" + hidePassword(uri) + "' is not a redis URI;"
          + " expected " + SYNTAX + " or " + CLUSTER_SYNTAX);
    }
    String syntax = cluster ? CLUSTER_SYNTAX : SYNTAX;
    String shown = hidePassword(uri);
    try {
      int q = rest.indexOf('?');
      String query = q < 0 ? "" : rest.substring(q + 1);
      String beforeQuery = q < 0 ? rest : rest.substring(0, q);
      int slash = beforeQuery.indexOf('/');
      String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
      String path = slash < 0 ? null : beforeQuery.substring(slash + 1);
      String user = null;
      String password = null;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String userinfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
        int colon = userinfo.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("user '" + userinfo + "' has no ':password';"
              + " expected [user]:password before '@' (redis://:password@host for a password"
              + " alone)");
        }
        String u = decode(userinfo.substring(0, colon), "user");
        user = u.isEmpty() ? null : u;
        password = decode(userinfo.substring(colon + 1), "password");
      }
      List<RedisNode> nodes = new ArrayList<>();
      if (authority.isEmpty()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      for (String node : authority.split(",", -1)) {
        if (!cluster && !nodes.isEmpty()) {
          throw new IllegalArgumentException("a redis URI names exactly one server; use "
              + CLUSTER_SCHEME + ":// for several nodes");
        }
        nodes.add(parseNode(node));
      }
      int database = DEFAULT_DATABASE;
      if (path != null && !path.isEmpty()) {
        if (cluster) {
          throw new IllegalArgumentException("a Redis Cluster has only database 0, so a "
              + CLUSTER_SCHEME + " URI takes no '/" + path + "'");
        }
        database = parseDatabase(path);
      }
      return new RedisUri(cluster, user, password, nodes, database,
          RedisOptions.parseQuery(query));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((cluster ? "redis-cluster" : "redis") + " URI '"
          + shown + "' is invalid: " + e.getMessage() + "; expected " + syntax, e);
    }
  }

  private static RedisNode parseNode(String text) {
    UriParameters.HostPort hp = UriParameters.hostPort(text);
    String host = hp.host();
    String portText = hp.port();
    if (!hp.bracketed() && host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("host '" + host + "' is not a host name or address"
          + " (write an IPv6 address in brackets)");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    int port = DEFAULT_PORT;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port '" + portText + "' of host " + host
            + " is not a number; expected an integer from 1 to 65535", e);
      }
    }
    return new RedisNode(host, port);
  }

  private static int parseDatabase(String text) {
    if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("database '" + text + "' is not a number; expected an"
          + " integer from 0 to " + Integer.MAX_VALUE);
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("database '" + text + "' is out of range; expected an"
          + " integer from 0 to " + Integer.MAX_VALUE, e);
    }
  }

  /** The URI with scheme and options, without the password, such as {@code redis://h:6379/0}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(cluster ? CLUSTER_SCHEME : SCHEME).append("://");
    if (user != null || password != null) {
      sb.append(user == null ? "" : encode(user)).append(password == null ? "" : ":***")
          .append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    if (!cluster) {
      sb.append('/').append(database);
    }
    String q = options.toQuery();
    return q.isEmpty() ? sb.toString() : sb.append('?').append(q).toString();
  }

  /** The scheme of this URI: {@link #SCHEME} or {@link #CLUSTER_SCHEME}. */
  public String scheme() {
    return cluster ? CLUSTER_SCHEME : SCHEME;
  }

  /**
   * This URI with other options.
   *
   * @param o the options
   * @return a new URI
   */
  public RedisUri withOptions(RedisOptions o) {
    return new RedisUri(cluster, user, password, nodes, database, o);
  }

  /** {@code uri} with the password of its userinfo replaced by {@code ***}, for messages. */
  static String hidePassword(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int end = uri.length();
    for (char c : new char[] {'/', '?'}) {
      int i = uri.indexOf(c, scheme + 3);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = uri.lastIndexOf('@', end - 1);
    if (at < scheme) {
      return uri;
    }
    int colon = uri.indexOf(':', scheme + 3);
    if (colon < 0 || colon > at) {
      return uri;
    }
    return uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

  private static String decode(String text, String what) {
    return UriParameters.percentDecode(text, "the " + what);
  }

  private static String encode(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }
}
