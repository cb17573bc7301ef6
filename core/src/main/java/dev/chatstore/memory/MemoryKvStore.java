package dev.chatstore.memory;

import dev.chatstore.kv.AbstractKvStore;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference {@link dev.chatstore.kv.KvStore}: a sorted map in memory, used by every test
 * that needs no disk and opened by the URI {@code memory:}. Nothing survives {@link #close()}.
 *
 * <p>Readers share a read lock and the writer takes the write lock for each group commit, so a
 * batch becomes visible all at once. Values are copied in and out. It can declare fewer
 * features than it has ({@link #MemoryKvStore(StoreOptions, Set)}), to test how callers and the
 * keyspace layer behave on a backend without them.
 */
public final class MemoryKvStore extends AbstractKvStore {
  /** Everything the memory store can do. */
  public static final Set<KvFeature> ALL_FEATURES =
      Set.copyOf(EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN));

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static final Entry ABSENT = new Entry(new byte[0], Long.MIN_VALUE);

  private final TreeMap<byte[], Entry> map = new TreeMap<>(Bytes.ORDER);
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private record Entry(byte[] value, long expiresAt) {
    boolean liveAt(long now) {
      return expiresAt > now;
    }
  }

  /** A memory store with every feature it has. */
  public MemoryKvStore(StoreOptions options) {
    this(options, ALL_FEATURES);
  }

  /**
   * A memory store declaring (and enforcing) only {@code features}.
   *
   * @throws IllegalArgumentException when a feature is asked that memory does not have
   */
  public MemoryKvStore(StoreOptions options, Set<KvFeature> features) {
    super("memory:" + SEQUENCE.incrementAndGet(), checked(features), options);
    start();
  }

  private static Set<KvFeature> checked(Set<KvFeature> features) {
    for (KvFeature f : features) {
      if (!ALL_FEATURES.contains(f)) {
        throw new IllegalArgumentException("the memory store cannot offer " + f + " ("
            + f.description() + "); it offers " + ALL_FEATURES);
      }
    }
    return features;
  }

  @Override
  protected byte[] readOne(byte[] key, long now) {
    lock.readLock().lock();
    try {
      return live(map.get(key), now);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  protected List<byte[]> readMany(List<byte[]> keys, long now) {
    List<byte[]> out = new ArrayList<>(keys.size());
    lock.readLock().lock();
    try {
      for (byte[] k : keys) {
        out.add(live(map.get(k), now));
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  @Override
  protected List<KvEntry> readRange(KeyRange range, Direction direction, int limit, long now,
      boolean withExpiry) {
    List<KvEntry> out = new ArrayList<>(Math.min(limit, 256));
    lock.readLock().lock();
    try {
      NavigableMap<byte[], Entry> view = sub(range);
      if (direction == Direction.DESCENDING) {
        view = view.descendingMap();
      }
      for (Map.Entry<byte[], Entry> e : view.entrySet()) {
        if (e.getValue().liveAt(now)) {
          out.add(KvEntry.of(e.getKey().clone(), e.getValue().value().clone(),
              withExpiry ? e.getValue().expiresAt() : null));
          if (out.size() == limit) {
            break;
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  @Override
  protected long countRange(KeyRange range, long now) {
    lock.readLock().lock();
    try {
      long n = 0;
      for (Entry e : sub(range).values()) {
        if (e.liveAt(now)) {
          n++;
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A commit here is plain memory work, on any thread. */
  @Override
  protected boolean commitsOnCallerThread() {
    return true;
  }

  @Override
  protected void commit(List<WriteBatch> batches, boolean[] applied, long now) {
    lock.writeLock().lock();
    // Every change is logged with what it replaced, so that a failure half-way through the
    // group undoes all of it: the group is one transaction.
    List<Map.Entry<byte[], Entry>> undo = new ArrayList<>();
    try {
      for (int i = 0; i < batches.size(); i++) {
        WriteBatch batch = batches.get(i);
        if (batch.isConditional() && !checksPass(batch, now)) {
          continue;
        }
        for (WriteOp op : batch.ops()) {
          switch (op) {
            case WriteOp.Put p -> undo.add(Map.entry(p.key(), orAbsent(
                map.put(p.key().clone(), new Entry(p.value().clone(), p.expiresAtMillis())))));
            case WriteOp.Delete d -> undo.add(Map.entry(d.key(), orAbsent(map.remove(d.key()))));
            case WriteOp.DeleteRange r -> {
              NavigableMap<byte[], Entry> doomed = sub(r.range());
              doomed.forEach((k, v) -> undo.add(Map.entry(k, v)));
              doomed.clear();
            }
            case WriteOp.Check c -> { }
          }
        }
        applied[i] = true;
      }
    } catch (RuntimeException | Error e) {
      for (int j = undo.size() - 1; j >= 0; j--) {
        Map.Entry<byte[], Entry> u = undo.get(j);
        if (u.getValue() == ABSENT) {
          map.remove(u.getKey());
        } else {
          map.put(u.getKey(), u.getValue());
        }
      }
      java.util.Arrays.fill(applied, false);
      throw e;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static Entry orAbsent(Entry e) {
    return e == null ? ABSENT : e;
  }

  private boolean checksPass(WriteBatch batch, long now) {
    for (WriteOp op : batch.ops()) {
      if (op instanceof WriteOp.Check c && !c.matches(live(map.get(c.key()), now))) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected long removeExpired(long now, int max) {
    lock.writeLock().lock();
    try {
      long n = 0;
      Iterator<Entry> it = map.values().iterator();
      while (it.hasNext() && n < max) {
        if (!it.next().liveAt(now)) {
          it.remove();
          n++;
        }
      }
      return n;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  protected void closeResources() {
    lock.writeLock().lock();
    try {
      map.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private NavigableMap<byte[], Entry> sub(KeyRange range) {
    return range.end() == null
        ? map.tailMap(range.start(), true)
        : map.subMap(range.start(), true, range.end(), false);
  }

  private static byte[] live(Entry e, long now) {
    return e == null || !e.liveAt(now) ? null : e.value().clone();
  }
}
