package dev.chatstore.rocksdb;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed {@code rocksdb:} URI: the directory of the RocksDB database and how to open it.
 * Instances are immutable and thread-safe.
 *
 * <h2>Grammar</h2>
 * <pre>
 *   rocksdb-uri = "rocksdb:" location [ "?" param *( "&amp;" param ) ]
 *   location    = PATH                 ; rocksdb:data/chats, rocksdb:/var/lib/bot/chats
 *               | "//" PATH            ; rocksdb://path/to/db      (PATH as written, relative)
 *                                      ; rocksdb:///abs/path/db    (PATH is /abs/path/db;
 *                                      ;   on Windows rocksdb:///C:/data/db is C:/data/db)
 *   param       = name "=" value       ; see RocksDbOptions for names, values and defaults
 * </pre>
 * <ul>
 *   <li>The scheme is matched without regard to case.</li>
 *   <li>{@code PATH} is the database DIRECTORY (RocksDB keeps many files: SSTs, the write-ahead
 *       log, {@code MANIFEST}, {@code LOCK}, {@code LOG}); it is created with its parents when
 *       missing. It is a file-system path as {@link Path#of(String, String...)} reads it,
 *       relative to the working directory unless absolute, taken literally (no
 *       percent-decoding; spaces are allowed). It must not be empty and must not contain
 *       {@code ?} (that starts the parameters).</li>
 *   <li>Parameters ({@link RocksDbOptions#PARAMETERS}) are {@value RocksDbOptions#PARAM_SYNC},
 *       {@value RocksDbOptions#PARAM_BLOCK_CACHE_MB},
 *       {@value RocksDbOptions#PARAM_WRITE_BUFFER_MB},
 *       {@value RocksDbOptions#PARAM_BLOOM_BITS_PER_KEY},
 *       {@value RocksDbOptions#PARAM_COMPRESSION} and
 *       {@value RocksDbOptions#PARAM_BACKGROUND_JOBS}; {@link RocksDbOptions} gives their values
 *       and defaults. Names are case-sensitive; each may appear once; an empty parameter (as in
 *       a trailing {@code &}) is ignored.</li>
 * </ul>
 *
 * <h2>Examples</h2>
 * <pre>
 *   rocksdb:data                          ./data/
 *   rocksdb:/var/lib/bot/chatdb           /var/lib/bot/chatdb/
 *   rocksdb://path/to/db                  ./path/to/db/
 *   rocksdb:///srv/chat/db                /srv/chat/db/
 *   rocksdb:data?sync=true&amp;blockCacheMb=512&amp;compression=lz4
 * </pre>
 *
 * <h2>Errors</h2>
 * Every error is an {@link IllegalArgumentException} whose message quotes the URI: an empty path
 * ("path must not be empty"), an unknown parameter (naming it and listing the known ones), a
 * parameter without {@code =}, a parameter given twice, or a bad value (naming the parameter, the
 * value and what is expected).
 *
 * @param uri the URI as given
 * @param directory the database directory as written in the URI
 * @param options the RocksDB settings the URI carries (defaults for those it omits)
 */
public record RocksDbUri(String uri, Path directory, RocksDbOptions options) {
  /** The URI scheme, without the colon. */
  public static final String SCHEME = "rocksdb";
  /** The one-line grammar, as {@link RocksDbKvStoreProvider#uriSyntax()} shows it. */
  public static final String SYNTAX = "rocksdb:PATH[?sync=true|false&blockCacheMb=N"
      + "&writeBufferMb=N&bloomBitsPerKey=N&compression=zstd|lz4|none&backgroundJobs=N] where "
      + "PATH is the database directory; rocksdb://relative/path and rocksdb:///absolute/path "
      + "are accepted too";

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when one is null
   */
  public RocksDbUri {
    if (uri == null || directory == null || options == null) {
      throw new IllegalArgumentException("uri, directory and options must not be null");
    }
  }

  /**
   * Parses a {@code rocksdb:} URI.
   *
   * @param uri the whole URI, scheme included
   * @return the parsed URI
   * @throws IllegalArgumentException when the URI is malformed, naming the bad part
   */
  public static RocksDbUri parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("rocksdb URI must not be null; expected " + SYNTAX);
    }
    String prefix = SCHEME + ":";
    if (!uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("'" + uri + "' is not a rocksdb URI; expected "
          + SYNTAX);
    }
    String rest = uri.substring(prefix.length());
    int q = rest.indexOf('?');
    String pathText = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    if (pathText.startsWith("//")) {
      pathText = pathText.substring(2); // rocksdb://rel/path and rocksdb:///abs/path
      if (File.separatorChar == '\\' && pathText.matches("/[A-Za-z]:.*")) {
        pathText = pathText.substring(1); // rocksdb:///C:/data/db on Windows
      }
    }
    if (pathText.isEmpty()) {
      throw new IllegalArgumentException("rocksdb URI '" + uri
          + "' is invalid: path must not be empty; expected " + SYNTAX);
    }
    Path directory;
    try {
      directory = Path.of(pathText);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("rocksdb URI '" + uri + "' is invalid: path '"
          + pathText + "' is not a valid path: " + e.getReason(), e);
    }
    try {
      return new RocksDbUri(uri, directory, parseQuery(query));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rocksdb URI '" + uri + "' is invalid: "
          + e.getMessage(), e);
    }
  }

  private static RocksDbOptions parseQuery(String query) {
    RocksDbOptions o = RocksDbOptions.defaults();
    if (query.isEmpty()) {
      return o;
    }
    Set<String> seen = new HashSet<>();
    for (String part : query.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("parameter '" + part
            + "' has no value; expected name=value");
      }
      String name = part.substring(0, eq);
      String value = part.substring(eq + 1);
      if (!RocksDbOptions.PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name
            + "'; known parameters are " + String.join(", ", RocksDbOptions.PARAMETERS));
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' is given more than once");
      }
      o = switch (name) {
        case RocksDbOptions.PARAM_SYNC -> o.withSync(parseBoolean(name, value));
        case RocksDbOptions.PARAM_BLOCK_CACHE_MB -> o.withBlockCacheMb(parseInt(name, value, 0,
            RocksDbOptions.MAX_BLOCK_CACHE_MB, RocksDbOptions.BLOCK_CACHE_EXPECTED));
        case RocksDbOptions.PARAM_WRITE_BUFFER_MB -> o.withWriteBufferMb(parseInt(name, value,
            1, RocksDbOptions.MAX_WRITE_BUFFER_MB, RocksDbOptions.WRITE_BUFFER_EXPECTED));
        case RocksDbOptions.PARAM_BLOOM_BITS_PER_KEY -> o.withBloomBitsPerKey(parseInt(name,
            value, 0, RocksDbOptions.MAX_BLOOM_BITS_PER_KEY, RocksDbOptions.BLOOM_EXPECTED));
        case RocksDbOptions.PARAM_COMPRESSION ->
            o.withCompression(RocksDbOptions.Compression.parse(value));
        case RocksDbOptions.PARAM_BACKGROUND_JOBS -> o.withBackgroundJobs(parseInt(name, value,
            1, RocksDbOptions.MAX_BACKGROUND_JOBS, RocksDbOptions.BACKGROUND_JOBS_EXPECTED));
        default -> throw new AssertionError(name);
      };
    }
    return o;
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(RocksDbOptions.badValue(name, value,
          RocksDbOptions.BOOLEAN_EXPECTED));
    };
  }

  private static int parseInt(String name, String value, int min, int max, String expected) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(RocksDbOptions.badValue(name, value, expected), e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(RocksDbOptions.badValue(name, value, expected));
    }
    return n;
  }

  /**
   * The canonical URI of a database directory: {@code rocksdb:} and the absolute, normalized
   * path, without parameters. It is the store's {@link RocksDbKvStore#name() name}.
   *
   * @param directory the database directory
   * @return the canonical URI
   */
  public static String canonical(Path directory) {
    return SCHEME + ":" + directory.toAbsolutePath().normalize();
  }
}
