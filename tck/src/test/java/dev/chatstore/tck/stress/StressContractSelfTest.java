package dev.chatstore.tck.stress;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.tck.ManualClock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stress contract catches a store whose batches are not atomic: it can fail. */
class StressContractSelfTest {

  /** Applies each operation of a batch as a write of its own: readers can see half a batch. */
  private static final class TornBatches implements KvStore {
    private final MemoryKvStore inner = new MemoryKvStore(StoreOptions.defaults());

    @Override
    public String name() {
      return "torn-batches";
    }

    @Override
    public Set<KvFeature> features() {
      return inner.features();
    }

    @Override
    public byte[] get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
      return inner.getAll(keys);
    }

    @Override
    public ScanPage scan(KeyRange range, Direction direction, int limit) {
      return inner.scan(range, direction, limit);
    }

    @Override
    public long count(KeyRange range) {
      return inner.count(range);
    }

    @Override
    public boolean write(WriteBatch batch) {
      for (WriteOp op : batch.ops()) {
        inner.write(WriteBatch.of(List.of(op)));
        Thread.yield();
      }
      return true;
    }

    @Override
    public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
      return CompletableFuture.completedFuture(write(batch));
    }

    @Override
    public long sweepExpired() {
      return 0;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void aStoreWithTornBatches_failsTheStressContract() {
    KvStore store = new TornBatches();
    StressContract contract = new StressContract() {
      @Override
      public KvStore store() {
        return store;
      }

      @Override
      public ManualClock clock() {
        return new ManualClock();
      }

      @Override
      public KvStore reopen() {
        return store;
      }

      @Override
      public Set<KvFeature> features() {
        return store.features();
      }

      @Override
      public long seed() {
        return 42;
      }
    };
    try {
      assertThatThrownBy(contract::stress_mixedReadsWritesBatchesScansAndDeletes_keepTheInvariants)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("half");
    } finally {
      store.close();
    }
  }
}
