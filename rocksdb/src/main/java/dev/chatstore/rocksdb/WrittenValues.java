package dev.chatstore.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form (value with its header) of the keys the writer thread last wrote or read for
 * a check, so that a later {@link dev.chatstore.kv.WriteOp.Check} of the same key needs no read.
 * Exact because the database changes only through the writer thread of its one
 * {@link RocksDbKvStore} (RocksDB locks the directory against other processes): the writer
 * records every put and delete it commits, and forgets everything after a range delete, an
 * expiry sweep or a failed commit. Bounded to {@value #MAX_ENTRIES} keys, least recently used
 * first out. Writer thread only; not thread-safe.
 */
final class WrittenValues {
  /** Keys remembered at most. */
  static final int MAX_ENTRIES = 65_536;
  /** Stands for "absent" (compared by identity). */
  private static final byte[] ABSENT = new byte[0];

  private final Map<String, byte[]> known = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  /** Keys (as {@link #id}s) of the commit in progress, in order, until it is written. */
  private final List<String> stagedIds = new ArrayList<>();
  /** Their stored forms ({@link #ABSENT} for a delete). */
  private final List<byte[]> staged = new ArrayList<>();
  /** Per staged pair: whether it only updates a key already known. */
  private final List<Boolean> onlyKnown = new ArrayList<>();

  /** A key as a map key: one byte a char (equal by bytes, hash cached). */
  static String id(byte[] key) {
    return new String(key, StandardCharsets.ISO_8859_1);
  }

  /**
   * What the key of id {@code id} holds: null when not known, else a stored form, or a value for
   * which {@link #isAbsent} is true.
   */
  byte[] lookup(String id) {
    return known.get(id);
  }

  /**
   * Whether nothing is known or staged: then a commit whose writes no check asked about has
   * nothing to keep exact, and need not stage them.
   */
  boolean isEmpty() {
    return known.isEmpty() && stagedIds.isEmpty();
  }

  /** Whether a {@link #lookup} result stands for an absent key. */
  static boolean isAbsent(byte[] looked) {
    return looked == ABSENT;
  }

  /**
   * Records that {@code key} will hold {@code stored} (null: absent) once the group is written.
   * With {@code onlyIfKnown} it only keeps a key already known exact, without learning it: for
   * writes of keys no check asked about.
   */
  void stage(String id, byte[] stored, boolean onlyIfKnown) {
    stagedIds.add(id);
    staged.add(stored == null ? ABSENT : stored);
    onlyKnown.add(onlyIfKnown);
  }

  /** The group was written: what it staged is now what the database holds. */
  void publish() {
    for (int i = 0; i < stagedIds.size(); i++) {
      if (onlyKnown.get(i)) {
        known.replace(stagedIds.get(i), staged.get(i));
      } else {
        known.put(stagedIds.get(i), staged.get(i));
      }
    }
    stagedIds.clear();
    staged.clear();
    onlyKnown.clear();
  }

  /** Forgets everything, staged or known. */
  void clear() {
    stagedIds.clear();
    staged.clear();
    onlyKnown.clear();
    known.clear();
  }
}
