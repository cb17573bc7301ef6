package dev.chatstore.rocksdb;

import dev.chatstore.kv.UriParameters;
import java.nio.file.Path;
import java.util.Map;

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
    UriParameters.PathUri parts = UriParameters.parsePathUri(uri, SCHEME, SYNTAX);
    try {
      return new RocksDbUri(uri, parts.path(), parseQuery(parts.query()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rocksdb URI '" + uri + "' is invalid: "
          + e.getMessage(), e);
    }
  }

  private static RocksDbOptions parseQuery(String query) {
    RocksDbOptions o = RocksDbOptions.defaults();
    for (Map.Entry<String, String> p
        : UriParameters.parse(query, RocksDbOptions.PARAMETERS, v -> v).entrySet()) {
      String name = p.getKey();
      String value = p.getValue();
      o = switch (name) {
        case RocksDbOptions.PARAM_SYNC -> o.withSync(UriParameters.booleanValue(name, value,
            RocksDbOptions.BOOLEAN_EXPECTED));
        case RocksDbOptions.PARAM_BLOCK_CACHE_MB -> o.withBlockCacheMb(UriParameters.intValue(
            name, value, 0, RocksDbOptions.MAX_BLOCK_CACHE_MB,
            RocksDbOptions.BLOCK_CACHE_EXPECTED));
        case RocksDbOptions.PARAM_WRITE_BUFFER_MB -> o.withWriteBufferMb(UriParameters.intValue(
            name, value, 1, RocksDbOptions.MAX_WRITE_BUFFER_MB,
            RocksDbOptions.WRITE_BUFFER_EXPECTED));
        case RocksDbOptions.PARAM_BLOOM_BITS_PER_KEY -> o.withBloomBitsPerKey(
            UriParameters.intValue(name, value, 0, RocksDbOptions.MAX_BLOOM_BITS_PER_KEY,
                RocksDbOptions.BLOOM_EXPECTED));
        case RocksDbOptions.PARAM_COMPRESSION ->
            o.withCompression(RocksDbOptions.Compression.parse(value));
        case RocksDbOptions.PARAM_BACKGROUND_JOBS -> o.withBackgroundJobs(UriParameters.intValue(
            name, value, 1, RocksDbOptions.MAX_BACKGROUND_JOBS,
            RocksDbOptions.BACKGROUND_JOBS_EXPECTED));
        default -> throw new AssertionError(name);
      };
    }
    return o;
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
