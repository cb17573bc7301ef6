package dev.chatstore.files;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The specification's FileEngine: an {@link Engine} that keeps each key as one file under
 * {@code {base}/{session}/}, in the layout of the original (Node.js) FileEngine, so that a
 * folder written by either opens and lists correctly in the other.
 *
 * <h2>Layout</h2>
 * The key {@code chat/123@s.whatsapp.net/index} is the file
 * {@code {base}/{session}/chat/123_at_s.whatsapp.net/index}, holding the value as UTF-8 text:
 * {@code /} nests folders, {@code @} is written {@code _at_} in file and folder names, and
 * back. The engine's own files live beside the session folder, in
 * {@code {base}/.{session}.chatstore/} (a lock, the batch journal, the expiry log), where the
 * original never looks.
 *
 * <h2>Keys</h2>
 * A key is at most {@value #MAX_KEY_BYTES} UTF-8 bytes of {@code /}-separated non-empty
 * segments; each segment's file name ({@code @} as {@code _at_}) is at most
 * {@value #MAX_NAME_BYTES} bytes. Refused with an {@link IllegalArgumentException} naming the
 * key: {@code .} and {@code ..} segments, control characters, {@code \} (a separator on
 * Windows, refused everywhere so folders stay portable), unpaired surrogates, a literal
 * {@code _at_} or {@code _at@} (the layout could not tell it from {@code @}), segments of the
 * form {@code .{name}.tmp-{16 hex}} (temporary files), and on Windows the characters
 * {@code <>:"|?*}, trailing dots and spaces and device names. No key reaches outside the
 * session folder, and symbolic links inside it are never followed. On a case-insensitive
 * file system, keys differing only in case share one file.
 *
 * <h2>Writes</h2>
 * A value is written to {@code .{name}.tmp-{random}} in its folder, forced to disk, renamed
 * over the file atomically and the folder forced ({@link FileEngineOptions#durable()}): a
 * reader sees the old or the new value, and after a crash at any moment a key holds its old
 * or its new value. Leftover temporary files are deleted at open and never listed. A key
 * cannot be both a value and a parent ({@code a} and {@code a/b}; a file is not a folder):
 * such a write throws an {@link IllegalArgumentException} naming both keys and changes nothing.
 * {@code set(k, null)} deletes {@code k} and everything in the folder {@code k/} (never
 * {@code k2}), then removes the folders it emptied; when there is such a folder the delete is
 * journaled like a batch, so that a crash never leaves it half done; {@code ""} is a value.
 *
 * <h2>Listing</h2>
 * {@link #list} reads an in-memory index of every key and its file's modification time, built
 * at open by walking the folder; it does not touch the disk. Order: newest modification first;
 * equal times (files of the original written within one tick of the file system's clock) by key,
 * ascending by code point. Each write stamps its file with a modification time from the
 * engine's clock, strictly later (by at least a microsecond) than any earlier write of this
 * engine and than every file found at open (files dated over an hour ahead of the clock
 * excepted), so that the order of writes is the listing order here, after a reopen, and in the
 * original, on any file system keeping microseconds (ext4, XFS, Btrfs, APFS, NTFS, tmpfs); on
 * coarser ones (FAT, HFS+) writes within one tick tie after a reopen and come by key.
 *
 * <h2>Batches, expiry</h2>
 * {@link #setBatch} is all or nothing: every entry is checked first (a bad key, value or
 * file/folder conflict changes nothing), the batch is then committed to a journal and applied
 * file by file while no other call of this engine runs, so no reader here sees part of it; a
 * crash mid-batch leaves a prefix of the batch on disk (which the original would see as such),
 * and the next {@code open} finishes it from the journal. {@link #setTtl} is supported: the
 * expiry is kept in memory and in an append-only log; an expired key is gone for every reader
 * at once and deleted from the disk by a sweep ({@link FileEngineOptions#sweepInterval()}).
 * The original FileEngine knows nothing of expiry and sees expired keys until they are swept.
 *
 * <h2>Message index</h2>
 * {@code Messages.on(engine)} keeps {@code chat/{jid}/messages} in the specification's text
 * ({@code "TS ID"} lines, newest first) and serializes the changes of one chat within the JVM;
 * {@link #update} gives any other document the same atomic read-modify-write.
 *
 * <h2>Threads, processes</h2>
 * Thread-safe: any number of threads may call any method; writes of different keys run in
 * parallel, writes of one key in their call order, while cascade deletes, deletes by prefix and
 * batches run alone. One process at a time: {@code open} takes a lock file, and a second open
 * of the same session folder (in this JVM or another) fails. Files changed under the folder by
 * other programs while it is open are not seen until the next open. After {@link #close()},
 * every call throws a {@link StoreException} of kind {@code CLOSED}. I/O failures are
 * {@link StoreException}s of kind {@code DATABASE}; nulls where a text is required are
 * {@link IllegalArgumentException}s.
 */
public final class FileEngine implements Engine, AutoCloseable {
  /** The base folder of {@link #openDefault()}, as the original's: {@code .baileys}. */
  public static final Path DEFAULT_BASE = Path.of(".baileys");
  /** The session of {@link #openDefault()}, as the original's: {@code default}. */
  public static final String DEFAULT_SESSION = "default";
  /** Largest key, in UTF-8 bytes: {@link EngineKeys#MAX_KEY_BYTES}, as every engine. */
  public static final int MAX_KEY_BYTES = KeyPaths.MAX_KEY_BYTES;
  /** Largest file or folder name of a key's segment ({@code @} as {@code _at_}), in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = KeyPaths.MAX_NAME_BYTES;

  private static final Logger LOG = LoggerFactory.getLogger(FileEngine.class);
  /** Files dated further ahead of the clock than this (a clock set wrong) do not push new stamps. */
  private static final long MAX_FUTURE_MICROS = 3_600_000_000L;

  private final Path root;
  private final FileEngineOptions options;
  private final DurableFiles files;
  private final SessionTree tree;
  private final KeyIndex index = new KeyIndex();
  private final CallGate gate;
  private final AtomicLong lastStampMicros = new AtomicLong();
  private final BatchJournal journal;
  private final Expiries expiries;
  private final SessionLock lock;

  private FileEngine(Path root, Path meta, FileEngineOptions options, SessionLock lock) {
    this.root = root;
    this.options = options;
    this.files = new DurableFiles(options.durable());
    this.tree = new SessionTree(root, files);
    this.journal = new BatchJournal(meta, files);
    this.expiries = new Expiries(new ExpiryLog(meta, files), options.clock(),
        options.sweepInterval(), "chatstore-files-expiry[" + root.getFileName() + "]");
    this.lock = lock;
    this.gate = new CallGate(root);
  }

  /** {@code open(DEFAULT_BASE, DEFAULT_SESSION)}: {@code ./.baileys/default}, as the original. */
  public static FileEngine openDefault() {
    return open(DEFAULT_BASE, DEFAULT_SESSION, FileEngineOptions.defaults());
  }

  /** {@code open(baseFolder, session, FileEngineOptions.defaults())}. */
  public static FileEngine open(Path baseFolder, String session) {
    return open(baseFolder, session, FileEngineOptions.defaults());
  }

  /**
   * Opens the session folder {@code baseFolder/session}, creating the folders when absent:
   * takes the process lock, walks the folder to build the index (deleting leftover temporary
   * files), finishes a batch cut short by a crash, and loads the expiry log.
   *
   * @param baseFolder the folder holding one folder per session (the original's {@code .baileys})
   * @param session the session's folder name, used verbatim
   * @throws IllegalArgumentException when an argument is null or {@code session} is not one
   *     folder name (empty, {@code .}, {@code ..}, with {@code /}, {@code \} or control
   *     characters, over 200 bytes, or of the form {@code .{name}.chatstore})
   * @throws StoreException of kind {@code DATABASE} when the folder is open elsewhere or
   *     cannot be read or written, of kind {@code SERIALIZATION} when a batch journal is damaged
   */
  public static FileEngine open(Path baseFolder, String session, FileEngineOptions options) {
    if (baseFolder == null) {
      throw new IllegalArgumentException("baseFolder must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    KeyPaths.checkSession(session);
    Path base = baseFolder.toAbsolutePath().normalize();
    Path folder = base.resolve(session);
    try {
      Path meta = Files.createDirectories(base.resolve("." + session + ".chatstore"));
      SessionLock lock = SessionLock.take(meta, folder);
      FileEngine engine;
      try {
        engine = new FileEngine(Files.createDirectories(folder).toRealPath(), meta, options, lock);
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      try {
        engine.load();
      } catch (IOException | RuntimeException e) {
        engine.close();
        throw e;
      }
      return engine;
    } catch (IOException e) {
      throw new StoreException(Kind.DATABASE, "cannot open the session folder " + folder + ": "
          + e, e);
    }
  }

  private void load() throws IOException {
    long started = System.nanoTime();
    FolderScan.Result scan = tree.scan(root, index);
    long latest = index.latestStampAtMost(Math.addExact(nowMicros(), MAX_FUTURE_MICROS) * 1000);
    if (latest != Long.MIN_VALUE) {
      lastStampMicros.set(Math.floorDiv(latest, 1000));
    }
    List<BatchJournal.Entry> pending = journal.pending();
    if (pending != null) {
      LOG.warn("{}: finishing a batch of {} entries cut short by a crash", root, pending.size());
      for (BatchJournal.Entry e : pending) {
        lastStampMicros.accumulateAndGet(e.stampNanos() / 1000, Math::max);
      }
      apply(pending);
      journal.clear();
    }
    List<String> expired = expiries.load(index);
    for (String key : expired) {
      removeKeyFile(key, KeyPaths.fileNames(key));
    }
    expiries.compact();
    expiries.startSweeperIfAny(this::sweepQuietly);
    LOG.info("opened {}: {} keys, {} leftover temporary files removed, {} unreadable entries"
        + " skipped, {} expired keys removed, in {} ms", root, index.size(),
        scan.temporaryFilesRemoved(), scan.skipped(), expired.size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The session folder, {@code {base}/{session}}, as a real absolute path. */
  public Path folder() {
    return root;
  }

  // ------------------------------------------------------------------------------ reads

  /**
   * {@inheritDoc}
   *
   * <p>Reads the file when the index holds the key; never waits for writers of other keys.
   *
   * @throws IllegalArgumentException when {@code key} is not a valid key (see the class doc)
   * @throws StoreException when the file cannot be read or the engine is closed
   */
  @Override
  public String get(String key) {
    List<String> names = KeyPaths.fileNames(key);
    return gate.shared("read the key " + KeyPaths.show(key), () -> readLive(key, names));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Served from the in-memory index, no file touched: a prefix matching many keys costs
   * about {@code offset + limit} steps along the newest-first order, one matching few keys a
   * sort of its keys. Never shows part of a batch, temporary files or expired keys.
   *
   * @throws IllegalArgumentException when {@code prefix} is null, {@code offset} is negative
   *     or {@code limit} is outside 1..{@value EngineKeys#MAX_LIST_LIMIT}
   * @throws StoreException when the engine is closed
   */
  @Override
  public List<String> list(String prefix, int offset, int limit) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null; use \"\" for every key");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be at least 0, got " + offset);
    }
    if (limit < 1 || limit > EngineKeys.MAX_LIST_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + EngineKeys.MAX_LIST_LIMIT
          + ", got " + limit);
    }
    return gate.shared("list", () -> {
      if (expiries.isEmpty()) {
        return index.newest(prefix, offset, limit, null);
      }
      long now = expiries.now();
      return index.newest(prefix, offset, limit, (key, stamp) -> expiries.isLive(key, stamp, now));
    });
  }

  // ------------------------------------------------------------------------------ writes

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code key} is not a valid key, when {@code value}
   *     is over {@value EngineKeys#MAX_VALUE_BYTES} UTF-8 bytes or not well-formed (an unpaired
   *     surrogate), or when the key conflicts with a stored key (a value cannot also be a
   *     parent: both keys are named); nothing changed
   * @throws StoreException when the disk fails or the engine is closed
   */
  @Override
  public void set(String key, String value) {
    List<String> names = KeyPaths.fileNames(key);
    if (value == null) {
      delete(key, names);
    } else {
      put(key, names, encode(key, value), null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The value stays until {@code ttl} has passed by the engine's clock, then is gone for
   * every reader; a later {@code set} of the key makes it permanent again.
   *
   * @throws IllegalArgumentException as {@link #set}, and when {@code value} is null or
   *     {@code ttl} is null, zero or negative
   */
  @Override
  public void setTtl(String key, String value, Duration ttl) {
    List<String> names = KeyPaths.fileNames(key);
    if (value == null) {
      throw new IllegalArgumentException("setTtl(" + KeyPaths.show(key) + ") needs a value;"
          + " use set(key, null) to delete");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl + " for key "
          + KeyPaths.show(key));
    }
    long at;
    try {
      Instant end = options.clock().instant().plus(ttl);
      at = end.toEpochMilli() + (end.getNano() % 1_000_000 == 0 ? 0 : 1);
    } catch (ArithmeticException | java.time.DateTimeException tooFar) {
      at = Long.MAX_VALUE;
    }
    put(key, names, encode(key, value), at);
  }

  /**
   * Replaces the value of {@code key} by {@code updater.apply(current)} atomically with
   * respect to every other write of this engine: no write of the key comes between the read
   * and the write. {@code current} is {@code null} when the key is absent; a {@code null}
   * result deletes the key (a key holding a value has no sub-keys). The updater runs under the
   * key's lock: it must be quick and must not call this engine; it may run a second time
   * (with a freshly read value) when the write needs the engine to itself.
   *
   * @return the new value, or {@code null} when the key is now absent
   * @throws IllegalArgumentException as {@link #set}, or when {@code updater} is null
   * @throws StoreException when the disk fails or the engine is closed
   */
  public String update(String key, UnaryOperator<String> updater) {
    List<String> names = KeyPaths.fileNames(key);
    if (updater == null) {
      throw new IllegalArgumentException("updater must not be null");
    }
    String what = "update the key " + KeyPaths.show(key);
    String[] result = new String[1];
    boolean done = gate.onKey(key, what, () -> update(key, names, updater, result, false));
    if (!done) {
      gate.alone(what, () -> update(key, names, updater, result, true));
    }
    return result[0];
  }

  private boolean update(String key, List<String> names, UnaryOperator<String> updater,
      String[] result, boolean alone) throws IOException {
    String current = readLive(key, names);
    String next = updater.apply(current);
    result[0] = next;
    if (next == null) {
      if (current != null) {
        removeKeyFile(key, names);
      }
      return true;
    }
    return put(key, names, encode(key, next), null, alone);
  }

  /**
   * {@inheritDoc}
   *
   * <p>What a file system allows: all entries are checked first, in order (bad keys and values,
   * and file/folder conflicts as the batch would meet them: {@code [set(a, null), set(a/b, v)]}
   * is fine when {@code a} holds a value); any refusal changes nothing. The batch is then
   * committed to a journal (forced to disk), applied entry by entry with atomic file writes
   * while no other call of this engine runs, and the journal removed. Readers of this engine
   * see all or nothing. After a crash during the apply, the folder holds the old state with a
   * prefix of the batch applied (one entry possibly half done: a cascade delete that removed
   * part of its files; never a half-written value), and the next {@link #open} applies the
   * journal again, giving the whole batch. If the disk fails during the apply, this engine
   * throws and refuses every later call; reopening it finishes the batch. Entries of one batch
   * get increasing modification times, in list order.
   *
   * @throws IllegalArgumentException when {@code entries} or an entry is null, or an entry is
   *     refused (its index in the list and the keys are named); nothing changed
   * @throws StoreException when the disk fails or the engine is closed
   */
  @Override
  public void setBatch(List<Map.Entry<String, String>> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("entries must not be null");
    }
    List<String> keys = new ArrayList<>(entries.size());
    List<byte[]> values = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Map.Entry<String, String> entry = entries.get(i);
      if (entry == null) {
        throw new IllegalArgumentException("entries[" + i + "] is null");
      }
      try {
        KeyPaths.fileNames(entry.getKey());
        keys.add(entry.getKey());
        values.add(entry.getValue() == null ? null : encode(entry.getKey(), entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entries[" + i + "]: " + e.getMessage(), e);
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    gate.alone("apply a batch of " + keys.size() + " entries", () -> {
      new BatchCheck(index, this::isLive).check(keys, values);
      List<BatchJournal.Entry> planned = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        planned.add(new BatchJournal.Entry(keys.get(i), values.get(i),
            values.get(i) == null ? 0 : nextStamp()));
      }
      commitAndApply(planned, planned.size() > 1);
      return null;
    });
  }

  /**
   * Commits {@code planned} to the journal (when {@code journaled}), applies it and clears the
   * journal; a failure while applying stops the engine until the folder is reopened, which
   * finishes the work from the journal. The caller holds the exclusive lock.
   */
  private void commitAndApply(List<BatchJournal.Entry> planned, boolean journaled) {
    if (journaled) {
      try {
        journal.commit(planned);
      } catch (IOException e) {
        throw gate.failure("cannot commit a batch of " + planned.size() + " entries to "
            + journal.file() + "; nothing was applied", e);
      }
    }
    try {
      apply(planned);
      if (journaled) {
        journal.clear();
      }
    } catch (IOException | RuntimeException e) {
      throw gate.stop(new StoreException(Kind.DATABASE, "the FileEngine on " + root
          + " stopped: a committed batch of " + planned.size() + " entries failed while being"
          + " applied (" + e + "); reopen the folder to finish it from " + journal.file(), e));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs alone; deletes the files of the matching keys, then the folders left empty.
   *
   * @throws IllegalArgumentException when {@code prefix} is null
   * @throws StoreException when the disk fails (the keys deleted so far stay deleted) or the
   *     engine is closed
   */
  @Override
  public long deletePrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null; use \"\" for every key");
    }
    long[] deleted = new long[1];
    return gate.alone("delete the keys starting with " + KeyPaths.show(prefix), () -> {
      long now = expiries.now();
      Set<Path> folders = new HashSet<>();
      try {
        for (String key : index.keysWithPrefix(prefix)) {
          Path file = tree.path(KeyPaths.fileNames(key));
          boolean live = expiries.isLive(key, index.stamp(key), now);
          Files.deleteIfExists(file);
          index.remove(key);
          expiries.forget(key);
          folders.add(file.getParent());
          deleted[0] += live ? 1 : 0;
        }
      } catch (IOException e) {
        throw new IOException(deleted[0] + " keys deleted before: " + e, e);
      } finally {
        tree.syncAndPrune(folders);
      }
      return deleted[0];
    });
  }

  /**
   * Closes the engine: waits for the calls in progress, stops the expiry sweep and releases the
   * folder's lock. Idempotent.
   */
  @Override
  public void close() {
    if (!gate.close()) {
      return;
    }
    try {
      expiries.close();
      lock.close();
    } catch (IOException e) {
      LOG.warn("closing {}: {}", root, e.toString());
    }
    LOG.debug("closed {}", root);
  }

  @Override
  public String toString() {
    return "FileEngine[" + root + "]";
  }

  // ------------------------------------------------------------------------------ internals

  /** Writes one value, first beside other writers, alone when a blocker must be removed. */
  private void put(String key, List<String> names, byte[] bytes, Long expiresAt) {
    String what = "write the key " + KeyPaths.show(key);
    if (!gate.onKey(key, what, () -> put(key, names, bytes, expiresAt, false))) {
      gate.alone(what, () -> put(key, names, bytes, expiresAt, true));
    }
  }

  /**
   * Writes one value after checking conflicts with live keys. Expired keys and empty folders in
   * the way are removed when {@code alone} (the exclusive lock is held); otherwise this returns
   * {@code false} for the caller to retry alone.
   */
  private boolean put(String key, List<String> names, byte[] bytes, Long expiresAt, boolean alone)
      throws IOException {
    boolean blocked = false;
    for (String ancestor : index.valueAncestors(key)) {
      if (isLive(ancestor)) {
        throw KeyPaths.conflict(key, ancestor);
      }
      blocked = true;
    }
    if (index.firstUnder(key) != null) {
      String child = firstLiveUnder(key);
      if (child != null) {
        throw KeyPaths.conflict(key, child);
      }
      blocked = true;
    }
    if (blocked && !alone) {
      return false;
    }
    return write(key, names, bytes, nextStamp(), expiresAt, alone);
  }

  /**
   * Writes one value without checking for live conflicts; with {@code force} (exclusive lock
   * held) whatever is in the way is deleted first. Returns {@code false} when the target is a
   * folder and {@code force} is off.
   */
  private boolean write(String key, List<String> names, byte[] bytes, long stampNanos,
      Long expiresAt, boolean force) throws IOException {
    if (force) {
      for (String ancestor : index.valueAncestors(key)) {
        removeKeyFile(ancestor, KeyPaths.fileNames(ancestor));
      }
      if (index.firstUnder(key) != null) {
        cascade(key, names);
      }
    }
    Path folder = tree.folderOf(key, names);
    String name = names.get(names.size() - 1);
    if (expiresAt != null) {
      expiries.log(key, expiresAt, stampNanos);
    }
    try {
      files.write(folder, name, bytes, stampNanos);
    } catch (IOException e) {
      Path target = folder.resolve(name);
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
      if (!force) {
        return false;
      }
      // A folder holding no key (emptied by deletes, or junk): the value takes its place.
      tree.deleteTree(target);
      files.write(folder, name, bytes, stampNanos);
    }
    index.put(key, stampNanos);
    if (expiresAt != null) {
      expiries.written(key, expiresAt, stampNanos, this::sweepQuietly);
    } else {
      expiries.forget(key);
    }
    return true;
  }

  /** Applies batch entries in order, deleting what is in the way (exclusive lock held). */
  private void apply(List<BatchJournal.Entry> entries) throws IOException {
    for (BatchJournal.Entry e : entries) {
      List<String> names = KeyPaths.fileNames(e.key());
      if (e.value() == null) {
        cascade(e.key(), names);
      } else {
        write(e.key(), names, e.value(), e.stampNanos(), null, true);
      }
    }
  }

  /** {@code set(key, null)}: a lone file beside other writers, a folder alone. */
  private void delete(String key, List<String> names) {
    String what = "delete the key " + KeyPaths.show(key);
    boolean done = gate.onKey(key, what, () -> {
      if (index.firstUnder(key) != null) {
        return false;
      }
      removeKeyFile(key, names);
      return true;
    });
    if (!done) {
      // Journaled like a batch: a crash in the middle of the folder's deletion is finished at
      // the next open, so a cascade delete is never left half done.
      gate.alone(what + " and the keys under it", () -> {
        commitAndApply(List.of(new BatchJournal.Entry(key, null, 0)), true);
        return null;
      });
    }
  }

  /** Deletes the file of {@code key} when the index holds it (caller holds its stripe). */
  private void removeKeyFile(String key, List<String> names) throws IOException {
    if (index.contains(key)) {
      files.deleteFile(tree.path(names));
      index.remove(key);
      expiries.forget(key);
    }
  }

  /**
   * Deletes {@code key}, the folder {@code key/} with everything in it, and the folders this
   * empties (exclusive lock held). On a failure the index is rebuilt from what remains.
   */
  private void cascade(String key, List<String> names) throws IOException {
    Path path = tree.path(names);
    List<String> gone = index.keysWithPrefix(key + "/");
    if (index.contains(key)) {
      gone.add(key);
    }
    try {
      tree.deleteTree(path);
    } catch (IOException e) {
      for (String k : gone) {
        index.remove(k);
      }
      tree.scan(path, index);
      throw e;
    }
    for (String k : gone) {
      index.remove(k);
      expiries.forget(k);
    }
    tree.pruneFrom(path.getParent());
  }

  private String readLive(String key, List<String> names) {
    Long stamp = index.stamp(key);
    if (stamp == null || !expiries.isLive(key, stamp, expiries.now())) {
      return null;
    }
    try {
      return new String(Files.readAllBytes(tree.path(names)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException deletedMeanwhile) {
      return null;
    } catch (IOException e) {
      throw gate.failure("cannot read the key " + KeyPaths.show(key), e);
    }
  }

  private boolean isLive(String key) {
    return expiries.isLive(key, index.stamp(key), expiries.now());
  }

  private String firstLiveUnder(String key) {
    for (String child : index.keysWithPrefix(key + "/")) {
      if (isLive(child)) {
        return child;
      }
    }
    return null;
  }

  private long nextStamp() {
    long micros = nowMicros();
    return lastStampMicros.updateAndGet(prev -> Math.max(micros, prev + 1)) * 1000;
  }

  private long nowMicros() {
    Instant now = options.clock().instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private static byte[] encode(String key, String value) {
    return EngineKeys.valueBytes(key, value, EngineKeys.MAX_VALUE_BYTES);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      if (!gate.isClosed()) {
        LOG.warn("{}: the expiry sweep failed: {}", root, e.toString());
      }
    }
  }

  /**
   * Deletes the files of expired keys now, and rewrites the expiry log when it holds many more
   * lines than live expiries; returns how many keys were deleted. Run by the sweep thread.
   */
  int sweep() {
    int removed = 0;
    for (Map.Entry<String, ExpiryLog.Expiry> due : expiries.due(options.clock().millis())) {
      String key = due.getKey();
      removed += gate.onKey(key, "delete the expired key " + KeyPaths.show(key), () -> {
        Long stamp = index.stamp(key);
        if (stamp != null && stamp == due.getValue().stampNanos()) {
          removeKeyFile(key, KeyPaths.fileNames(key));
          return 1;
        }
        expiries.forget(key, due.getValue());
        return 0;
      });
    }
    if (expiries.compactionDue()) {
      gate.alone("rewrite the expiry log", () -> {
        expiries.compact();
        return null;
      });
    }
    return removed;
  }
}
