package dev.chatstore.rocksdb;

import dev.chatstore.kv.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native side of one {@link RocksDbKvStore}: the open database, its column family handles
 * and every option object, opened together and closed together in the order RocksJava needs
 * (handles, then the database, then the options, the filter and the cache). Not thread-safe by
 * itself: the store guards {@link #close} against concurrent reads.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@value #DATA_CF}: the entries; key as given, value in the {@link StoredValue} layout.
 *       Whole-key Bloom filters in every SST and in the memtable; no prefix extractor (see
 *       {@link RocksDbKvStore}).</li>
 *   <li>{@value #EXPIRY_CF}: the expiry index, {@code (expiresAt, key) -> empty}, read only by
 *       the sweeper.</li>
 *   <li>{@code default}: the format marker {@value #FORMAT_KEY} = {@value #FORMAT_VERSION}, by
 *       which a chatstore database is told from a foreign or newer one.</li>
 * </ul>
 */
final class NativeDb {
  private static final Logger LOG = LoggerFactory.getLogger(NativeDb.class);

  /** Name of the column family of the entries. */
  static final String DATA_CF = "kv";
  /** Name of the column family of the expiry index. */
  static final String EXPIRY_CF = "expiry";
  /** Key of the format marker in the default column family. */
  static final String FORMAT_KEY = "chatstore.format";
  /** The storage format this code writes and the newest it reads. */
  static final int FORMAT_VERSION = 1;
  /** The column families of a chatstore database. */
  static final List<String> COLUMN_FAMILIES = List.of("default", DATA_CF, EXPIRY_CF);
  /** The expiry index memtable, at most (it holds small keys only). */
  static final int EXPIRY_WRITE_BUFFER_MB = 16;
  /** How many info LOG files RocksDB keeps in the database directory (as spec 004). */
  static final int KEEP_LOG_FILES = 5;
  /** Size at which the info LOG file is rolled. */
  static final long MAX_LOG_FILE_BYTES = 16L << 20;
  /** RocksDB's {@code bytes_per_sync}: smooth the I/O of flushes and compactions. */
  static final long BYTES_PER_SYNC = 1L << 20;
  /** Names of the files RocksDB itself keeps in a database directory. */
  private static final Pattern ROCKSDB_FILE = Pattern.compile(
      "LOCK|IDENTITY|CURRENT|LOG(\\.old\\..*)?|(OPTIONS|MANIFEST)-\\d+(\\.dbtmp)?"
          + "|\\d+\\.(log|sst|blob|dbtmp)");
  /**
   * Size of one partition of an SST's index and of its Bloom filter (RocksDB's default, as the
   * data blocks): a read loads the few partitions it needs, never a whole index or filter.
   */
  static final long METADATA_BLOCK_BYTES = 4096;
  /**
   * Share of the block cache reserved for index and filter partitions (the high-priority pool).
   * RocksJava's {@code new LRUCache(capacity)} reserves none, which silently disables
   * {@code cache_index_and_filter_blocks_with_high_priority}.
   */
  static final double HIGH_PRIORITY_POOL_RATIO = 0.5;
  /** Ratio of the memtable given to its whole-key Bloom filter (as spec 004's 0.1). */
  static final double MEMTABLE_BLOOM_RATIO = 0.1;

  final RocksDB db;
  final ColumnFamilyHandle data;
  final ColumnFamilyHandle expiry;
  final ColumnFamilyHandle meta;
  /** For point reads and the writer's checks; shared, never changed after open. */
  final ReadOptions readOptions;
  final WriteOptions writeOptions;
  /** The commits' reusable batch (one commit at a time). */
  final WriteBatch writeBatch;
  private final List<RocksObject> options;

  private NativeDb(RocksDB db, List<ColumnFamilyHandle> handles, List<RocksObject> options,
      boolean sync) {
    this.db = db;
    this.meta = handles.get(0);
    this.data = handles.get(1);
    this.expiry = handles.get(2);
    this.options = options;
    this.readOptions = new ReadOptions();
    this.writeOptions = new WriteOptions().setSync(sync);
    this.writeBatch = new WriteBatch();
  }

  /**
   * Opens (creating when missing) the chatstore database in {@code dir}.
   *
   * @param dir the database directory, absolute
   * @param o the RocksDB settings
   * @param name the store's name, for messages
   * @return the open database
   * @throws StoreException of kind MIGRATION for a foreign or newer database (left untouched),
   *     of kind DATABASE when the directory cannot be created, the database is open elsewhere
   *     (RocksDB's {@code LOCK}) or RocksDB fails
   */
  static NativeDb open(Path dir, RocksDbOptions o, String name) {
    RocksDB.loadLibrary();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name + ": cannot open " + dir
          + ": it exists and is not a directory; expected the database directory", e);
    } catch (IOException | SecurityException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name
          + ": cannot create the database directory " + dir + ": " + e, e);
    }
    boolean existed = Files.exists(dir.resolve("CURRENT"));
    if (existed) {
      checkColumnFamilies(dir, name);
    } else {
      checkEmpty(dir, name);
    }
    List<RocksObject> owned = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    NativeDb opened = null;
    try {
      Cache cache = o.blockCacheMb() == 0 ? null
          // Shards chosen by RocksDB (-1), no strict limit, as the one-argument constructor.
          : own(owned, new LRUCache((long) o.blockCacheMb() << 20, -1, false,
              HIGH_PRIORITY_POOL_RATIO));
      Filter bloom = o.bloomBitsPerKey() == 0 ? null
          : own(owned, new BloomFilter(o.bloomBitsPerKey(), false));
      DBOptions dbOptions = own(owned, dbOptions(o));
      ColumnFamilyOptions metaOptions = own(owned, new ColumnFamilyOptions()
          .setWriteBufferSize(1L << 20));
      ColumnFamilyOptions dataOptions = own(owned, columnFamilyOptions(o, cache, bloom,
          o.writeBufferMb()));
      ColumnFamilyOptions expiryOptions = own(owned, columnFamilyOptions(o, cache, null,
          Math.min(o.writeBufferMb(), EXPIRY_WRITE_BUFFER_MB)));
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metaOptions),
          new ColumnFamilyDescriptor(bytes(DATA_CF), dataOptions),
          new ColumnFamilyDescriptor(bytes(EXPIRY_CF), expiryOptions));
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      opened = new NativeDb(db, handles, owned, o.sync());
      opened.checkFormat(existed, name);
      return opened;
    } catch (RocksDBException | RuntimeException e) {
      if (opened != null) {
        opened.close(name);
      } else {
        closeAll(handles, db, owned, name);
      }
      if (e instanceof RocksDBException re) {
        throw openFailure(dir, name, re);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Refuses to create a database in a directory that holds other files than RocksDB's own (which
   * an interrupted creation, or another store creating the database right now, leaves there).
   */
  private static void checkEmpty(Path dir, String name) {
    try (var entries = Files.list(dir)) {
      List<String> some = entries.map(p -> String.valueOf(p.getFileName()))
          .filter(f -> !ROCKSDB_FILE.matcher(f).matches()).limit(5).toList();
      if (!some.isEmpty()) {
        throw new StoreException(StoreException.Kind.MIGRATION, name + ": the directory " + dir
            + " holds other files (" + String.join(", ", some) + (some.size() == 5 ? ", ..." : "")
            + ") but no RocksDB database (no CURRENT file); expected a missing or empty directory,"
            + " or a chatstore RocksDB database. It was not changed");
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name + ": cannot list the database"
          + " directory " + dir + ": " + e, e);
    }
  }

  private static <T extends RocksObject> T own(List<RocksObject> owned, T o) {
    owned.add(o);
    return o;
  }

  /** The database-wide options (the same for the benchmark's raw side). */
  static DBOptions dbOptions(RocksDbOptions o) {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(o.backgroundJobs())
        .setBytesPerSync(BYTES_PER_SYNC)
        .setKeepLogFileNum(KEEP_LOG_FILES)
        .setMaxLogFileSize(MAX_LOG_FILE_BYTES);
  }

  /** The options of a column family of entries: table format, filters, memtable, compression. */
  static ColumnFamilyOptions columnFamilyOptions(RocksDbOptions o, Cache cache, Filter bloom,
      int writeBufferMb) {
    BlockBasedTableConfig table = new BlockBasedTableConfig().setWholeKeyFiltering(true);
    if (cache == null) {
      // Without a block cache the table reader holds each SST's whole index and filter in
      // memory (RocksDB refuses cache_index_and_filter_blocks without a cache), so the
      // monolithic layout, the fastest to search, is kept.
      table.setNoBlockCache(true).setCacheIndexAndFilterBlocks(false);
    } else {
      // Partitioned index and filters: each SST keeps a small top-level index and filter index,
      // pinned in the cache while the file is open, over 4 KiB index and filter partitions that
      // are cached (with high priority) like data blocks. With one monolithic index and filter
      // block per SST (RocksDB's default), a large database has index and filter blocks of
      // megabytes that the cache cannot keep (RocksDB splits it into shards of 1 MiB for the
      // 64 MiB default): every random read reloaded and parsed them, so a 50-row scan at 25M
      // rows took 1.2 ms instead of 0.04 ms (bench/results/rocksdb-scan-1m.md). The index and
      // filter type is recorded in every SST, so files written in the other layout stay readable
      // and compactions rewrite them in this one.
      table.setBlockCache(cache)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinL0FilterAndIndexBlocksInCache(true)
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(bloom != null)
          .setMetadataBlockSize(METADATA_BLOCK_BYTES)
          .setPinTopLevelIndexAndFilter(true);
    }
    if (bloom != null) {
      table.setFilterPolicy(bloom);
    }
    ColumnFamilyOptions cf = new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setWriteBufferSize((long) writeBufferMb << 20)
        .setMaxWriteBufferNumber(2)
        .setLevelCompactionDynamicLevelBytes(true);
    switch (o.compression()) {
      case ZSTD -> cf.setCompressionType(CompressionType.ZSTD_COMPRESSION)
          .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
      case LZ4 -> cf.setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
      case NONE -> cf.setCompressionType(CompressionType.NO_COMPRESSION)
          .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
    }
    if (bloom != null) {
      cf.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO).setMemtableWholeKeyFiltering(true);
    }
    return cf;
  }

  /** Refuses a database whose column families are not chatstore's, before opening it. */
  private static void checkColumnFamilies(Path dir, String name) {
    List<String> found = new ArrayList<>();
    try (Options listing = new Options()) {
      for (byte[] cf : RocksDB.listColumnFamilies(listing, dir.toString())) {
        found.add(new String(cf, StandardCharsets.UTF_8));
      }
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name
          + ": cannot read the column families of the database in " + dir + ": "
          + describe(e), e);
    }
    if (!found.contains(DATA_CF) || !COLUMN_FAMILIES.containsAll(found)) {
      throw new StoreException(StoreException.Kind.MIGRATION, name + ": the RocksDB database in "
          + dir + " is not a chatstore database: its column families are " + found
          + "; expected " + COLUMN_FAMILIES + ". It was not changed");
    }
  }

  /** Writes the format marker into a new database, or checks the one of an existing one. */
  private void checkFormat(boolean existed, String name) throws RocksDBException {
    byte[] key = bytes(FORMAT_KEY);
    byte[] found = db.get(meta, readOptions, key);
    if (found == null) {
      if (existed && hasEntries()) {
        throw new StoreException(StoreException.Kind.MIGRATION, name + ": the RocksDB database"
            + " has no chatstore format marker '" + FORMAT_KEY + "'; expected version "
            + FORMAT_VERSION + ". It was not changed");
      }
      try (WriteOptions synced = new WriteOptions().setSync(true);
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.put(meta, synced, key, bytes(Integer.toString(FORMAT_VERSION)));
        db.flush(flush, meta);
      }
      return;
    }
    String text = new String(found, StandardCharsets.UTF_8);
    int version;
    try {
      version = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (version < 1 || version > FORMAT_VERSION) {
      throw new StoreException(StoreException.Kind.MIGRATION, name + ": the database has"
          + " chatstore format '" + text + "'; this version of chatstore reads formats 1 to "
          + FORMAT_VERSION + ". It was not changed");
    }
  }

  private boolean hasEntries() {
    try (var it = db.newIterator(data, readOptions)) {
      it.seekToFirst();
      return it.isValid();
    }
  }

  private static StoreException openFailure(Path dir, String name, RocksDBException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("LOCK") || msg.toLowerCase(Locale.ROOT).contains("lock hold")) {
      return new StoreException(StoreException.Kind.DATABASE, name + " is already open, in this"
          + " or another process: RocksDB's lock file " + dir.resolve("LOCK") + " is held;"
          + " expected no other store on " + dir + " (close it first). RocksDB says: " + msg, e);
    }
    return new StoreException(StoreException.Kind.DATABASE, name + ": cannot open the RocksDB"
        + " database in " + dir + ": " + describe(e), e);
  }

  /** RocksDB's status code and message. */
  static String describe(RocksDBException e) {
    return e.getStatus() == null ? String.valueOf(e.getMessage())
        : e.getStatus().getCodeString() + ": " + e.getMessage();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Makes the write-ahead log durable, stops background work and releases every native object,
   * in RocksJava's order. Call once, when no read or write can run any more.
   *
   * @param name the store's name, for the log
   */
  void close(String name) {
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      LOG.warn("{}: syncing the write-ahead log at close failed: {}", name, describe(e));
    }
    db.cancelAllBackgroundWork(true);
    writeBatch.close();
    closeAll(Arrays.asList(meta, data, expiry), db, options, name);
    readOptions.close();
    writeOptions.close();
  }

  private static void closeAll(List<ColumnFamilyHandle> handles, RocksDB db,
      List<RocksObject> options, String name) {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    if (db != null) {
      try {
        db.closeE();
      } catch (RocksDBException e) {
        LOG.warn("{}: closing the RocksDB database reported: {}", name, describe(e));
      }
    }
    // Options before the filter and the cache they point to: the reverse of creation.
    for (int i = options.size() - 1; i >= 0; i--) {
      options.get(i).close();
    }
  }
}
