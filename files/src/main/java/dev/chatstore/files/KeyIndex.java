package dev.chatstore.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory index of a session folder: every key that has a file, with the file's
 * modification time in nanoseconds since the epoch, kept twice — by key (a prefix is one range)
 * and newest first (the listing order).
 *
 * <p>{@link #newest} serves a page without touching the disk: a prefix matching few keys is
 * read from its key range and sorted; a prefix matching many is read from the newest-first
 * order, skipping keys without the prefix, which costs about {@code offset + limit} entries
 * when most keys match. That second path is used only when no update ran during it (two
 * counters tell), so a page is always exact; otherwise, and when the prefix turns out rare, the
 * key range is read whole.
 *
 * <p>Thread-safe; the engine's locks decide which updates may run together (updates of one key
 * never run concurrently).
 */
final class KeyIndex {
  /** One key and the modification time of its file. */
  record Stamped(String key, long stamp) {}

  /** Decides whether a key is listed (not expired). */
  @FunctionalInterface
  interface Live {
    boolean test(String key, long stamp);
  }

  /** Keys by Unicode code point, as {@link dev.chatstore.engine.KvEngine} orders ties. */
  static final Comparator<String> BY_CODE_POINT = KeyIndex::compareCodePoints;

  /**
   * The listing order: newest modification first; equal times by key, ascending by code point.
   */
  static final Comparator<Stamped> NEWEST_FIRST = (a, b) -> a.stamp() != b.stamp()
      ? Long.compare(b.stamp(), a.stamp())
      : compareCodePoints(a.key(), b.key());

  /** How many keys of a prefix's range are read before switching to the newest-first order. */
  private static final int RANGE_FIRST = 1024;

  private final ConcurrentSkipListMap<String, Long> byKey = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListSet<Stamped> byTime = new ConcurrentSkipListSet<>(NEWEST_FIRST);
  private final AtomicLong updatesStarted = new AtomicLong();
  private final AtomicLong updatesFinished = new AtomicLong();

  /** The modification time of {@code key}'s file, or {@code null} when the key is absent. */
  Long stamp(String key) {
    return byKey.get(key);
  }

  boolean contains(String key) {
    return byKey.containsKey(key);
  }

  void put(String key, long stampNanos) {
    updatesStarted.incrementAndGet();
    try {
      byTime.add(new Stamped(key, stampNanos));
      Long old = byKey.put(key, stampNanos);
      if (old != null && old != stampNanos) {
        byTime.remove(new Stamped(key, old));
      }
    } finally {
      updatesFinished.incrementAndGet();
    }
  }

  /** Removes {@code key}; whether it was present. */
  boolean remove(String key) {
    updatesStarted.incrementAndGet();
    try {
      Long old = byKey.remove(key);
      if (old != null) {
        byTime.remove(new Stamped(key, old));
      }
      return old != null;
    } finally {
      updatesFinished.incrementAndGet();
    }
  }

  int size() {
    return byKey.size();
  }

  /** The latest modification time not after {@code bound}, or {@code Long.MIN_VALUE}. */
  long latestStampAtMost(long bound) {
    for (Stamped s : byTime) {
      if (s.stamp() <= bound) {
        return s.stamp();
      }
    }
    return Long.MIN_VALUE;
  }

  /** The first key below {@code key} (starting with {@code key + "/"}), or {@code null}. */
  String firstUnder(String key) {
    String under = key + "/";
    String next = byKey.ceilingKey(under);
    return next != null && next.startsWith(under) ? next : null;
  }

  /** The keys starting with {@code prefix}, in key order. */
  List<String> keysWithPrefix(String prefix) {
    List<String> out = new ArrayList<>();
    for (String key : byKey.tailMap(prefix, true).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      out.add(key);
    }
    return out;
  }

  /** The ancestors of {@code key} that are keys themselves ({@code a} for {@code a/b/c}). */
  List<String> valueAncestors(String key) {
    List<String> out = new ArrayList<>(1);
    for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
      String ancestor = key.substring(0, slash);
      if (byKey.containsKey(ancestor)) {
        out.add(ancestor);
      }
    }
    return out;
  }

  /**
   * Up to {@code limit} keys starting with {@code prefix} in {@link #NEWEST_FIRST} order,
   * after skipping {@code offset} of them; keys failing {@code live} (may be null) are left out
   * entirely.
   */
  List<String> newest(String prefix, int offset, int limit, Live live) {
    long wanted = (long) offset + limit;
    List<Stamped> range = new ArrayList<>();
    boolean wholeRange = true;
    for (Map.Entry<String, Long> e : byKey.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (range.size() == RANGE_FIRST) {
        wholeRange = false;
        break;
      }
      range.add(new Stamped(e.getKey(), e.getValue()));
    }
    if (wholeRange) {
      range.sort(NEWEST_FIRST);
      return page(range, offset, limit, live);
    }
    List<String> fast = newestByTime(prefix, offset, limit, live, 16 * wanted + 16_384);
    return fast != null ? fast : newestByRange(prefix, offset, limit, live, wanted);
  }

  /**
   * The page read from the newest-first order, or {@code null} when an update ran meanwhile or
   * more than {@code budget} entries would have to be read.
   */
  private List<String> newestByTime(String prefix, int offset, int limit, Live live,
      long budget) {
    long finished = updatesFinished.get();
    long started = updatesStarted.get();
    if (started != finished) {
      return null;
    }
    List<String> out = new ArrayList<>(Math.min(limit, 1024));
    long skipped = 0;
    long read = 0;
    for (Stamped s : byTime) {
      if (++read > budget) {
        return null;
      }
      if (!s.key().startsWith(prefix) || live != null && !live.test(s.key(), s.stamp())) {
        continue;
      }
      if (skipped < offset) {
        skipped++;
        continue;
      }
      out.add(s.key());
      if (out.size() == limit) {
        break;
      }
    }
    return updatesStarted.get() == started ? out : null;
  }

  /** The page from the whole key range of {@code prefix}, through a heap of {@code wanted}. */
  private List<String> newestByRange(String prefix, int offset, int limit, Live live,
      long wanted) {
    PriorityQueue<Stamped> heap = new PriorityQueue<>(NEWEST_FIRST.reversed());
    for (Map.Entry<String, Long> e : byKey.tailMap(prefix, true).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(prefix)) {
        break;
      }
      long stamp = e.getValue();
      if (heap.size() == wanted) {
        Stamped oldest = heap.peek();
        if (stamp < oldest.stamp() || stamp == oldest.stamp()
            && compareCodePoints(key, oldest.key()) > 0) {
          continue;
        }
      }
      if (live != null && !live.test(key, stamp)) {
        continue;
      }
      heap.add(new Stamped(key, stamp));
      if (heap.size() > wanted) {
        heap.poll();
      }
    }
    List<Stamped> sorted = new ArrayList<>(heap);
    sorted.sort(NEWEST_FIRST);
    return page(sorted, offset, limit, null);
  }

  private static List<String> page(List<Stamped> sorted, int offset, int limit, Live live) {
    List<String> out = new ArrayList<>(Math.min(limit, sorted.size()));
    long skipped = 0;
    for (Stamped s : sorted) {
      if (live != null && !live.test(s.key(), s.stamp())) {
        continue;
      }
      if (skipped < offset) {
        skipped++;
        continue;
      }
      out.add(s.key());
      if (out.size() == limit) {
        break;
      }
    }
    return out;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
