package dev.chatstore.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The write-through cache of sessions and identities under concurrency: a read never returns a
 * value older than a write that returned before the read began, with a cache small enough to
 * evict and reload all the time.
 */
@Timeout(120)
class WriteThroughCacheTest {
  private static final int ADDRESSES = 16;

  private ChatStore store;
  private Devices cached;
  private Devices uncached;
  private int device;

  @BeforeEach
  void open() {
    store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
    cached = Devices.open(store, DevicesOptions.defaults().withCacheMaxEntries(4));
    uncached = Devices.open(store, DevicesOptions.defaults().withoutCache());
    device = cached.create();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] version(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long versionOf(Optional<byte[]> v) {
    return v.map(b -> ByteBuffer.wrap(b).getLong()).orElse(-1L);
  }

  @Test
  void readers_neverSeeAValueOlderThanAReturnedWrite() throws Exception {
    long seed = ThreadLocalRandom.current().nextLong();
    Backend b = cached.device(device);
    AtomicLongArray written = new AtomicLongArray(ADDRESSES); // last version whose put returned
    // odd while a delete-and-put of the address runs: then a read may see it absent
    AtomicLongArray deleting = new AtomicLongArray(ADDRESSES);
    for (int a = 0; a < ADDRESSES; a++) {
      written.set(a, -1);
    }
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int first = w;
      threads.add(Thread.ofPlatform().start(() -> {
        // writer w owns the addresses of its parity: versions per address only grow
        SplittableRandom rnd = new SplittableRandom(seed + first);
        for (long v = 0; v < 3000; v++) {
          int a = first + 2 * rnd.nextInt(ADDRESSES / 2);
          if (rnd.nextInt(10) == 0) {
            deleting.incrementAndGet(a);
            b.deleteSession("addr" + a);
            b.putSession("addr" + a, version(v));
            deleting.incrementAndGet(a);
          } else {
            b.putSession("addr" + a, version(v));
          }
          written.set(a, Math.max(written.get(a), v));
        }
      }));
    }
    for (int r = 0; r < 4; r++) {
      int id = r;
      threads.add(Thread.ofPlatform().start(() -> {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + id);
        for (int i = 0; i < 6000 && failure.get() == null; i++) {
          int a = rnd.nextInt(ADDRESSES);
          long deletesBefore = deleting.get(a);
          long before = written.get(a);
          long seen = versionOf(b.getSession("addr" + a));
          boolean deleteOverlapped = deletesBefore % 2 == 1 || deleting.get(a) != deletesBefore;
          if (seen < before && !(seen == -1 && deleteOverlapped)) {
            failure.set("address " + a + ": read version " + seen + " after version " + before
                + " was written (seed " + seed + ")");
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failure.get()).as("stale read").isNull();
    Backend direct = uncached.device(device);
    for (int a = 0; a < ADDRESSES; a++) {
      assertThat(versionOf(b.getSession("addr" + a))).as("cache and store agree on addr" + a
          + " (seed " + seed + ")").isEqualTo(versionOf(direct.getSession("addr" + a)));
    }
  }

  @Test
  void racingWritersOfOneKey_leaveTheCacheAsTheStore() throws Exception {
    Backend b = cached.device(device);
    Backend direct = uncached.device(device);
    for (int round = 0; round < 50; round++) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long v = round * 10L + t;
        threads.add(Thread.ofPlatform().start(() -> {
          b.putIdentity("peer", filled32(v));
          b.getSession("peer");
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(b.loadIdentity("peer").orElseThrow())
          .as("round " + round + ": the cached identity is the stored one")
          .isEqualTo(direct.loadIdentity("peer").orElseThrow());
    }
  }

  private static byte[] filled32(long v) {
    return ByteBuffer.allocate(32).putLong(v).array();
  }

  @Test
  void restore_isSeenThroughTheCache() {
    Backend b = cached.device(device);
    b.putSession("a", version(1));
    b.snapshotDb("s", null);
    b.putSession("a", version(2));
    assertThat(versionOf(b.getSession("a"))).isEqualTo(2);
    b.restoreSnapshot("s");
    assertThat(versionOf(b.getSession("a"))).isEqualTo(1);
  }

  @Test
  void cacheCanBeTurnedOff() {
    assertThat(cached.cacheEnabled()).isTrue();
    assertThat(uncached.cacheEnabled()).isFalse();
    assertThat(Devices.open(store).cacheEnabled()).as("on by default").isTrue();
  }
}
