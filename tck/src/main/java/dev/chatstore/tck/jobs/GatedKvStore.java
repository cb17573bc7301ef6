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
 * A real store behind a gate: until the gate opens, every read waits and every write stays
 * queued. It stands for a job whose disk is stuck, to show that other jobs go on.
 */
final class GatedKvStore implements KvStore {
  private final KvStore inner;
  private final CompletableFuture<Void> gate;

  GatedKvStore(KvStore inner, CompletableFuture<Void> gate) {
    this.inner = inner;
    this.gate = gate;
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
    gate.join();
    return inner.get(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    gate.join();
    return inner.getAll(keys);
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    gate.join();
    return inner.scan(range, direction, limit);
  }

  @Override
  public long count(KeyRange range) {
    gate.join();
    return inner.count(range);
  }

  @Override
  public boolean write(WriteBatch batch) {
    gate.join();
    return inner.write(batch);
  }

  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    return gate.thenCompose(x -> inner.writeAsync(batch));
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
