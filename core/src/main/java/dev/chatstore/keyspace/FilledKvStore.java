package dev.chatstore.keyspace;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The view {@link Features#fill} returns: emulates the features its backend lacks. */
final class FilledKvStore implements KvStore {
  private static final Logger LOG = LoggerFactory.getLogger(FilledKvStore.class);
  private static final byte PLAIN = 0;
  private static final byte EXPIRING = 1;
  private static final int PAGE = 1000;
  /** The most bytes the expiry envelope adds: a flag and the expiry instant. */
  private static final int ENVELOPE_BYTES = 9;

  private final KvStore inner;
  private final boolean emulateTtl;
  private final boolean emulateRangeDelete;
  private final boolean emulateReverse;
  private final Set<KvFeature> features;
  private final Clock clock;
  /** Range-delete expansion takes it exclusively; other writes share it until committed. */
  private final StampedLock writeLock = new StampedLock();
  private final ScheduledExecutorService sweeper;

  FilledKvStore(KvStore inner, StoreOptions options) {
    this.inner = inner;
    Set<KvFeature> has = inner.features();
    this.emulateTtl = !has.contains(KvFeature.TTL);
    this.emulateRangeDelete = !has.contains(KvFeature.RANGE_DELETE);
    this.emulateReverse = !has.contains(KvFeature.REVERSE_SCAN);
    EnumSet<KvFeature> all = EnumSet.copyOf(Features.FILLABLE);
    all.addAll(has);
    this.features = Collections.unmodifiableSet(all);
    this.clock = options.clock();
    if (emulateTtl) {
      sweeper = Executors.newSingleThreadScheduledExecutor(r ->
          Thread.ofPlatform().daemon().name("chatstore-sweeper " + inner.name()).unstarted(r));
      long every = options.sweepInterval().toMillis();
      sweeper.scheduleWithFixedDelay(this::backgroundSweep, every, every, TimeUnit.MILLISECONDS);
    } else {
      sweeper = null;
    }
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<KvFeature> features() {
    return features;
  }

  @Override
  public int maxKeyBytes() {
    return inner.maxKeyBytes();
  }

  /** The backend's value limit, less the expiry envelope when expiry is emulated. */
  @Override
  public int maxValueBytes() {
    return inner.maxValueBytes() - (emulateTtl ? ENVELOPE_BYTES : 0);
  }

  // ---- reads ----

  @Override
  public byte[] get(byte[] key) {
    return open(key, inner.get(key), clock.millis());
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    List<byte[]> raw = inner.getAll(keys);
    if (!emulateTtl) {
      return raw;
    }
    long now = clock.millis();
    List<byte[]> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(open(keys.get(i), raw.get(i), now));
    }
    return out;
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    return scan(range, direction, limit, false);
  }

  @Override
  public ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
    return scan(range, direction, limit, true);
  }

  private ScanPage scan(KeyRange range, Direction direction, int limit, boolean withExpiry) {
    KvLimits.checkScanLimit(limit);
    if (direction == Direction.DESCENDING && emulateReverse) {
      return reverseScan(range, limit, withExpiry);
    }
    if (!emulateTtl) {
      return innerScan(range, direction, limit, withExpiry);
    }
    long now = clock.millis();
    List<KvEntry> out = new ArrayList<>();
    KeyRange rest = range;
    while (rest != null && out.size() < limit) {
      ScanPage page = inner.scan(rest, direction, limit - out.size());
      for (KvEntry e : page.entries()) {
        KvEntry live = live(e, now, withExpiry);
        if (live != null) {
          out.add(live);
        }
      }
      rest = page.rest();
    }
    if (rest == null && out.size() == limit) {
      return new ScanPage(out, null);
    }
    return ScanPage.of(range, direction, limit, out);
  }

  /** A scan of the backend; with expiry only when the backend keeps it (no envelope). */
  private ScanPage innerScan(KeyRange range, Direction direction, int limit, boolean withExpiry) {
    return withExpiry && !emulateTtl ? inner.scanWithExpiry(range, direction, limit)
        : inner.scan(range, direction, limit);
  }

  private ScanPage reverseScan(KeyRange range, int limit, boolean withExpiry) {
    long now = clock.millis();
    ArrayDeque<KvEntry> last = new ArrayDeque<>(Math.min(limit, 1024));
    KeyRange rest = range;
    while (rest != null) {
      ScanPage page = innerScan(rest, Direction.ASCENDING, PAGE, withExpiry);
      for (KvEntry e : page.entries()) {
        KvEntry live = live(e, now, withExpiry);
        if (live != null) {
          if (last.size() == limit) {
            last.removeFirst();
          }
          last.addLast(live);
        }
      }
      rest = page.rest();
    }
    List<KvEntry> out = new ArrayList<>(last.size());
    last.descendingIterator().forEachRemaining(out::add);
    return ScanPage.of(range, Direction.DESCENDING, limit, out);
  }

  @Override
  public long count(KeyRange range) {
    if (!emulateTtl) {
      return inner.count(range);
    }
    long now = clock.millis();
    long n = 0;
    KeyRange rest = range;
    while (rest != null) {
      ScanPage page = inner.scan(rest, Direction.ASCENDING, PAGE);
      for (KvEntry e : page.entries()) {
        if (open(e.key(), e.value(), now) != null) {
          n++;
        }
      }
      rest = page.rest();
    }
    return n;
  }

  // ---- writes ----

  @Override
  public boolean write(WriteBatch batch) {
    check(batch);
    if (!emulateTtl && !emulateRangeDelete) {
      return inner.write(batch);
    }
    boolean exclusive = needsExclusive(batch);
    while (true) {
      long stamp = lock(exclusive);
      try {
        if (!emulateTtl && !exclusive) {
          return inner.write(batch);
        }
        Translated t = translate(batch);
        if (t.checkFailed) {
          return false;
        }
        boolean applied = inner.write(t.batch);
        if (applied || !t.translatedChecks) {
          return applied;
        }
        // a stored value changed between reading it and writing: evaluate the checks again
      } finally {
        unlock(stamp);
      }
    }
  }

  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    check(batch);
    if (!emulateTtl && !emulateRangeDelete) {
      return inner.writeAsync(batch);
    }
    if ((emulateTtl && batch.isConditional()) || needsExclusive(batch)) {
      // Checks and range expansions read the current state: done at once, in call order.
      return CompletableFuture.completedFuture(write(batch));
    }
    long stamp = lock(false);
    try {
      CompletableFuture<Boolean> f = inner.writeAsync(emulateTtl ? translate(batch).batch : batch);
      f.whenComplete((r, e) -> unlock(stamp));
      return f;
    } catch (RuntimeException e) {
      unlock(stamp);
      throw e;
    }
  }

  /**
   * Without native range deletes, every write holds the lock shared until it is committed, and
   * an expansion holds it exclusively, so that no write is committed between reading the range
   * and deleting it.
   */
  private long lock(boolean exclusive) {
    if (!emulateRangeDelete) {
      return 0;
    }
    return exclusive ? writeLock.writeLock() : writeLock.readLock();
  }

  private void unlock(long stamp) {
    if (stamp != 0) {
      writeLock.unlock(stamp);
    }
  }

  private void check(WriteBatch batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    batch.validate(features, name(), maxKeyBytes(), maxValueBytes());
  }

  private boolean needsExclusive(WriteBatch batch) {
    if (!emulateRangeDelete) {
      return false;
    }
    for (WriteOp op : batch.ops()) {
      if (op instanceof WriteOp.DeleteRange) {
        return true;
      }
    }
    return false;
  }

  private record Translated(WriteBatch batch, boolean checkFailed, boolean translatedChecks) {}

  private Translated translate(WriteBatch batch) {
    long now = clock.millis();
    WriteBatch.Builder out = WriteBatch.builder();
    TreeSet<byte[]> putSoFar = emulateRangeDelete ? new TreeSet<>(Bytes.ORDER) : null;
    for (WriteOp op : batch.ops()) {
      switch (op) {
        case WriteOp.Put p -> {
          if (putSoFar != null) {
            putSoFar.add(p.key());
          }
          out.add(emulateTtl ? new WriteOp.Put(p.key(), seal(p), null) : p);
        }
        case WriteOp.Delete d -> out.add(d);
        case WriteOp.DeleteRange r -> {
          if (!emulateRangeDelete) {
            out.add(r);
          } else {
            TreeSet<byte[]> keys = new TreeSet<>(Bytes.ORDER);
            inner.stream(r.range(), Direction.ASCENDING, PAGE).forEach(e -> keys.add(e.key()));
            for (byte[] k : putSoFar) {
              if (r.range().contains(k)) {
                keys.add(k);
              }
            }
            if (keys.size() + out.size() > KvLimits.MAX_BATCH_OPS) {
              throw new IllegalArgumentException("range delete of " + r.range() + " covers "
                  + keys.size() + " keys; on " + name() + ", which has no native range delete,"
                  + " a batch may delete at most " + KvLimits.MAX_BATCH_OPS + " keys");
            }
            for (byte[] k : keys) {
              out.add(new WriteOp.Delete(k));
            }
          }
        }
        case WriteOp.Check c -> {
          if (!emulateTtl) {
            out.add(c);
          } else {
            byte[] raw = inner.get(c.key());
            if (!c.matches(open(c.key(), raw, now))) {
              return new Translated(null, true, true);
            }
            out.add(new WriteOp.Check(c.key(), raw));
          }
        }
      }
    }
    return new Translated(out.build(), false, emulateTtl && batch.isConditional());
  }

  // ---- expiry envelope ----

  private static byte[] seal(WriteOp.Put p) {
    if (p.expiresAt() == null) {
      byte[] out = new byte[p.value().length + 1];
      out[0] = PLAIN;
      System.arraycopy(p.value(), 0, out, 1, p.value().length);
      return out;
    }
    return ByteBuffer.allocate(p.value().length + 9).put(EXPIRING)
        .putLong(p.expiresAtMillis()).put(p.value()).array();
  }

  /**
   * The entry {@code e} of the backend as the caller sees it at {@code now}: out of its
   * envelope (with its expiry when {@code withExpiry}), or null when expired.
   */
  private KvEntry live(KvEntry e, long now, boolean withExpiry) {
    if (!emulateTtl) {
      return e;
    }
    byte[] v = open(e.key(), e.value(), now);
    if (v == null) {
      return null;
    }
    return withExpiry && e.value()[0] == EXPIRING
        ? KvEntry.of(e.key(), v, ByteBuffer.wrap(e.value(), 1, 8).getLong())
        : new KvEntry(e.key(), v);
  }

  /**
   * The value of {@code key} stored as {@code raw}, or null when absent or expired.
   *
   * @throws StoreException naming the key when {@code raw} is no expiry envelope (empty, an
   *     unknown flag, or an expiry cut short)
   */
  private byte[] open(byte[] key, byte[] raw, long now) {
    if (raw == null || !emulateTtl) {
      return raw;
    }
    if (raw.length >= 1 && raw[0] == PLAIN) {
      return java.util.Arrays.copyOfRange(raw, 1, raw.length);
    }
    if (raw.length >= 9 && raw[0] == EXPIRING) {
      long expiresAt = ByteBuffer.wrap(raw, 1, 8).getLong();
      return expiresAt > now ? java.util.Arrays.copyOfRange(raw, 9, raw.length) : null;
    }
    throw new StoreException(StoreException.Kind.SERIALIZATION, name() + ": the value of key "
        + Bytes.show(key) + ", stored as " + Bytes.show(raw) + ", has no valid expiry envelope"
        + (raw.length == 0 ? " (it is empty)" : raw[0] == EXPIRING ? " (its expiry is cut short"
        + " at " + raw.length + " bytes; expected at least 9)" : String.format(" (flag 0x%02X;"
        + " expected 0x00 or 0x01)", raw[0])) + ": damaged, or written without Features.fill");
  }

  @Override
  public long sweepExpired() {
    if (!emulateTtl) {
      return inner.sweepExpired();
    }
    long now = clock.millis();
    long removed = 0;
    List<KvEntry> expired = new ArrayList<>();
    inner.stream(KeyRange.all(), Direction.ASCENDING, PAGE).forEach(e -> {
      if (open(e.key(), e.value(), now) == null) {
        expired.add(e);
      }
    });
    for (KvEntry e : expired) {
      // each delete is conditional on the value still being the expired one
      WriteBatch one = WriteBatch.builder().check(e.key(), e.value()).delete(e.key()).build();
      if (inner.write(one)) {
        removed++;
      }
    }
    return removed;
  }

  private void backgroundSweep() {
    try {
      sweepExpired();
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CLOSED) {
        LOG.warn("{}: sweep of expired entries failed; will retry", name(), e);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: sweep of expired entries failed; will retry", name(), e);
    }
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    inner.close();
  }

  @Override
  public String toString() {
    return name() + " (filled: " + (emulateTtl ? "TTL " : "")
        + (emulateRangeDelete ? "RANGE_DELETE " : "") + (emulateReverse ? "REVERSE_SCAN" : "")
        + ")";
  }
}
