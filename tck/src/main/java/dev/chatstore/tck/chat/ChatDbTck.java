package dev.chatstore.tck.chat;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.Hlc;
import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.MerkleTree;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncDomain;
import dev.chatstore.tck.ManualClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What every chat contract needs: the databases under test, the clock, the seed, and helpers
 * that make ids and messages.
 */
public interface ChatDbTck {
  /** How long concurrent tasks may take before they are reported as stuck (not a speed check). */
  long STUCK_SECONDS = 60;

  /** The chat database under test (tenant {@value ChatDbConformanceSuite#TENANT}). */
  ChatDb db();

  /** The chat database of another tenant of the same store. */
  ChatDb other();

  /** Another handle on {@link #db()}'s data, with a retention. */
  ChatDb withRetention(Duration retention);

  /** The store. */
  ChatStore store();

  /** The clock of the store and of {@link #hlc()}. */
  ManualClock clock();

  /** A hybrid logical clock on {@link #clock()}. */
  Hlc hlc();

  /** The seed of this test's randomness. */
  long seed();

  /** A random generator of this test's seed. */
  default Random random() {
    return new Random(seed());
  }

  /** The chat id {@code n}: 32 bytes, deterministic. */
  static byte[] chat(int n) {
    return id(32, 0xC0, n);
  }

  /** The user id {@code n}: 20 bytes, deterministic. */
  static byte[] user(int n) {
    return id(20, 0xA0, n);
  }

  /** The message id {@code n}: 32 bytes, deterministic, spread over the Merkle buckets. */
  static byte[] msg(int n) {
    byte[] id = id(32, 0x50, n);
    int spread = n * 40503;
    id[0] = (byte) (spread >>> 8);
    id[1] = (byte) spread;
    return id;
  }

  /** A message id whose Merkle bucket is {@code bucket}. */
  static byte[] msgInBucket(int bucket, int n) {
    byte[] id = id(32, 0x51, n);
    id[0] = (byte) (bucket >>> 8);
    id[1] = (byte) bucket;
    return id;
  }

  private static byte[] id(int length, int tag, int n) {
    ByteBuffer b = ByteBuffer.allocate(length);
    b.put((byte) tag);
    b.position(length - 4);
    b.putInt(n);
    return b.array();
  }

  /** A text message of chat {@code chat} with id {@code msg} from user 1 at {@code at}. */
  static ChatMessage message(byte[] chat, byte[] msg, HlcTimestamp at, String text) {
    return ChatMessage.text(chat, msg, user(1), at, text);
  }

  /** A stamp at physical {@code ms}, logical 0. */
  static HlcTimestamp at(long ms) {
    return new HlcTimestamp(ms, 0);
  }

  /** The texts of stored messages, in order. */
  static List<String> texts(List<StoredMessage> items) {
    List<String> out = new ArrayList<>();
    for (StoredMessage m : items) {
      out.add(m.message().text());
    }
    return out;
  }

  /** The roots of the three Merkle trees of {@code db}. */
  static List<String> roots(ChatDb db) {
    List<String> out = new ArrayList<>();
    for (SyncDomain d : SyncDomain.values()) {
      MerkleTree t = db.merkle(d);
      out.add(d + "=" + java.util.HexFormat.of().formatHex(t.root()));
    }
    return out;
  }

  /** Runs {@code tasks} at once on platform threads and returns their results in order. */
  static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return t.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(STUCK_SECONDS, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
