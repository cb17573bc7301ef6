package dev.chatstore.tck.jobs;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A real store behind a gate: once {@link #arm() armed}, and until the gate opens, every read
 * waits and every write stays queued. It stands for a job whose disk is stuck, to show that
 * other jobs go on. It is armed after opening, so the checks a store makes when it is opened
 * (such as {@code ChatStore}'s look for encrypted areas) pass.
 */
final class GatedKvStore implements KvStore {
  private final KvStore inner;
  private final CompletableFuture<Void> gate;
  private volatile boolean armed;

  GatedKvStore(KvStore inner, CompletableFuture<Void> gate) {
    this.inner = inner;
    this.gate = gate;
  }

  /** From now on, reads and writes wait for the gate. */
  GatedKvStore arm() {
    armed = true;
    return this;
  }

  private void pass() {
    if (armed) {
      gate.join();
    }
  }

  @Override
  public String name() {
    return inner.name() + " (gated)";
  }

  @Override
  public Set<KvFeature> features() {
    return inner.features();
  }

  @Override
  public byte[] get(byte[] key) {
    pass();
    return inner.get(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    pass();
    return inner.getAll(keys);
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    pass();
    return inner.scan(range, direction, limit);
  }

  @Override
  public long count(KeyRange range) {
    pass();
    return inner.count(range);
  }

  @Override
  public boolean write(WriteBatch batch) {
    pass();
    return inner.write(batch);
  }

  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    return armed ? gate.thenCompose(x -> inner.writeAsync(batch)) : inner.writeAsync(batch);
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
