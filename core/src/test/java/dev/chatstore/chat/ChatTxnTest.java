package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.testing.Fuzz;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transaction's bookkeeping against a plain model: reads see the store and then the
 * transaction's own writes, every key read (not covered) is checked once, and the batch holds
 * each key's last write, then the unread writes in order.
 */
class ChatTxnTest {

  @Test
  void readsWritesAndTheBatchMatchAPlainModel() {
    Fuzz.run("chat transaction", random -> {
      for (int round = 0; round < Fuzz.iterations(30); round++) {
        oneRound(random);
      }
    });
  }

  private static void oneRound(Random random) {
    try (KvStore store = new MemoryKvStore(StoreOptions.defaults())) {
      int keyCount = 1 + random.nextInt(random.nextBoolean() ? 20 : 3_000);
      List<byte[]> keys = new ArrayList<>();
      WriteBatch.Builder initial = WriteBatch.builder();
      Map<String, byte[]> stored = new HashMap<>();
      for (int i = 0; i < keyCount; i++) {
        byte[] key = new byte[1 + random.nextInt(12)];
        random.nextBytes(key);
        keys.add(key);
        if (random.nextBoolean()) {
          byte[] v = {(byte) i};
          initial.put(key, v);
          stored.put(Arrays.toString(key), v);
        }
      }
      store.write(initial.build());

      ChatTxn txn = new ChatTxn(store);
      // the model: per key (by content) what was read, whether checked, the last write
      Map<String, byte[]> observed = new LinkedHashMap<>();
      Map<String, Boolean> checked = new HashMap<>();
      Map<String, byte[]> written = new LinkedHashMap<>();
      Map<String, byte[]> keyOf = new HashMap<>();
      int ops = random.nextInt(4 * keyCount + 1);
      for (int op = 0; op < ops; op++) {
        byte[] key = keys.get(random.nextInt(keys.size())).clone(); // equal bytes, new array
        String id = Arrays.toString(key);
        keyOf.putIfAbsent(id, key);
        switch (random.nextInt(3)) {
          case 0 -> {
            byte[] got = txn.read(key);
            byte[] expect = written.containsKey(id) ? written.get(id) : stored.get(id);
            assertThat(got).as("read of %s", id).isEqualTo(expect);
            if (!written.containsKey(id) && !observed.containsKey(id)) {
              observed.put(id, stored.get(id));
            }
            if (observed.containsKey(id)) {
              checked.put(id, true);
            }
          }
          case 1 -> {
            byte[] v = {(byte) random.nextInt(256), (byte) op};
            txn.put(key, v);
            written.put(id, v);
          }
          default -> {
            txn.delete(key);
            written.put(id, null);
          }
        }
      }
      List<WriteOp> unread = new ArrayList<>();
      for (int i = 0; i < random.nextInt(5); i++) {
        byte[] key = {(byte) 0xFE, (byte) i, (byte) random.nextInt(3)};
        if (random.nextBoolean()) {
          txn.putUnread(key, new byte[] {(byte) i});
          unread.add(new WriteOp.Put(key, new byte[] {(byte) i}, null));
        } else {
          txn.deleteUnread(key);
          unread.add(new WriteOp.Delete(key));
        }
      }
      for (Map.Entry<String, byte[]> e : written.entrySet()) {
        assertThat(txn.valueAfter(keyOf.get(e.getKey()))).isEqualTo(e.getValue());
      }
      assertThat(txn.writeCount()).isEqualTo(written.size() + unread.size());
      assertThat(txn.isEmpty()).isEqualTo(written.isEmpty() && unread.isEmpty());

      List<String> checks = new ArrayList<>();
      List<String> puts = new ArrayList<>();
      List<WriteOp> tail = new ArrayList<>();
      List<WriteOp> batchOps = txn.batch(true).ops();
      for (int i = 0; i < batchOps.size(); i++) {
        WriteOp op = batchOps.get(i);
        if (i >= batchOps.size() - unread.size()) {
          tail.add(op);
        } else if (op instanceof WriteOp.Check c) {
          checks.add(Arrays.toString(c.key()));
          assertThat(c.expected()).isEqualTo(observed.get(Arrays.toString(c.key())));
        } else if (op instanceof WriteOp.Put p) {
          puts.add(Arrays.toString(p.key()));
          assertThat(p.value()).isEqualTo(written.get(Arrays.toString(p.key())));
        } else if (op instanceof WriteOp.Delete d) {
          puts.add(Arrays.toString(d.key()));
          assertThat(written.get(Arrays.toString(d.key()))).isNull();
        }
      }
      assertThat(checks).containsExactlyInAnyOrderElementsOf(checked.keySet());
      assertThat(puts).containsExactlyInAnyOrderElementsOf(written.keySet());
      assertThat(tail).hasSameSizeAs(unread);
      for (int i = 0; i < unread.size(); i++) {
        assertThat(describe(tail.get(i))).isEqualTo(describe(unread.get(i)));
      }
      assertThat(txn.batch(false).ops()).noneMatch(o -> o instanceof WriteOp.Check);
    }
  }

  private static String describe(WriteOp op) {
    return switch (op) {
      case WriteOp.Put p -> "put " + Arrays.toString(p.key()) + "=" + Arrays.toString(p.value());
      case WriteOp.Delete d -> "delete " + Arrays.toString(d.key());
      default -> op.toString();
    };
  }
}
