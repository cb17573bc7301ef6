package dev.chatstore.rocksdb;

import dev.chatstore.kv.UriParameters;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link RocksDbKvStore} uses RocksDB: the settings that the {@code rocksdb:} URI can
 * carry. Settings that are not RocksDB-specific (clock, write queue, group size, sweep interval)
 * live in {@link dev.chatstore.kv.StoreOptions}. Instances are immutable and thread-safe.
 *
 * <h2>URI parameters</h2>
 * The URI grammar is described in full on {@link RocksDbUri}; in short
 * {@code rocksdb:PATH[?name=value&...]}. Each parameter has a constant for its name and one for
 * its default:
 * <table>
 *   <caption>Parameters of a {@code rocksdb:} URI</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PARAM_SYNC}</td><td>{@code true} | {@code false} (case-insensitive)</td>
 *       <td>{@code false} ({@link #DEFAULT_SYNC})</td>
 *       <td>RocksDB's {@code WriteOptions.sync} for every group commit. With {@code false}
 *       every acknowledged write has been written to the write-ahead log (handed to the
 *       operating system) before the call returns, so it survives a crash of the process; a
 *       power loss or OS crash may lose the last commits (never corrupting the database). This
 *       is the standard of SQLite's {@code synchronous=NORMAL} and of spec 004's
 *       {@code write_sync = false}. With {@code true} the log is fsynced on every group commit,
 *       so acknowledged writes survive a power loss too, at the cost of one fsync per
 *       commit.</td></tr>
 *   <tr><td>{@value #PARAM_BLOCK_CACHE_MB}</td><td>0 to {@value #MAX_BLOCK_CACHE_MB}</td>
 *       <td>{@value #DEFAULT_BLOCK_CACHE_MB}</td>
 *       <td>Size of the LRU block cache shared by the column families, in MiB. It also holds the
 *       SST files' index and filter partitions (4 KiB each, half of the cache reserved for them;
 *       the small top-level index of each open file is pinned), so even a database much larger
 *       than the cache keeps the part of the index its reads use: see {@link RocksDbKvStore}.
 *       {@code 0} runs without a block cache: every data block read goes to the operating
 *       system's page cache, and each open SST file's whole index and filter stay in memory
 *       outside any cache.</td></tr>
 *   <tr><td>{@value #PARAM_WRITE_BUFFER_MB}</td><td>1 to {@value #MAX_WRITE_BUFFER_MB}</td>
 *       <td>{@value #DEFAULT_WRITE_BUFFER_MB}</td>
 *       <td>Size of one memtable of the data column family, in MiB ({@code write_buffer_size});
 *       at most two exist at once. Larger memtables mean fewer, larger flushes.</td></tr>
 *   <tr><td>{@value #PARAM_BLOOM_BITS_PER_KEY}</td><td>0 to {@value #MAX_BLOOM_BITS_PER_KEY}</td>
 *       <td>{@value #DEFAULT_BLOOM_BITS_PER_KEY}</td>
 *       <td>Bits per key of the whole-key Bloom filter of every SST file and of the memtable of
 *       the data column family (10 bits: about 1% false positives, as in spec 004). {@code 0}
 *       turns the filters off.</td></tr>
 *   <tr><td>{@value #PARAM_COMPRESSION}</td><td>{@code zstd} | {@code lz4} | {@code none}
 *       (case-insensitive)</td><td>{@code zstd} ({@link #DEFAULT_COMPRESSION})</td>
 *       <td>Block compression; see {@link Compression}.</td></tr>
 *   <tr><td>{@value #PARAM_BACKGROUND_JOBS}</td><td>1 to {@value #MAX_BACKGROUND_JOBS}</td>
 *       <td>{@value #DEFAULT_BACKGROUND_JOBS}</td>
 *       <td>RocksDB's {@code max_background_jobs}: how many flushes and compactions may run at
 *       once.</td></tr>
 * </table>
 *
 * @param sync whether every group commit fsyncs the write-ahead log
 * @param blockCacheMb the block cache in MiB, 0 for none
 * @param writeBufferMb the memtable size in MiB, at least 1
 * @param bloomBitsPerKey bits per key of the Bloom filters, 0 for none
 * @param compression the block compression
 * @param backgroundJobs the most flushes and compactions at once, at least 1
 */
public record RocksDbOptions(boolean sync, int blockCacheMb, int writeBufferMb,
    int bloomBitsPerKey, Compression compression, int backgroundJobs) {
  /** Name of the URI parameter for {@link #sync()}. */
  public static final String PARAM_SYNC = "sync";
  /** Name of the URI parameter for {@link #blockCacheMb()}. */
  public static final String PARAM_BLOCK_CACHE_MB = "blockCacheMb";
  /** Name of the URI parameter for {@link #writeBufferMb()}. */
  public static final String PARAM_WRITE_BUFFER_MB = "writeBufferMb";
  /** Name of the URI parameter for {@link #bloomBitsPerKey()}. */
  public static final String PARAM_BLOOM_BITS_PER_KEY = "bloomBitsPerKey";
  /** Name of the URI parameter for {@link #compression()}. */
  public static final String PARAM_COMPRESSION = "compression";
  /** Name of the URI parameter for {@link #backgroundJobs()}. */
  public static final String PARAM_BACKGROUND_JOBS = "backgroundJobs";
  /** Every URI parameter name, in the order they are documented. */
  public static final List<String> PARAMETERS = List.of(PARAM_SYNC, PARAM_BLOCK_CACHE_MB,
      PARAM_WRITE_BUFFER_MB, PARAM_BLOOM_BITS_PER_KEY, PARAM_COMPRESSION, PARAM_BACKGROUND_JOBS);

  /** Default of {@link #sync()}: the log is written, not fsynced, per commit. */
  public static final boolean DEFAULT_SYNC = false;
  /** Default of {@link #blockCacheMb()}. */
  public static final int DEFAULT_BLOCK_CACHE_MB = 64;
  /** Largest allowed {@link #blockCacheMb()} (1 TiB). */
  public static final int MAX_BLOCK_CACHE_MB = 1 << 20;
  /** Default of {@link #writeBufferMb()}. */
  public static final int DEFAULT_WRITE_BUFFER_MB = 64;
  /** Largest allowed {@link #writeBufferMb()}. */
  public static final int MAX_WRITE_BUFFER_MB = 4096;
  /** Default of {@link #bloomBitsPerKey()}. */
  public static final int DEFAULT_BLOOM_BITS_PER_KEY = 10;
  /** Largest allowed {@link #bloomBitsPerKey()}. */
  public static final int MAX_BLOOM_BITS_PER_KEY = 64;
  /** Default of {@link #compression()}. */
  public static final Compression DEFAULT_COMPRESSION = Compression.ZSTD;
  /** Default of {@link #backgroundJobs()}. */
  public static final int DEFAULT_BACKGROUND_JOBS = 2;
  /** Largest allowed {@link #backgroundJobs()}. */
  public static final int MAX_BACKGROUND_JOBS = 64;

  static final String BOOLEAN_EXPECTED = "true or false";
  static final String BLOCK_CACHE_EXPECTED =
      "an integer from 0 to " + MAX_BLOCK_CACHE_MB + " (MiB; 0 for no block cache)";
  static final String WRITE_BUFFER_EXPECTED =
      "an integer from 1 to " + MAX_WRITE_BUFFER_MB + " (MiB)";
  static final String BLOOM_EXPECTED =
      "an integer from 0 to " + MAX_BLOOM_BITS_PER_KEY + " (bits per key; 0 for no filter)";
  static final String COMPRESSION_EXPECTED = "zstd, lz4 or none";
  static final String BACKGROUND_JOBS_EXPECTED =
      "an integer from 1 to " + MAX_BACKGROUND_JOBS;

  private static final RocksDbOptions DEFAULTS = new RocksDbOptions(DEFAULT_SYNC,
      DEFAULT_BLOCK_CACHE_MB, DEFAULT_WRITE_BUFFER_MB, DEFAULT_BLOOM_BITS_PER_KEY,
      DEFAULT_COMPRESSION, DEFAULT_BACKGROUND_JOBS);

  /**
   * The block compression of the column families. The rocksdbjni native library bundles
   * Snappy, zlib, bzip2, LZ4 and ZSTD (not Xpress); chatstore offers these three choices.
   */
  public enum Compression {
    /** ZSTD on every level, as spec 004 asks: the smallest files, for some CPU per flush. */
    ZSTD,
    /** LZ4 on every level but the last, ZSTD on the last level, where most data lives. */
    LZ4,
    /** No compression. */
    NONE;

    /**
     * The compression named {@code text}, ignoring case.
     *
     * @param text {@code zstd}, {@code lz4} or {@code none}
     * @return the compression
     * @throws IllegalArgumentException naming the parameter, the value and what is expected
     */
    public static Compression parse(String text) {
      for (Compression c : values()) {
        if (c.name().equalsIgnoreCase(text)) {
          return c;
        }
      }
      throw new IllegalArgumentException(badValue(PARAM_COMPRESSION, text,
          COMPRESSION_EXPECTED));
    }

    /** The name as a URI writes it (lower case). */
    public String uriName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting, its value and what is expected
   */
  public RocksDbOptions {
    check(PARAM_BLOCK_CACHE_MB, blockCacheMb, 0, MAX_BLOCK_CACHE_MB, BLOCK_CACHE_EXPECTED);
    check(PARAM_WRITE_BUFFER_MB, writeBufferMb, 1, MAX_WRITE_BUFFER_MB, WRITE_BUFFER_EXPECTED);
    check(PARAM_BLOOM_BITS_PER_KEY, bloomBitsPerKey, 0, MAX_BLOOM_BITS_PER_KEY, BLOOM_EXPECTED);
    if (compression == null) {
      throw new IllegalArgumentException(badValue(PARAM_COMPRESSION, "null",
          COMPRESSION_EXPECTED));
    }
    check(PARAM_BACKGROUND_JOBS, backgroundJobs, 1, MAX_BACKGROUND_JOBS,
        BACKGROUND_JOBS_EXPECTED);
  }

  private static void check(String name, int value, int min, int max, String expected) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(badValue(name, String.valueOf(value), expected));
    }
  }

  /**
   * The defaults: no fsync per commit, 64 MiB block cache, 64 MiB memtables, 10-bit Bloom
   * filters, ZSTD, 2 background jobs.
   *
   * @return the default options
   */
  public static RocksDbOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with another {@link #sync()} setting.
   *
   * @param value whether every group commit fsyncs the log
   * @return new options
   */
  public RocksDbOptions withSync(boolean value) {
    return new RocksDbOptions(value, blockCacheMb, writeBufferMb, bloomBitsPerKey, compression,
        backgroundJobs);
  }

  /**
   * These options with another block cache size.
   *
   * @param mib the block cache in MiB, 0 for none
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RocksDbOptions withBlockCacheMb(int mib) {
    return new RocksDbOptions(sync, mib, writeBufferMb, bloomBitsPerKey, compression,
        backgroundJobs);
  }

  /**
   * These options with another memtable size.
   *
   * @param mib the memtable size in MiB
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RocksDbOptions withWriteBufferMb(int mib) {
    return new RocksDbOptions(sync, blockCacheMb, mib, bloomBitsPerKey, compression,
        backgroundJobs);
  }

  /**
   * These options with another Bloom filter size.
   *
   * @param bits bits per key, 0 for no filter
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RocksDbOptions withBloomBitsPerKey(int bits) {
    return new RocksDbOptions(sync, blockCacheMb, writeBufferMb, bits, compression,
        backgroundJobs);
  }

  /**
   * These options with another compression.
   *
   * @param value the block compression
   * @return new options
   * @throws IllegalArgumentException when the value is null
   */
  public RocksDbOptions withCompression(Compression value) {
    return new RocksDbOptions(sync, blockCacheMb, writeBufferMb, bloomBitsPerKey, value,
        backgroundJobs);
  }

  /**
   * These options with another number of background jobs.
   *
   * @param jobs the most flushes and compactions at once
   * @return new options
   * @throws IllegalArgumentException when the value is out of range
   */
  public RocksDbOptions withBackgroundJobs(int jobs) {
    return new RocksDbOptions(sync, blockCacheMb, writeBufferMb, bloomBitsPerKey, compression,
        jobs);
  }

  /**
   * These options as URI parameters, only those that differ from the defaults, joined with
   * {@code &} (empty when all are defaults).
   *
   * @return the query part of a URI, without the {@code ?}
   */
  public String toQuery() {
    StringBuilder sb = new StringBuilder();
    append(sb, PARAM_SYNC, sync != DEFAULT_SYNC, String.valueOf(sync));
    append(sb, PARAM_BLOCK_CACHE_MB, blockCacheMb != DEFAULT_BLOCK_CACHE_MB,
        String.valueOf(blockCacheMb));
    append(sb, PARAM_WRITE_BUFFER_MB, writeBufferMb != DEFAULT_WRITE_BUFFER_MB,
        String.valueOf(writeBufferMb));
    append(sb, PARAM_BLOOM_BITS_PER_KEY, bloomBitsPerKey != DEFAULT_BLOOM_BITS_PER_KEY,
        String.valueOf(bloomBitsPerKey));
    append(sb, PARAM_COMPRESSION, compression != DEFAULT_COMPRESSION, compression.uriName());
    append(sb, PARAM_BACKGROUND_JOBS, backgroundJobs != DEFAULT_BACKGROUND_JOBS,
        String.valueOf(backgroundJobs));
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, boolean differs, String value) {
    if (differs) {
      sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(value);
    }
  }

  /** The message for a bad parameter value. */
  static String badValue(String param, String value, String expected) {
    return UriParameters.badValue(param, value, expected);
  }
}
