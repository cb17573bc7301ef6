package dev.chatstore.engine;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pass-through view of a real store that counts the work asked of it: entries read (by point
 * reads and scans) and operations written. Used to check the costs the engine documents in
 * entries touched rather than in time.
 */
class CountingKvStore implements KvStore {
  private final KvStore inner;
  final AtomicLong entriesRead = new AtomicLong();
  final AtomicLong opsWritten = new AtomicLong();
  final AtomicLong scans = new AtomicLong();

  CountingKvStore(KvStore inner) {
    this.inner = inner;
  }

  void reset() {
    entriesRead.set(0);
    opsWritten.set(0);
    scans.set(0);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<KvFeature> features() {
    return inner.features();
  }

  @Override
  public int maxKeyBytes() {
    return inner.maxKeyBytes();
  }

  @Override
  public int maxValueBytes() {
    return inner.maxValueBytes();
  }

  @Override
  public byte[] get(byte[] key) {
    entriesRead.incrementAndGet();
    return inner.get(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    entriesRead.addAndGet(keys.size());
    return inner.getAll(keys);
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    ScanPage p = inner.scan(range, direction, limit);
    scans.incrementAndGet();
    entriesRead.addAndGet(p.entries().size());
    return p;
  }

  @Override
  public long count(KeyRange range) {
    return inner.count(range);
  }

  @Override
  public boolean write(WriteBatch batch) {
    opsWritten.addAndGet(batch.size());
    return inner.write(batch);
  }

  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    opsWritten.addAndGet(batch.size());
    return inner.writeAsync(batch);
  }

  @Override
  public long sweepExpired() {
    return inner.sweepExpired();
  }

  @Override
  public void close() {
    inner.close();
  }
}
