package dev.chatstore.sqlite;

import dev.chatstore.kv.UriParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code sqlite:} URI: where the database lives and how to open it.
 *
 * <h2>Grammar</h2>
 * <pre>
 *   sqlite-uri = "sqlite:" location [ "?" param *( "&amp;" param ) ]
 *   location   = PATH                 ; sqlite:data/chats, sqlite:/var/lib/bot/chats.db
 *              | "//" PATH            ; sqlite://path/to/db.sqlite   (PATH as written, relative)
 *                                     ; sqlite:///abs/path/db.sqlite (PATH is /abs/path/...;
 *                                     ;   on Windows sqlite:///C:/data/db.sqlite is C:/data/...)
 *   param      = name "=" value       ; see SqliteOptions for names, values and defaults
 * </pre>
 * <ul>
 *   <li>The scheme is matched without regard to case.</li>
 *   <li>{@code PATH} is a file-system path as {@link Path#of(String, String...)} reads it; a
 *       relative path is relative to the working directory. It is taken literally: no
 *       percent-decoding, spaces are allowed. It must not be empty and must not contain
 *       {@code ?} (that starts the parameters).</li>
 *   <li>When {@code PATH} ends in {@code .db}, {@code .sqlite} or {@code .sqlite3} (any case),
 *       or names an existing regular file, it is the database file itself; its parent directory
 *       is created when missing. (A name that is only such an ending, like the hidden directory
 *       {@code .db}, is a directory.) Otherwise {@code PATH} is a directory (created with its parents
 *       when missing) that holds the database file {@value #DEFAULT_FILE_NAME}.</li>
 *   <li>Parameters ({@link SqliteOptions#PARAMETERS}) are
 *       {@value SqliteOptions#PARAM_SYNCHRONOUS} ({@code NORMAL}|{@code FULL}, default
 *       {@code NORMAL}), {@value SqliteOptions#PARAM_READERS} ({@value SqliteOptions#MIN_READERS}
 *       to {@value SqliteOptions#MAX_READERS}, default {@value SqliteOptions#DEFAULT_READERS}) and
 *       {@value SqliteOptions#PARAM_BUSY_TIMEOUT_MS} (milliseconds, default
 *       {@value SqliteOptions#DEFAULT_BUSY_TIMEOUT_MS}). Names are case-sensitive; each may
 *       appear once; an empty parameter (as in a trailing {@code &}) is ignored.</li>
 * </ul>
 *
 * <h2>Examples</h2>
 * <pre>
 *   sqlite:data                          data/chatstore.db
 *   sqlite:/var/lib/bot                  /var/lib/bot/chatstore.db
 *   sqlite:bot.db                        bot.db
 *   sqlite://path/to/db.sqlite           path/to/db.sqlite
 *   sqlite:///srv/chat/store.sqlite3     /srv/chat/store.sqlite3
 *   sqlite:data?synchronous=FULL&amp;readers=8&amp;busyTimeoutMs=5000
 * </pre>
 *
 * <h2>Errors</h2>
 * Every error is an {@link IllegalArgumentException} whose message quotes the URI: an empty path
 * ("path must not be empty"), an unknown parameter (naming it and listing the known ones), a
 * parameter without {@code =}, a parameter given twice, or a bad value (naming the parameter, the
 * value and what is expected).
 *
 * @param uri the URI as given
 * @param location the path as written in the URI: a directory or a database file
 * @param options the SQLite settings the URI carries (defaults for those it omits)
 */
public record SqliteUri(String uri, Path location, SqliteOptions options) {
  /** The URI scheme, without the colon. */
  public static final String SCHEME = "sqlite";
  /** The name of the database file inside a directory location. */
  public static final String DEFAULT_FILE_NAME = "chatstore.db";
  /** File-name endings that make a location the database file itself (compared lower case). */
  public static final Set<String> FILE_EXTENSIONS = Set.of(".db", ".sqlite", ".sqlite3");
  /** The one-line grammar, as {@link SqliteKvStoreProvider#uriSyntax()} shows it. */
  public static final String SYNTAX = "sqlite:PATH[?synchronous=NORMAL|FULL&readers=1..64"
      + "&busyTimeoutMs=N] where PATH is a directory (holding " + DEFAULT_FILE_NAME
      + ") or a file ending in .db, .sqlite or .sqlite3; sqlite://relative/path and "
      + "sqlite:///absolute/path are accepted too";

  /** Checks the components. */
  public SqliteUri {
    if (uri == null || location == null || options == null) {
      throw new IllegalArgumentException("uri, location and options must not be null");
    }
  }

  /**
   * Parses a {@code sqlite:} URI.
   *
   * @param uri the whole URI, scheme included
   * @return the parsed URI
   * @throws IllegalArgumentException when the URI is malformed, naming the bad part
   */
  public static SqliteUri parse(String uri) {
    UriParameters.PathUri parts = UriParameters.parsePathUri(uri, SCHEME, SYNTAX);
    try {
      return new SqliteUri(uri, parts.path(), parseQuery(parts.query()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sqlite URI '" + uri + "' is invalid: " + e.getMessage(),
          e);
    }
  }

  private static SqliteOptions parseQuery(String query) {
    SqliteOptions o = SqliteOptions.defaults();
    for (Map.Entry<String, String> p
        : UriParameters.parse(query, SqliteOptions.PARAMETERS, v -> v).entrySet()) {
      String name = p.getKey();
      String value = p.getValue();
      o = switch (name) {
        case SqliteOptions.PARAM_SYNCHRONOUS ->
            o.withSynchronous(SqliteOptions.Synchronous.parse(value));
        case SqliteOptions.PARAM_READERS -> o.withReaders(UriParameters.intValue(name, value,
            SqliteOptions.MIN_READERS, SqliteOptions.MAX_READERS,
            SqliteOptions.READERS_EXPECTED));
        case SqliteOptions.PARAM_BUSY_TIMEOUT_MS -> o.withBusyTimeoutMs(UriParameters.intValue(
            name, value, 0, Integer.MAX_VALUE, SqliteOptions.BUSY_TIMEOUT_EXPECTED));
        default -> throw new AssertionError(name);
      };
    }
    return o;
  }

  /**
   * The database file of this URI's {@link #location()}: see {@link #databaseFile(Path)}.
   */
  public Path databaseFile() {
    return databaseFile(location);
  }

  /**
   * The database file a location names: the location itself when it ends in {@code .db},
   * {@code .sqlite} or {@code .sqlite3} (any case) or is an existing regular file, else
   * {@value #DEFAULT_FILE_NAME} inside the location (a directory). Nothing is created.
   *
   * @param location a directory or a database file
   * @return the database file, absolute and normalized
   */
  public static Path databaseFile(Path location) {
    Path abs = location.toAbsolutePath().normalize();
    return isDatabaseFile(abs) ? abs : abs.resolve(DEFAULT_FILE_NAME);
  }

  private static boolean isDatabaseFile(Path p) {
    Path fileName = p.getFileName();
    if (fileName == null) {
      return false; // the root directory
    }
    String name = fileName.toString().toLowerCase(Locale.ROOT);
    for (String ext : FILE_EXTENSIONS) {
      if (name.endsWith(ext) && name.length() > ext.length()) {
        return true;
      }
    }
    return Files.isRegularFile(p);
  }

  /** The canonical URI of a database file: {@code sqlite:} and the absolute path. */
  public static String canonical(Path databaseFile) {
    return SCHEME + ":" + databaseFile.toAbsolutePath().normalize();
  }
}
