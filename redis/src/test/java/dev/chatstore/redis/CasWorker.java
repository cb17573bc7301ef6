package dev.chatstore.redis;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other process of {@link CrossProcessCasContract}: opens its own store on the URI it is
 * given and adds 1 to each counter key, {@code increments} times each, by check-and-set. Exits 0
 * when done, 1 on any failure (logged).
 *
 * <p>Arguments: {@code uri increments keyHex...}.
 */
final class CasWorker {
  private static final Logger LOG = LoggerFactory.getLogger(CasWorker.class);

  private CasWorker() {}

  public static void main(String[] args) {
    try (KvStore store = RedisKvStore.open(RedisUri.parse(args[0]), StoreOptions.defaults())) {
      int increments = Integer.parseInt(args[1]);
      for (int i = 0; i < increments; i++) {
        for (int k = 2; k < args.length; k++) {
          increment(store, HexFormat.of().parseHex(args[k]));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("CasWorker failed", e);
      System.exit(1);
    }
    System.exit(0);
  }

  /** Adds 1 to the 8-byte counter at {@code key} by check-and-set; returns the retries. */
  static int increment(KvStore store, byte[] key) {
    for (int retries = 0; ; retries++) {
      byte[] old = store.get(key);
      long n = old == null ? 0 : ByteBuffer.wrap(old).getLong();
      WriteBatch cas = WriteBatch.builder().check(key, old)
          .put(key, ByteBuffer.allocate(8).putLong(n + 1).array()).build();
      if (store.write(cas)) {
        return retries;
      }
    }
  }
}
