package dev.chatstore.rocksdb;

import dev.chatstore.kv.AbstractKvStore;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.TableProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB backend: a {@link dev.chatstore.kv.KvStore} in one RocksDB database directory,
 * through rocksdbjni and its bundled native library. Open it with a {@code rocksdb:} URI (see
 * {@link RocksDbUri} for the grammar and {@link RocksDbOptions} for the parameters) or directly
 * with {@link #open(Path, RocksDbOptions, StoreOptions)}. Every method is thread-safe.
 *
 * <h2>Storage</h2>
 * <ul>
 *   <li>Column family {@code kv} holds the entries: the key as given, the value behind a 1-byte
 *       header, or a 9-byte one carrying the expiry instant ({@link StoredValue}). Keys are
 *       ordered by RocksDB's default bytewise comparator, which compares unsigned bytes with a
 *       proper prefix first: chatstore's key order.</li>
 *   <li>Column family {@code expiry} indexes the keys written with an expiry by
 *       {@code (expiresAt, key)}, so the sweeper reads only what is due.</li>
 *   <li>The default column family holds the format marker; a foreign RocksDB database, a newer
 *       format, or a non-empty directory without a database is refused untouched
 *       ({@link StoreException.Kind#MIGRATION}).</li>
 *   <li>Block-based tables with whole-key Bloom filters ({@code bloomBitsPerKey}, default 10 bits:
 *       about 1% false positives) and a whole-key memtable Bloom filter (ratio 0.1), ZSTD
 *       compression ({@code compression}); see {@link RocksDbOptions}.</li>
 *   <li><b>Partitioned index and filters</b> in the shared LRU block cache ({@code blockCacheMb}):
 *       each SST file has a small top-level index, pinned in the cache while the file is open,
 *       over 4 KiB index and filter partitions cached with high priority (half of the cache is
 *       reserved for them) beside the data blocks. With RocksDB's default of one index and one
 *       filter block per file, a 64 MiB SST of ~2M entries carries a 2.3 MB index block and a
 *       2.8 MB filter block, larger than a 1 MiB shard of the 64 MiB cache, so they were evicted
 *       and reloaded on nearly every random read: a 50-row scan of one chat at 1,000,000 messages
 *       took 1.2 ms (p50) instead of 0.04 ms ({@code bench/results/rocksdb-scan-1m.md}). RocksDB
 *       records the index and filter layout in each SST, so databases written with either layout
 *       open and read unchanged; their files take the partitioned layout as compaction rewrites
 *       them. With {@code blockCacheMb=0} the table readers keep whole index and filter blocks in
 *       memory instead.</li>
 *   <li><b>No prefix extractor.</b> Spec 004 gives the column families of its ChatDb fixed-length
 *       prefixes (a 32-byte chat id, a 20-byte user). chatstore's keys are tuple-packed
 *       {@code (1, tenant-id, area, parts...)} with variable-length strings, so no fixed prefix
 *       length ends on an element boundary: a fixed or capped extractor would give prefix Bloom
 *       filters that match few real scans and would make every scan pay for
 *       {@code total_order_seek}. Point reads use whole-key filters; scans use iterate bounds,
 *       which let RocksDB skip files outside the range.</li>
 * </ul>
 *
 * <h2>Writes</h2>
 * The group commit of {@link AbstractKvStore} (its writer thread, or a caller that finds the
 * store idle; one commit at a time) applies each group of batches as ONE RocksDB
 * {@code WriteBatch} and one {@code DB::Write}: atomic, and visible to readers all at once.
 * Checks ({@link WriteOp.Check}) are evaluated by the commit against the database plus the
 * earlier batches of the same group ({@link PendingWrites}); the stored values of the checked
 * keys of a group come from what the writer itself last wrote or checked ({@link WrittenValues},
 * up to {@value WrittenValues#MAX_ENTRIES} keys that existed when checked), the others are read
 * by one {@code MultiGet}. A range delete is RocksDB's
 * {@code DeleteRange} (a range tombstone; the space is reclaimed by compaction); a put after it in
 * the same batch survives it, since every record of a {@code WriteBatch} gets a later sequence
 * number. Durability follows {@code sync} ({@link RocksDbOptions#sync()}): by default the
 * write-ahead log is written (not fsynced) before a write returns, like SQLite's
 * {@code synchronous=NORMAL}; with {@code sync=true} it is fsynced per group commit.
 *
 * <h2>Reads</h2>
 * <ul>
 *   <li>{@link #get} is one {@code DB::Get}; {@link #getAll} is one {@code MultiGet} under an
 *       explicit snapshot, so all keys are read from one state.</li>
 *   <li>{@link #scan} runs one iterator (an implicit snapshot) bounded by
 *       {@code iterate_lower_bound}/{@code iterate_upper_bound}; descending scans position with
 *       {@code SeekForPrev}/{@code SeekToLast} and walk with {@code Prev}.</li>
 *   <li>{@link #count} iterates the range and reads the header of every value (to leave out
 *       expired entries): O(entries in the range), without copying whole values. RocksDB keeps
 *       no exact counts.</li>
 * </ul>
 *
 * <h2>Expiry</h2>
 * An entry's expiry lives in its value header, so every read decides liveness by the store's
 * clock ({@link StoreOptions#clock()}) without a second lookup. Expired entries are removed
 * physically by the sweeper ({@link #sweepExpired()} and the periodic background sweep): it walks
 * the expiry index up to now, deletes each entry whose header still carries that expiry (a later
 * put or delete may have replaced it) and the index entry, in batches. Compaction does not drop
 * them: RocksJava cannot run a compaction filter written in Java, and RocksDB's own TTL mode
 * ({@code TtlDB}) has one TTL per database measured on the wall clock, not an instant per entry
 * on the store's clock.
 *
 * <h2>Maintenance</h2>
 * RocksDB flushes and compacts in the background ({@code backgroundJobs}); {@link #compact()}
 * compacts everything at once, after a bulk load or a large delete.
 *
 * <h2>Close</h2>
 * {@link #close()} waits for writes in flight (queued or committing), then for reads in flight:
 * every read holds a shared lock around its use of native objects, and the release of the native
 * objects takes it exclusively, so a read racing close either completes or fails with
 * {@link StoreException.Kind#CLOSED}, never touching freed memory. The write-ahead log is synced,
 * background work stopped, and handles, database and options closed in that order.
 *
 * <h2>Errors</h2>
 * A second store on the same directory, in this process or another, fails to open with a
 * {@link StoreException} of kind {@link StoreException.Kind#DATABASE} naming the directory and
 * RocksDB's {@code LOCK} file. Failures of RocksDB are {@link StoreException}s of kind
 * {@link StoreException.Kind#DATABASE} naming the store; during or after close they are of kind
 * {@link StoreException.Kind#CLOSED}.
 */
public final class RocksDbKvStore extends AbstractKvStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbKvStore.class);

  /** What the RocksDB store does natively: everything. */
  public static final Set<KvFeature> FEATURES = Set.copyOf(EnumSet.of(KvFeature.TTL,
      KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN, KvFeature.PERSISTENT));
  /** The sweeper writes its deletes in RocksDB batches of at most this many operations. */
  static final int SWEEP_WRITE_OPS = 10_000;

  private final Path directory;
  private final RocksDbOptions rocksDbOptions;
  private final NativeDb nativeDb;
  /** What the commits know the database holds, for checks; used by one commit at a time. */
  private final WrittenValues written = new WrittenValues();
  /** Shared by reads around their native calls; exclusive to release the native objects. */
  private final StampedLock gate = new StampedLock();
  /** Whether the native objects are released; guarded by {@link #gate}. */
  private boolean released;

  private RocksDbKvStore(String name, Path directory, RocksDbOptions rocksDbOptions,
      StoreOptions options, NativeDb nativeDb) {
    super(name, FEATURES, options);
    this.directory = directory;
    this.rocksDbOptions = rocksDbOptions;
    this.nativeDb = nativeDb;
    start();
  }

  // ---- opening ----

  /**
   * Opens the store in {@code directory} with the default RocksDB and store options.
   *
   * @param directory the database directory; see {@link #open(Path, RocksDbOptions,
   *     StoreOptions)}
   * @return the open store; close it when done
   */
  public static RocksDbKvStore open(Path directory) {
    return open(directory, RocksDbOptions.defaults(), StoreOptions.defaults());
  }

  /**
   * Opens the store a parsed {@code rocksdb:} URI names.
   *
   * @param uri the parsed URI ({@link RocksDbUri#parse})
   * @param options clock, write queue, group size, sweep interval
   * @return the open store; close it when done
   * @throws IllegalArgumentException when an argument is null
   * @throws StoreException as {@link #open(Path, RocksDbOptions, StoreOptions)}
   */
  public static RocksDbKvStore open(RocksDbUri uri, StoreOptions options) {
    if (uri == null) {
      throw new IllegalArgumentException("uri must not be null");
    }
    return open(uri.directory(), uri.options(), options);
  }

  /**
   * Opens (creating when missing) the store in {@code directory}.
   *
   * @param directory the database directory; created with its parents when missing. It must be
   *     missing, empty, or hold a chatstore RocksDB database
   * @param rocksDbOptions sync, block cache, memtable, Bloom filter, compression, background jobs
   * @param options clock, write queue, group size, sweep interval
   * @return the open store; close it when done
   * @throws IllegalArgumentException when an argument is null
   * @throws StoreException of kind {@link StoreException.Kind#DATABASE} when the database is
   *     open elsewhere (its {@code LOCK} is held; the message names the directory), the
   *     directory cannot be created, or RocksDB fails; of kind
   *     {@link StoreException.Kind#MIGRATION} when the directory holds a foreign or newer
   *     database, or other files (nothing is changed)
   */
  public static RocksDbKvStore open(Path directory, RocksDbOptions rocksDbOptions,
      StoreOptions options) {
    if (directory == null || rocksDbOptions == null || options == null) {
      throw new IllegalArgumentException(
          "directory, rocksDbOptions and options must not be null");
    }
    Path dir = directory.toAbsolutePath().normalize();
    String name = RocksDbUri.canonical(dir);
    NativeDb db = NativeDb.open(dir, rocksDbOptions, name);
    LOG.debug("{}: opened ({})", name, rocksDbOptions);
    return new RocksDbKvStore(name, dir, rocksDbOptions, options, db);
  }

  // ---- accessors ----

  /**
   * The database directory.
   *
   * @return the absolute, normalized path
   */
  public Path directory() {
    return directory;
  }

  /**
   * The RocksDB settings the store was opened with.
   *
   * @return the options given to {@link #open(Path, RocksDbOptions, StoreOptions)}
   */
  public RocksDbOptions rocksDbOptions() {
    return rocksDbOptions;
  }

  // ---- reads ----

  @Override
  protected byte[] readOne(byte[] key, long nowMillis) {
    return guarded("get", key, db -> StoredValue.decode(key,
        db.db.get(db.data, db.readOptions, key), nowMillis));
  }

  @Override
  protected List<byte[]> readMany(List<byte[]> keys, long nowMillis) {
    return guarded("multi-get", keys.size() + " keys", db -> {
      Snapshot snapshot = db.db.getSnapshot();
      List<byte[]> stored;
      try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
        stored = db.db.multiGetAsList(ro, Collections.nCopies(keys.size(), db.data), keys);
      } finally {
        db.db.releaseSnapshot(snapshot);
      }
      List<byte[]> out = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        out.add(StoredValue.decode(keys.get(i), stored.get(i), nowMillis));
      }
      return out;
    });
  }

  @Override
  protected List<KvEntry> readRange(KeyRange range, Direction direction, int limit,
      long nowMillis, boolean withExpiry) {
    return guarded("scan", range, db -> {
      List<KvEntry> out = new ArrayList<>(Math.min(limit, 256));
      byte[] end = range.end();
      try (Slice lower = lowerBound(range); Slice upper = upperBound(range);
          ReadOptions ro = boundedReadOptions(lower, upper);
          RocksIterator it = db.db.newIterator(db.data, ro)) {
        if (direction == Direction.ASCENDING) {
          it.seek(range.start());
        } else if (end == null) {
          it.seekToLast();
        } else {
          it.seekForPrev(end);
        }
        while (it.isValid() && out.size() < limit) {
          byte[] key = it.key();
          if (end != null && Bytes.compare(key, end) >= 0) {
            if (direction == Direction.ASCENDING) {
              break; // not reached: the upper bound ends the iteration first
            }
            it.prev(); // SeekForPrev(end) may land on end itself
            continue;
          }
          byte[] stored = it.value();
          byte[] value = StoredValue.decode(key, stored, nowMillis);
          if (value != null) {
            out.add(withExpiry ? KvEntry.of(key, value, StoredValue.expiresAt(key, stored))
                : new KvEntry(key, value));
          }
          if (direction == Direction.ASCENDING) {
            it.next();
          } else {
            it.prev();
          }
        }
        it.status();
      }
      return out;
    });
  }

  @Override
  protected long countRange(KeyRange range, long nowMillis) {
    return guarded("count", range, db -> {
      long n = 0;
      byte[] head = new byte[StoredValue.EXPIRING_HEADER];
      try (Slice lower = lowerBound(range); Slice upper = upperBound(range);
          ReadOptions ro = boundedReadOptions(lower, upper);
          RocksIterator it = db.db.newIterator(db.data, ro)) {
        for (it.seek(range.start()); it.isValid(); it.next()) {
          int length = it.value(head); // copies the header only
          switch (StoredValue.liveness(head, length, nowMillis)) {
            case LIVE -> n++;
            case EXPIRED -> { }
            case MALFORMED -> throw StoredValue.malformed(it.key(), head, length);
          }
        }
        it.status();
      }
      return n;
    });
  }

  private static Slice lowerBound(KeyRange range) {
    return range.start().length == 0 ? null : new Slice(range.start());
  }

  private static Slice upperBound(KeyRange range) {
    return range.end() == null ? null : new Slice(range.end());
  }

  private static ReadOptions boundedReadOptions(Slice lower, Slice upper) {
    ReadOptions ro = new ReadOptions();
    if (lower != null) {
      ro.setIterateLowerBound(lower);
    }
    if (upper != null) {
      ro.setIterateUpperBound(upper);
    }
    return ro;
  }

  /** A read's use of the native objects. */
  @FunctionalInterface
  private interface NativeRead<T> {
    T run(NativeDb db) throws RocksDBException;
  }

  /**
   * Runs {@code read} while the native objects cannot be released; fails as CLOSED once they
   * are.
   */
  private <T> T guarded(String what, Object subject, NativeRead<T> read) {
    long stamp = gate.readLock();
    try {
      if (released) {
        throw new StoreException(StoreException.Kind.CLOSED, name() + " was closed during "
            + what);
      }
      return read.run(nativeDb);
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name() + ": " + what + " of "
          + (subject instanceof byte[] key ? Bytes.show(key) : subject) + " failed: "
          + NativeDb.describe(e), e);
    } finally {
      gate.unlockRead(stamp);
    }
  }

  // ---- writes (one commit at a time, under AbstractKvStore's commit lock) ----

  /** RocksDB's calls are not broken off by an interrupt and need no particular thread. */
  @Override
  protected boolean commitsOnCallerThread() {
    return true;
  }

  @Override
  protected void commit(List<WriteBatch> batches, boolean[] applied, long nowMillis)
      throws Exception {
    NativeDb db = nativeDb;
    org.rocksdb.WriteBatch wb = db.writeBatch;
    wb.clear();
    PendingWrites pending = null;
    int ops = 0;
    try {
      int lastConditional = -1;
      for (int i = 0; i < batches.size(); i++) {
        lastConditional = batches.get(i).isConditional() ? i : lastConditional;
      }
      boolean rangeDeleted = false;
      GroupChecks checks = lastConditional < 0 ? null : GroupChecks.read(db, batches, written);
      // with nothing remembered or learned from the checks, the writes have nothing to keep exact
      boolean track = !written.isEmpty();
      for (int i = 0; i < batches.size(); i++) {
        WriteBatch batch = batches.get(i);
        ops += batch.size();
        if (batch.isConditional()) {
          if (pending == null) {
            pending = new PendingWrites();
            for (int j = 0; j < i; j++) {
              if (applied[j]) {
                pending.apply(batches.get(j));
              }
            }
          }
          if (!checks.pass(i, batch, pending, nowMillis)) {
            continue;
          }
        }
        for (WriteOp op : batch.ops()) {
          switch (op) {
            case WriteOp.Put p -> {
              long expiresAt = p.expiresAtMillis();
              byte[] stored = StoredValue.encode(p.value(), expiresAt);
              wb.put(db.data, p.key(), stored);
              if (track) {
                written.stage(p.key(), stored);
              }
              if (expiresAt != StoredValue.NEVER) {
                wb.put(db.expiry, StoredValue.indexKey(expiresAt, p.key()), StoredValue.EMPTY);
              }
            }
            case WriteOp.Delete d -> {
              wb.delete(db.data, d.key());
              if (track) {
                written.stage(d.key(), null);
              }
            }
            case WriteOp.DeleteRange r -> {
              KeyRange range = r.range();
              rangeDeleted = true;
              if (!range.isEmpty()) {
                wb.deleteRange(db.data, range.start(),
                    range.end() == null ? StoredValue.KEYSPACE_END : range.end());
              }
            }
            case WriteOp.Check c -> { } // evaluated above, before the batch's operations
          }
        }
        applied[i] = true;
        if (pending != null && i < lastConditional) { // only a later check can need it
          pending.apply(batch);
        }
      }
      if (wb.count() > 0) {
        db.db.write(db.writeOptions, wb);
      }
      if (rangeDeleted) {
        written.clear();
      } else {
        written.publish();
      }
    } catch (RocksDBException e) {
      written.clear();
      Arrays.fill(applied, false);
      throw new StoreException(StoreException.Kind.DATABASE, name() + ": commit of "
          + batches.size() + " write batches (" + ops + " operations) failed, nothing of it was"
          + " applied: " + NativeDb.describe(e), e);
    } catch (RuntimeException | Error e) {
      written.clear();
      Arrays.fill(applied, false);
      throw e;
    } finally {
      wb.clear();
    }
  }

  /**
   * The stored values of every key checked in one group, in the order of the checks: from
   * {@link WrittenValues} where known, the others read by ONE {@code MultiGet} before the group
   * is applied (the database does not change meanwhile: only one commit writes at a time). A
   * check sees the earlier batches of the group first.
   */
  private static final class GroupChecks {
    private final int[] firstCheck;
    private final byte[][] stored;

    private GroupChecks(int[] firstCheck, byte[][] stored) {
      this.firstCheck = firstCheck;
      this.stored = stored;
    }

    static GroupChecks read(NativeDb db, List<WriteBatch> batches, WrittenValues written)
        throws RocksDBException {
      int[] firstCheck = new int[batches.size()];
      List<byte[]> checked = new ArrayList<>();
      for (int i = 0; i < batches.size(); i++) {
        firstCheck[i] = checked.size();
        WriteBatch batch = batches.get(i);
        if (batch.isConditional()) {
          for (WriteOp op : batch.ops()) {
            if (op instanceof WriteOp.Check c) {
              checked.add(c.key());
            }
          }
        }
      }
      byte[][] stored = new byte[checked.size()][];
      int[] unknown = new int[stored.length];
      int[] hashes = new int[stored.length];
      List<byte[]> keys = new ArrayList<>();
      for (int k = 0; k < stored.length; k++) {
        byte[] key = checked.get(k);
        int hash = WrittenValues.hash(key);
        hashes[k] = hash;
        byte[] v = written.lookup(key, hash);
        if (v == null) {
          unknown[keys.size()] = k;
          keys.add(key);
        } else {
          stored[k] = WrittenValues.isAbsent(v) ? null : v;
        }
      }
      if (!keys.isEmpty()) {
        List<byte[]> read = db.db.multiGetAsList(db.readOptions,
            Collections.nCopies(keys.size(), db.data), keys);
        for (int j = 0; j < keys.size(); j++) {
          int k = unknown[j];
          stored[k] = read.get(j);
          // learned before the group's own writes; a key found absent is not: it is mostly one
          // being created (a new message's entry), rarely checked again, and would only crowd
          // out the keys that are
          if (stored[k] != null) {
            written.learn(keys.get(j), hashes[k], stored[k]);
          }
        }
      }
      return new GroupChecks(firstCheck, stored);
    }

    /** Whether every check of batch {@code index} holds on the database plus {@code pending}. */
    boolean pass(int index, WriteBatch batch, PendingWrites pending, long nowMillis) {
      int k = firstCheck[index];
      for (WriteOp op : batch.ops()) {
        if (op instanceof WriteOp.Check c) {
          PendingWrites.Pending p = pending.find(c.key());
          byte[] current = p != null ? p.liveValue(nowMillis)
              : StoredValue.decode(c.key(), stored[k], nowMillis);
          k++;
          if (!c.matches(current)) {
            return false;
          }
        }
      }
      return true;
    }
  }

  @Override
  protected long removeExpired(long nowMillis, int max) throws Exception {
    NativeDb db = nativeDb;
    org.rocksdb.WriteBatch wb = db.writeBatch;
    wb.clear();
    long removed = 0;
    byte[] end = StoredValue.indexEnd(nowMillis);
    try (Slice upper = end == null ? null : new Slice(end);
        ReadOptions ro = boundedReadOptions(null, upper);
        RocksIterator it = db.db.newIterator(db.expiry, ro)) {
      for (it.seekToFirst(); it.isValid() && removed < max; it.next()) {
        byte[] indexKey = it.key();
        long expiresAt = StoredValue.indexExpiry(indexKey);
        byte[] key = StoredValue.indexedKey(indexKey);
        byte[] stored = db.db.get(db.data, db.readOptions, key);
        // A later put or delete may have replaced the entry: then only the index entry goes.
        if (stored != null && StoredValue.expiresAt(key, stored) == expiresAt) {
          wb.delete(db.data, key);
          removed++;
        }
        wb.delete(db.expiry, indexKey);
        if (wb.count() >= SWEEP_WRITE_OPS) {
          db.db.write(db.writeOptions, wb);
          wb.clear();
        }
      }
      it.status();
      if (wb.count() > 0) {
        db.db.write(db.writeOptions, wb);
      }
      return removed;
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Kind.DATABASE, name()
          + ": removing expired entries failed: " + NativeDb.describe(e), e);
    } finally {
      if (removed > 0) {
        written.clear(); // entries it deleted may be remembered
      }
      wb.clear();
    }
  }

  // ---- close ----

  @Override
  protected void closeResources() {
    long stamp = gate.writeLock(); // waits for reads in flight
    try {
      if (released) {
        return;
      }
      released = true;
      nativeDb.close(name());
    } finally {
      gate.unlockWrite(stamp);
    }
    LOG.debug("{}: closed", name());
  }

  // ---- maintenance, and for tests: what is physically stored ----

  /** Every entry physically in the data column family, expired ones included. */
  long storedEntries() {
    return guarded("count of stored entries", directory, db -> countAll(db, db.data));
  }

  /** Every entry of the expiry index. */
  long expiryIndexEntries() {
    return guarded("count of expiry index entries", directory, db -> countAll(db, db.expiry));
  }

  private static long countAll(NativeDb db, org.rocksdb.ColumnFamilyHandle cf)
      throws RocksDBException {
    long n = 0;
    try (RocksIterator it = db.db.newIterator(cf, db.readOptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
      it.status();
    }
    return n;
  }

  /**
   * Compacts the whole store now: flushes the memtables and rewrites every SST file into the
   * last level, so the space of deleted, range-deleted and swept entries is reclaimed and the
   * last level's compression applies to everything. RocksDB compacts in the background anyway;
   * call this after a bulk load or a large delete to have a compact store at once. It may take
   * long (it reads and writes all data) and runs beside reads and writes; {@link #close()}
   * waits for a compaction in progress. Thread-safe.
   *
   * @throws StoreException of kind {@link StoreException.Kind#CLOSED} when the store is closed,
   *     of kind {@link StoreException.Kind#DATABASE} when RocksDB fails
   */
  public void compact() {
    checkOpen();
    guarded("compaction", directory, db -> {
      try (CompactRangeOptions force = new CompactRangeOptions().setBottommostLevelCompaction(
          CompactRangeOptions.BottommostLevelCompaction.kForce)) {
        db.db.compactRange(db.data, null, null, force);
        db.db.compactRange(db.expiry, null, null, force);
      }
      return null;
    });
  }

  /** The compression RocksDB recorded in each SST file of the data column family. */
  List<String> sstCompressions() {
    return sstProperty(TableProperties::getCompressionName);
  }

  /**
   * The number of index partitions RocksDB recorded in each SST file of the data column family:
   * 0 for a file with one monolithic index block.
   */
  List<Long> sstIndexPartitions() {
    return sstProperty(TableProperties::getIndexPartitions);
  }

  /** {@code property} of each SST file of the data column family. */
  private <T> List<T> sstProperty(Function<TableProperties, T> property) {
    return guarded("table properties", directory, db -> {
      List<T> out = new ArrayList<>();
      for (TableProperties p : db.db.getPropertiesOfAllTables(db.data).values()) {
        out.add(property.apply(p));
      }
      return out;
    });
  }
}
