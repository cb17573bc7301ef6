package dev.chatstore.engine;

import static dev.chatstore.engine.KvLayout.EMPTY;

import dev.chatstore.engine.KvLayout.Doc;
import dev.chatstore.engine.KvLayout.Index;
import dev.chatstore.engine.KvLayout.Text;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import dev.chatstore.tuple.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimistic write of a {@link KvEngine}: reads the current state of the documents it
 * touches (remembering, as checks, what it read), and collects the operations that bring the
 * documents, their recency entries, the engine's change version and message index entries to
 * the new state, as one atomic {@link WriteBatch}.
 *
 * <h2>Why the checks are enough</h2>
 * Every write of a document replaces its stamp, and a document is present with stamp {@code s}
 * exactly while its root recency entry {@code (1, "", MAX - s, key)} is present: both are written
 * and removed in the same batch. So a check that this entry is present (for a document read as
 * present) or that the document key is absent (for one read as absent) fails whenever another
 * write changed the document since it was read, and the whole batch is then retried from fresh
 * reads. Message index entries change only together with their header document, so checking the
 * header covers them.
 *
 * <p>Every batch that changes anything also rewrites the engine's change version
 * ({@link KvLayout#versionKey}) with a value never written before. A cascade delete of a
 * directory reads that version before it reads the directory's index, and its batch checks the
 * version alone: the batch then applies only if no document of the engine was created, modified
 * or deleted since — so the index it read is exactly the subtree, with the stamps it read — and
 * it can remove the subtree with range deletes and the entries in the directories above with
 * point deletes at those stamps, with no check per document. As any write anywhere in the engine
 * makes it fail, a cascade delete falls back, after {@value #FAST_DELETE_ATTEMPTS} attempts, to
 * checking and deleting each document with all its entries, which no concurrent write can
 * disturb.
 *
 * <p>Not thread-safe: one plan per attempt.
 */
final class WritePlan {
  /** Entries read per scan page of a cascade delete. */
  private static final int DELETE_PAGE = 1000;
  /** Attempts of a cascade delete with range deletes before it deletes document by document. */
  static final int FAST_DELETE_ATTEMPTS = 3;
  /** Documents with consecutive stamps worth a read to replace their point deletes by a range. */
  static final int MIN_RANGE_RUN = 16;

  /** What the plan knows of a document: absent, or present with a stamp (and maybe content). */
  private record Cur(long stamp, Doc doc) {
    static final Cur ABSENT = new Cur(Long.MIN_VALUE, null);

    boolean present() {
      return this != ABSENT;
    }
  }

  private final KvStore store;
  private final long millis;
  /** The documents read or planned, in the order first met (so the batch is deterministic). */
  private final Map<String, Cur> touched = new LinkedHashMap<>();
  private final List<WriteOp> checks = new ArrayList<>();
  private final List<WriteOp> ops = new ArrayList<>();
  private final int attempt;
  private long weight;
  private long removed;

  /**
   * @param store the engine's store
   * @param millis the engine clock's time, for stamps
   * @param attempt which attempt of the write this plan is, from 1
   */
  WritePlan(KvStore store, long millis, int attempt) {
    this.store = store;
    this.millis = millis;
    this.attempt = attempt;
  }

  /** How many documents the plan removes. */
  long removed() {
    return removed;
  }

  /** The number of operations planned so far, checks included. */
  int size() {
    return checks.size() + ops.size() + 1;
  }

  /** The bytes of keys and values planned so far (directory versions not counted). */
  long weight() {
    return weight;
  }

  /** Forgets everything planned: the attempt writes nothing (what it read needs no write). */
  void discard() {
    checks.clear();
    ops.clear();
    weight = 0;
  }

  /**
   * The batch: every check first (against the state before the batch), then the operations, then
   * a new change version when there are operations (after any range delete that removed it). A
   * plan of checks alone changes nothing and builds an empty batch.
   */
  WriteBatch build() {
    WriteBatch.Builder b = WriteBatch.builder();
    if (ops.isEmpty()) {
      return b.build();
    }
    checks.forEach(b::add);
    ops.forEach(b::add);
    b.add(new WriteOp.Put(KvLayout.versionKey(""), KvLayout.newVersion(millis), null));
    return b.build();
  }

  /** Whether the plan fits in one write batch of the store. */
  boolean fits() {
    return size() <= KvLimits.MAX_BATCH_OPS
        && weight + 64 <= KvLimits.MAX_BATCH_BYTES;
  }

  // ---- reading ----

  /** The document {@code key} as the plan knows it, reading the store the first time. */
  Doc current(String key) {
    Cur c = touched.get(key);
    if (c == null) {
      byte[] dk = KvLayout.docKey(key);
      c = adopt(key, dk, store.get(dk));
    }
    return c.doc;
  }

  /**
   * Registers {@code key} as absent without reading it: the batch then applies only if it is
   * (an optimistic write of a new key).
   */
  void assumeAbsent(String key) {
    if (!touched.containsKey(key)) {
      adopt(key, KvLayout.docKey(key), null);
    }
  }

  /** Registers a document read elsewhere ({@code raw} is its record, or null when absent). */
  Doc adopt(String key, byte[] raw) {
    Cur c = touched.get(key);
    if (c != null) {
      return c.doc;
    }
    return adopt(key, KvLayout.docKey(key), raw).doc;
  }

  private Cur adopt(String key, byte[] docKey, byte[] raw) {
    Cur c;
    if (raw == null) {
      c = Cur.ABSENT;
      check(new WriteOp.Check(docKey, null));
    } else {
      Doc d = Doc.decode(key, raw);
      c = new Cur(d.stamp(), d);
      check(new WriteOp.Check(KvLayout.rootRecentKey(key, d.stamp()), EMPTY));
    }
    touched.put(key, c);
    return c;
  }

  /** A document found through the recency index: known to be present with {@code stamp}. */
  private void adoptStamp(String key, long stamp) {
    touched.put(key, new Cur(stamp, null));
    check(new WriteOp.Check(KvLayout.rootRecentKey(key, stamp), EMPTY));
  }

  // ---- documents ----

  /** Plans {@code key = value} (UTF-8 {@code utf8}), until {@code expiresAt} when not null. */
  void putText(String key, String value, byte[] utf8, Instant expiresAt) {
    if (EngineKeys.chatOfMessagesKey(key).isPresent()) {
      replaceIndex(key, IndexText.parse(key, value), expiresAt);
      return;
    }
    Cur old = state(key);
    long stamp = KvLayout.nextStamp(millis, old.stamp + 1);
    unlink(key, old);
    Text t = Text.of(stamp, utf8);
    op(new WriteOp.Put(KvLayout.docKey(key), t.encode(), expiresAt));
    link(key, stamp, expiresAt);
    touched.put(key, new Cur(stamp, t));
  }

  /** Plans the message index document {@code key} to hold exactly {@code refs}. */
  void replaceIndex(String key, List<MessageRef> refs, Instant expiresAt) {
    Cur old = state(key);
    long stamp = KvLayout.nextStamp(millis, old.stamp + 1);
    unlink(key, old);
    dropEntries(key);
    for (MessageRef r : refs) {
      putEntry(key, r, expiresAt);
    }
    Index header = new Index(stamp, refs.size(),
        expiresAt == null ? Long.MAX_VALUE : expiresAt.toEpochMilli());
    op(new WriteOp.Put(KvLayout.docKey(key), header.encode(), expiresAt));
    link(key, stamp, expiresAt);
    touched.put(key, new Cur(stamp, header));
  }

  /**
   * Plans a new header for the message index {@code key} with {@code count} entries, keeping
   * {@code old}'s expiry (none when {@code old} is null), and returns it. The caller plans the
   * entries themselves ({@link #putEntry}, {@link #deleteEntry}).
   */
  Index writeIndexHeader(String key, Index old, long count) {
    Cur cur = state(key);
    long stamp = KvLayout.nextStamp(millis, cur.stamp + 1);
    unlink(key, cur);
    Index header = new Index(stamp, count, old == null ? Long.MAX_VALUE : old.expiresAt());
    op(new WriteOp.Put(KvLayout.docKey(key), header.encode(), header.expiry()));
    link(key, stamp, header.expiry());
    touched.put(key, new Cur(stamp, header));
    return header;
  }

  /** Plans the index entry {@code ref} of message index {@code key}. */
  void putEntry(String key, MessageRef ref, Instant expiresAt) {
    op(new WriteOp.Put(KvLayout.msgKey(key, ref.timestamp(), ref.id()), EMPTY, expiresAt));
    op(new WriteOp.Put(KvLayout.msgIdKey(key, ref.id()), KvLayout.longBytes(ref.timestamp()),
        expiresAt));
  }

  /** Plans the removal of index entry {@code ref} of message index {@code key}. */
  void deleteEntry(String key, MessageRef ref) {
    op(new WriteOp.Delete(KvLayout.msgKey(key, ref.timestamp(), ref.id())));
    op(new WriteOp.Delete(KvLayout.msgIdKey(key, ref.id())));
  }

  // ---- deletes ----

  /**
   * Plans the removal of {@code exact} (when not null) and of every document whose key starts
   * with {@code prefix}, adding documents until the plan holds {@code budget} operations.
   *
   * <p>When {@code prefix} is a directory ({@code ""} or ending with {@code /}), its subtree fits
   * in the budget and this is one of the first {@value #FAST_DELETE_ATTEMPTS} attempts, the
   * subtree goes in range deletes, guarded by one check of the change version (which fails when
   * any document changed meanwhile, seen or not), and only the recency entries in the directories
   * above it are deleted one by one. Otherwise each document is checked and deleted with all its
   * entries.
   *
   * @return whether every matching document is planned (false: budget reached, more remain)
   */
  boolean deleteTree(String exact, String prefix, int budget) {
    if (exact != null) {
      Cur c = state(exact);
      if (c.present()) {
        deleteDoc(exact, c);
      }
    }
    boolean aligned = prefix.isEmpty() || prefix.charAt(prefix.length() - 1) == '/';
    if (aligned && attempt <= FAST_DELETE_ATTEMPTS && deleteDirectory(prefix, budget)) {
      return true;
    }
    KeyRange rest = aligned ? KvLayout.recentDir(prefix)
        : KvLayout.stringPrefix(KvLayout.NODES, prefix);
    while (rest != null) {
      ScanPage page = store.scan(rest, Direction.ASCENDING, DELETE_PAGE);
      for (KvEntry e : page.entries()) {
        if (size() >= budget) {
          return false;
        }
        Tuple t = KvLayout.NODES.unpack(e.key());
        if (!aligned && !KvLayout.isDoc(t)) {
          continue; // a directory version or recency entry inside the prefix
        }
        String key = aligned ? KvLayout.keyOfRecent(t) : t.getString(0);
        if (touched.containsKey(key)) {
          continue;
        }
        if (aligned) {
          adoptStamp(key, KvLayout.stampOfRecent(t));
        } else {
          adopt(key, e.key(), e.value());
        }
        deleteDoc(key, touched.get(key));
      }
      rest = page.rest();
    }
    deletePlannedUnder(prefix, false);
    return true;
  }

  /**
   * The range-delete plan of directory {@code dir}'s subtree, when it fits in {@code budget}
   * operations; returns false (planning nothing) when it does not.
   */
  private boolean deleteDirectory(String dir, int budget) {
    byte[] versionKey = KvLayout.versionKey("");
    byte[] version = store.get(versionKey); // read before the entries: a later write changes it
    List<String> outer = outerDirs(dir);
    List<String> keys = new ArrayList<>();
    List<Long> stamps = new ArrayList<>();
    KeyRange rest = KvLayout.recentDir(dir);
    int pages = 0;
    while (rest != null) {
      ScanPage page = store.scan(rest, Direction.ASCENDING, DELETE_PAGE);
      pages++;
      for (KvEntry e : page.entries()) {
        Tuple t = KvLayout.NODES.unpack(e.key());
        keys.add(KvLayout.keyOfRecent(t));
        stamps.add(KvLayout.stampOfRecent(t));
      }
      if ((long) (keys.size() + touched.size()) * outer.size() + size() + 8 > budget) {
        return false;
      }
      rest = page.rest();
    }
    if (pages == 1 && keys.isEmpty() && !plannedUnder(dir)) {
      // one read saw the directory empty (every document has an entry in each of its ancestor
      // directories, message entries live only beside their header): nothing to remove
      return true;
    }
    check(new WriteOp.Check(versionKey, version));
    List<String> runKeys = new ArrayList<>(keys.size());
    List<Long> runStamps = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (!touched.containsKey(key)) {
        runKeys.add(key);
        runStamps.add(stamps.get(i));
        touched.put(key, Cur.ABSENT);
        removed++;
      }
    }
    deleteOuterEntries(outer, runKeys, runStamps);
    deletePlannedUnder(dir, true); // documents this plan wrote or read before
    op(new WriteOp.DeleteRange(KvLayout.stringPrefix(KvLayout.NODES, dir)));
    op(new WriteOp.DeleteRange(KvLayout.stringPrefix(KvLayout.MSGS, dir)));
    op(new WriteOp.DeleteRange(KvLayout.stringPrefix(KvLayout.MSG_IDS, dir)));
    return true;
  }

  /**
   * Plans the removal of the entries, in directories {@code outer}, of the documents
   * {@code keys} read with {@code stamps} from their directory's index (in its order: newest
   * first) under the change version's check. A run of at least {@value #MIN_RANGE_RUN} documents
   * with consecutive stamps (written together, as by one {@code setBatch}, with nothing else
   * stamped in between in this process) has consecutive entries in every directory above, unless
   * another process stamped a key in between: a read of that span tells, and when it holds
   * exactly the run's entries, one range delete removes them. Everything else is deleted entry by
   * entry. What was read stays true until the batch applies, or the version check fails; what
   * this plan itself writes is not in the store yet, so a run whose stamps hold the stamp of a
   * document the plan keeps or writes is deleted entry by entry too.
   */
  private void deleteOuterEntries(List<String> outer, List<String> keys, List<Long> stamps) {
    List<Long> planned = new ArrayList<>();
    for (Cur c : touched.values()) {
      if (c.present()) {
        planned.add(c.stamp);
      }
    }
    for (String dir : outer) {
      int from = 0;
      while (from < keys.size()) {
        int to = from + 1;
        while (to < keys.size() && stamps.get(to) == stamps.get(to - 1) - 1) {
          to++;
        }
        if (to - from < MIN_RANGE_RUN || holdsAny(planned, stamps.get(to - 1), stamps.get(from))
            || !deleteRun(dir, keys, stamps, from, to)) {
          for (int i = from; i < to; i++) {
            String key = keys.get(i);
            op(new WriteOp.Delete(KvLayout.recentKey(dir, stamps.get(i),
                key.substring(dir.length()))));
          }
        }
        from = to;
      }
    }
  }

  private static boolean holdsAny(List<Long> values, long min, long max) {
    for (long v : values) {
      if (v >= min && v <= max) {
        return true;
      }
    }
    return false;
  }

  /**
   * Plans one range delete of the entries in directory {@code dir} of documents
   * {@code from .. to - 1} when the store holds nothing else between them; returns false
   * (planning nothing) when it does.
   */
  private boolean deleteRun(String dir, List<String> keys, List<Long> stamps, int from, int to) {
    byte[] first = KvLayout.recentKey(dir, stamps.get(from),
        keys.get(from).substring(dir.length()));
    byte[] last = KvLayout.recentKey(dir, stamps.get(to - 1),
        keys.get(to - 1).substring(dir.length()));
    byte[] end = Arrays.copyOf(last, last.length + 1); // the first key after last
    KeyRange span = KeyRange.of(first, end);
    int want = to - from;
    int seen = 0;
    for (KeyRange rest = span; rest != null && seen <= want; ) {
      ScanPage page = store.scan(rest, Direction.ASCENDING,
          Math.min(want + 1 - seen, DELETE_PAGE));
      seen += page.entries().size();
      rest = page.rest();
    }
    if (seen != want) {
      return false;
    }
    op(new WriteOp.DeleteRange(span));
    return true;
  }

  /** Whether the plan knows a document under {@code prefix} as present. */
  private boolean plannedUnder(String prefix) {
    for (Map.Entry<String, Cur> t : touched.entrySet()) {
      if (t.getValue().present() && t.getKey().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes every document the plan knows as present under {@code prefix}; with
   * {@code outerOnly}, only their recency entries above {@code prefix} (a range delete takes the
   * rest).
   */
  private void deletePlannedUnder(String prefix, boolean outerOnly) {
    List<String> planned = new ArrayList<>();
    for (Map.Entry<String, Cur> t : touched.entrySet()) {
      if (t.getValue().present() && t.getKey().startsWith(prefix)) {
        planned.add(t.getKey());
      }
    }
    if (!outerOnly) {
      for (String key : planned) {
        deleteDoc(key, touched.get(key));
      }
      return;
    }
    for (String dir : outerDirs(prefix)) {
      for (String key : planned) {
        op(new WriteOp.Delete(KvLayout.recentKey(dir, touched.get(key).stamp,
            key.substring(dir.length()))));
      }
    }
    for (String key : planned) {
      touched.put(key, Cur.ABSENT);
      removed++;
    }
  }

  private void deleteDoc(String key, Cur c) {
    op(new WriteOp.Delete(KvLayout.docKey(key)));
    unlink(key, c);
    if (EngineKeys.chatOfMessagesKey(key).isPresent()) {
      dropEntries(key);
    }
    touched.put(key, Cur.ABSENT);
    removed++;
  }

  // ---- helpers ----

  private Cur state(String key) {
    current(key);
    return touched.get(key);
  }

  /** The directories strictly above directory {@code dir}: {@code ""}, {@code "chat/"}, ... */
  private static List<String> outerDirs(String dir) {
    List<String> out = new ArrayList<>();
    if (dir.isEmpty()) {
      return out;
    }
    out.add("");
    for (int i = dir.indexOf('/'); i >= 0 && i < dir.length() - 1; i = dir.indexOf('/', i + 1)) {
      out.add(dir.substring(0, i + 1));
    }
    return out;
  }

  /** Plans the recency entries of {@code key} at {@code stamp}, one per ancestor directory. */
  private void link(String key, long stamp, Instant expiresAt) {
    forEachDir(key, (dir, suffix) ->
        op(new WriteOp.Put(KvLayout.recentKey(dir, stamp, suffix), EMPTY, expiresAt)));
  }

  /** Plans the removal of the recency entries of {@code key} as it is in {@code old}. */
  private void unlink(String key, Cur old) {
    if (old.present()) {
      long stamp = old.stamp;
      forEachDir(key, (dir, suffix) ->
          op(new WriteOp.Delete(KvLayout.recentKey(dir, stamp, suffix))));
    }
  }

  private void dropEntries(String key) {
    op(new WriteOp.DeleteRange(KvLayout.msgRange(key)));
    op(new WriteOp.DeleteRange(KvLayout.msgIdRange(key)));
  }

  private interface DirAction {
    void accept(String dir, String suffix);
  }

  private static void forEachDir(String key, DirAction action) {
    action.accept("", key);
    for (int i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
      action.accept(key.substring(0, i + 1), key.substring(i + 1));
    }
  }

  private void check(WriteOp op) {
    checks.add(op);
    weight += op.weight();
  }

  private void op(WriteOp op) {
    ops.add(op);
    weight += op.weight();
  }
}
