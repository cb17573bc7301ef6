package dev.chatstore.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form (value with its header) of the keys the commits last wrote or read for a
 * check, so that a later {@link dev.chatstore.kv.WriteOp.Check} of the same key needs no read.
 * Exact because the database changes only through the commits of its one
 * {@link RocksDbKvStore}, one at a time (RocksDB locks the directory against other processes):
 * they record every put and delete they commit, and forget everything after a range delete, an
 * expiry sweep or a failed commit. Bounded to {@value #MAX_ENTRIES} keys, least recently used
 * first out. Used by one commit at a time; not thread-safe.
 *
 * <p>It learns keys from checks only: the stored form a check read from the database
 * ({@link #learn}). Writes ({@link #stage}) only keep keys already known exact, which covers
 * the writes of checked keys too: a key checked in a group is known by the time its writes are
 * published (learned earlier in the same publish, or found known and made the most recently
 * used); should a large group evict it meanwhile, it is merely not known. Most writes are of
 * keys not known at all: a counting filter over the keys' hashes ({@value #FILTER_SLOTS}
 * one-byte counters) answers "not known" for most of them without a map lookup. A counter that
 * reaches 255 stays there until {@link #clear}, so a zero counter always means that no known key
 * has that slot, and a non-zero one is confirmed by the map.
 *
 * <p>The map is an open-addressing table of primitive arrays, so that a look-up touches few
 * cache lines: each slot holds a key's hash beside its entry's number, so only a key of the same
 * hash is compared; the entries (key, stored form, hash) sit in parallel arrays linked from the
 * least to the most recently used. Only the keys the map learns are copied.
 */
final class WrittenValues {
  /** Keys remembered at most. */
  static final int MAX_ENTRIES = 65_536;
  /** Counters of the filter: four per key remembered at most. */
  static final int FILTER_SLOTS = 1 << 18;
  /** Entries room is made for at first; the arrays double as needed. */
  private static final int INITIAL_ENTRIES = 1024;
  /** Stands for "absent" (compared by identity). */
  private static final byte[] ABSENT = new byte[0];
  /** A counter that stays put: more keys than it can count, or once did. */
  private static final byte SATURATED = (byte) 0xFF;
  /** The hash half of a slot. */
  private static final long HASH_BITS = 0xFFFF_FFFF_0000_0000L;
  /** No entry. */
  private static final int NONE = -1;

  private final int maxEntries;
  /** Per hash slot: how many known keys have it, or {@link #SATURATED}. */
  private final byte[] filter = new byte[FILTER_SLOTS];

  /**
   * The table, at most half full, probed linearly: 0 for a free slot, else the key's hash in the
   * high 32 bits and its entry's number plus one in the low 32.
   */
  private long[] slots;
  /** {@code slots.length - 1}. */
  private int mask;
  /** {@code 32 - log2(slots.length)}: a hash's home slot is its mixed hash shifted by it. */
  private int shift;
  /** Per entry, {@code 0 .. size - 1}: the key (owned), */
  private byte[][] keys;
  /** its stored form ({@link #ABSENT} for an absent key), */
  private byte[][] values;
  /** its {@link #hash}, */
  private int[] hashes;
  /** and the next older and newer entries in the order of use, or {@link #NONE}. */
  private int[] older;
  private int[] newer;
  private int size;
  private int eldest = NONE;
  private int newest = NONE;

  /** The pairs of the commit in progress, in order, until it is written: their keys, */
  private byte[][] stagedKeys = new byte[64][];
  /** the keys' {@link #hash}es, */
  private int[] stagedHashes = new int[64];
  /** their stored forms ({@link #ABSENT} for a delete), */
  private byte[][] stagedValues = new byte[64][];
  /** and whether each is learned ({@link #learn}) rather than only kept exact. */
  private boolean[] stagedLearned = new boolean[64];
  private int stagedCount;

  /** Remembers up to {@value #MAX_ENTRIES} keys. */
  WrittenValues() {
    this(MAX_ENTRIES);
  }

  /** Remembers up to {@code maxEntries} keys (for tests: fewer, to evict often). */
  WrittenValues(int maxEntries) {
    if (maxEntries < 1 || maxEntries > MAX_ENTRIES) {
      throw new IllegalArgumentException("maxEntries " + maxEntries + " is outside 1.."
          + MAX_ENTRIES);
    }
    this.maxEntries = maxEntries;
    int capacity = Math.min(INITIAL_ENTRIES, maxEntries);
    keys = new byte[capacity][];
    values = new byte[capacity][];
    hashes = new int[capacity];
    older = new int[capacity];
    newer = new int[capacity];
    slots = new long[tableLength(capacity)];
    mask = slots.length - 1;
    shift = Integer.numberOfLeadingZeros(slots.length) + 1;
  }

  /** The table length for {@code capacity} entries: a power of two, at least twice as many. */
  private static int tableLength(int capacity) {
    return Integer.highestOneBit(capacity * 2 - 1) << 1;
  }

  /** A key's hash, to pass to the other methods with it. */
  static int hash(byte[] key) {
    return Arrays.hashCode(key);
  }

  /** The filter slot of a {@link #hash}. */
  static int slot(int hash) {
    return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(FILTER_SLOTS));
  }

  /**
   * What {@code key} (of hash {@code hash}) holds: null when not known, else a stored form, or a
   * value for which {@link #isAbsent} is true. A known key becomes the most recently used.
   */
  byte[] lookup(byte[] key, int hash) {
    if (filter[slot(hash)] == 0) {
      return null;
    }
    int e = find(key, hash);
    if (e == NONE) {
      return null;
    }
    touch(e);
    return values[e];
  }

  /** The number of keys known. */
  int size() {
    return size;
  }

  /**
   * Whether nothing is known or staged: then a commit whose writes no check asked about has
   * nothing to keep exact, and need not stage them.
   */
  boolean isEmpty() {
    return size == 0 && stagedCount == 0;
  }

  /** Whether a {@link #lookup} result stands for an absent key. */
  static boolean isAbsent(byte[] looked) {
    return looked == ABSENT;
  }

  /**
   * Records that {@code key} will hold {@code stored} (null: absent) once the group is written:
   * a write of the group. It keeps the key exact if it is known then, without learning it. The
   * key is not copied: it must not change until {@link #publish} or {@link #clear}.
   */
  void stage(byte[] key, byte[] stored) {
    add(key, hash(key), stored, false);
  }

  /**
   * Records that {@code key} (of hash {@code hash}) holds {@code stored} (null: absent), as a
   * check read it from the database before the group's writes were staged; the key is learned
   * when the group is written. The key is not copied until then: it must not change until
   * {@link #publish} or {@link #clear}.
   */
  void learn(byte[] key, int hash, byte[] stored) {
    add(key, hash, stored, true);
  }

  private void add(byte[] key, int hash, byte[] stored, boolean learned) {
    int i = stagedCount;
    if (i == stagedKeys.length) {
      int n = i * 2;
      stagedKeys = Arrays.copyOf(stagedKeys, n);
      stagedHashes = Arrays.copyOf(stagedHashes, n);
      stagedValues = Arrays.copyOf(stagedValues, n);
      stagedLearned = Arrays.copyOf(stagedLearned, n);
    }
    stagedKeys[i] = key;
    stagedHashes[i] = hash;
    stagedValues[i] = stored == null ? ABSENT : stored;
    stagedLearned[i] = learned;
    stagedCount = i + 1;
  }

  /** The group was written: what it staged is now what the database holds. */
  void publish() {
    for (int i = 0; i < stagedCount; i++) {
      int hash = stagedHashes[i];
      if (stagedLearned[i]) {
        put(stagedKeys[i], hash, stagedValues[i]);
      } else if (filter[slot(hash)] != 0) {
        int e = find(stagedKeys[i], hash);
        if (e != NONE) {
          values[e] = stagedValues[i];
          touch(e);
        }
      }
    }
    unstage();
  }

  /** Forgets everything, staged or known. */
  void clear() {
    unstage();
    if (size == 0) {
      return;
    }
    if (size < slots.length / 16) {
      int[] at = older; // reused: the links are reset below
      for (int e = 0; e < size; e++) {
        at[e] = slotOf(e);
      }
      for (int e = 0; e < size; e++) {
        slots[at[e]] = 0;
        filter[slot(hashes[e])] = 0;
      }
    } else {
      Arrays.fill(slots, 0);
      Arrays.fill(filter, (byte) 0);
    }
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    eldest = NONE;
    newest = NONE;
  }

  private void unstage() {
    Arrays.fill(stagedKeys, 0, stagedCount, null);
    Arrays.fill(stagedValues, 0, stagedCount, null);
    stagedCount = 0;
  }

  // ---- the table ----

  private int home(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  /** The entry of {@code key}, or {@link #NONE}. */
  private int find(byte[] key, int hash) {
    long tag = (long) hash << 32;
    for (int i = home(hash);; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == 0) {
        return NONE;
      }
      if ((s & HASH_BITS) == tag && Arrays.equals(keys[(int) s - 1], key)) {
        return (int) s - 1;
      }
    }
  }

  /** The slot of entry {@code e}. */
  private int slotOf(int e) {
    long s = ((long) hashes[e] << 32) | (e + 1);
    int i = home(hashes[e]);
    while (slots[i] != s) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Knows {@code key} to hold {@code stored}: a copy of the key is made when it is new. */
  private void put(byte[] key, int hash, byte[] stored) {
    int e = find(key, hash);
    if (e != NONE) {
      values[e] = stored;
      touch(e);
      return;
    }
    if (size == maxEntries) {
      e = eldest;
      removeSlot(slotOf(e));
      uncount(hashes[e]);
      unlink(e);
    } else {
      if (size == keys.length) {
        grow();
      }
      e = size++;
    }
    keys[e] = key.clone();
    values[e] = stored;
    hashes[e] = hash;
    linkNewest(e);
    insertSlot(e);
    count(hash);
  }

  private void insertSlot(int e) {
    int i = home(hashes[e]);
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = ((long) hashes[e] << 32) | (e + 1);
  }

  /** Frees slot {@code i}, moving later slots of the probe run back so that none is cut off. */
  private void removeSlot(int i) {
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      long s = slots[j];
      if (s == 0) {
        break;
      }
      int h = home((int) (s >>> 32));
      // the slot at j stays when its home lies cyclically in (i, j]
      boolean stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!stays) {
        slots[i] = s;
        i = j;
      }
    }
    slots[i] = 0;
  }

  /** Doubles the room for entries, up to {@link #maxEntries}, and the table with it. */
  private void grow() {
    int capacity = Math.min(maxEntries, keys.length * 2);
    keys = Arrays.copyOf(keys, capacity);
    values = Arrays.copyOf(values, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    older = Arrays.copyOf(older, capacity);
    newer = Arrays.copyOf(newer, capacity);
    int length = tableLength(capacity);
    if (length != slots.length) {
      slots = new long[length];
      mask = length - 1;
      shift = Integer.numberOfLeadingZeros(length) + 1;
      for (int e = 0; e < size; e++) {
        insertSlot(e);
      }
    }
  }

  /** Makes entry {@code e} the most recently used. */
  private void touch(int e) {
    if (e != newest) {
      unlink(e);
      linkNewest(e);
    }
  }

  private void unlink(int e) {
    int o = older[e];
    int n = newer[e];
    if (o == NONE) {
      eldest = n;
    } else {
      newer[o] = n;
    }
    if (n == NONE) {
      newest = o;
    } else {
      older[n] = o;
    }
  }

  private void linkNewest(int e) {
    older[e] = newest;
    newer[e] = NONE;
    if (newest == NONE) {
      eldest = e;
    } else {
      newer[newest] = e;
    }
    newest = e;
  }

  private void count(int hash) {
    int s = slot(hash);
    if (filter[s] != SATURATED) {
      filter[s]++;
    }
  }

  private void uncount(int hash) {
    int s = slot(hash);
    if (filter[s] != SATURATED) {
      filter[s]--;
    }
  }

  // ---- for tests ----

  /**
   * Whether the filter, the table and the order of use agree with the entries: every counter
   * below {@link #SATURATED} is exactly the number of known keys in its slot, every entry is
   * found through the table, which holds nothing else, and the order of use links every entry
   * once.
   */
  boolean consistent() {
    int[] exact = new int[FILTER_SLOTS];
    for (int e = 0; e < size; e++) {
      exact[slot(hashes[e])]++;
      if (find(keys[e], hashes[e]) != e) {
        return false;
      }
    }
    for (int s = 0; s < FILTER_SLOTS; s++) {
      if (filter[s] != SATURATED && (filter[s] & 0xFF) != exact[s]) {
        return false;
      }
    }
    int used = 0;
    for (long s : slots) {
      used += s == 0 ? 0 : 1;
    }
    int linked = 0;
    for (int e = eldest; e != NONE && linked <= size; e = newer[e]) {
      linked++;
    }
    return used == size && linked == size && size <= maxEntries;
  }

  /** The known keys, least recently used first. */
  List<byte[]> keysInOrderOfUse() {
    List<byte[]> out = new ArrayList<>(size);
    for (int e = eldest; e != NONE; e = newer[e]) {
      out.add(keys[e]);
    }
    return out;
  }
}
