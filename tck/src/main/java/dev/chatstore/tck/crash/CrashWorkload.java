package dev.chatstore.tck.crash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * What the child of a crash test writes: a number of lanes of each kind, each lane a thread
 * writing its own keys with a deterministic sequence of operations (operation {@code i} of lane
 * {@code l} depends only on the seed, {@code l} and {@code i}), so that the parent can rebuild
 * what any prefix of the sequence leaves.
 *
 * <ul>
 *   <li>{@link Kind#PUT} lanes: single blocking puts and deletes;</li>
 *   <li>{@link Kind#BATCH} lanes: blocking atomic batches of puts, deletes and range deletes;</li>
 *   <li>{@link Kind#ASYNC} lanes: the same batches through {@code writeAsync}, up to
 *       {@code asyncDepth} in flight per lane, so that the store's group commit joins the
 *       batches of many lanes in one commit;</li>
 *   <li>{@link Kind#ENGINE} lanes: Engine sets, batches ({@code setBatch}) and cascade deletes
 *       ({@code set(key, null)}) of a chat/message layout.</li>
 * </ul>
 *
 * <p>Every value carries a checksum of its key and of itself, so that a torn or misplaced value
 * is recognised as such. Values are mostly small, with some of tens of kilobytes that span many
 * pages of the database.
 *
 * @param putLanes lanes of single puts and deletes
 * @param batchLanes lanes of blocking atomic batches
 * @param asyncLanes lanes of {@code writeAsync} batches (group commit)
 * @param asyncDepth how many batches an async lane keeps in flight, at least 1
 * @param engineLanes lanes of Engine writes
 */
public record CrashWorkload(int putLanes, int batchLanes, int asyncLanes, int asyncDepth,
    int engineLanes) {

  /** The kinds of lanes, in the order their lanes are numbered. */
  public enum Kind { PUT, BATCH, ASYNC, ENGINE }

  /** Keys per key-value lane. */
  static final int KV_KEYS = 24;
  /** Chats per Engine lane; each has an index key and up to {@link #MESSAGES} messages. */
  static final int CHATS = 4;
  /** Messages per chat of an Engine lane. */
  static final int MESSAGES = 6;

  public CrashWorkload {
    if (putLanes < 0 || batchLanes < 0 || asyncLanes < 0 || engineLanes < 0) {
      throw new IllegalArgumentException("lane counts must be at least 0, got put=" + putLanes
          + " batch=" + batchLanes + " async=" + asyncLanes + " engine=" + engineLanes);
    }
    if (putLanes + batchLanes + asyncLanes + engineLanes == 0 || lanes(putLanes, batchLanes,
        asyncLanes, engineLanes) > 99) {
      throw new IllegalArgumentException("a workload needs 1 to 99 lanes, got "
          + lanes(putLanes, batchLanes, asyncLanes, engineLanes));
    }
    if (asyncDepth < 1) {
      throw new IllegalArgumentException("asyncDepth must be at least 1, got " + asyncDepth);
    }
  }

  /**
   * Every kind of write on a key-value store: 2 put lanes, 2 batch lanes, 8 async lanes with 4
   * batches in flight each, and 2 Engine lanes.
   */
  public static CrashWorkload mixed() {
    return new CrashWorkload(2, 2, 8, 4, 2);
  }

  /** Engine writes only (for an Engine that is not on a key-value store): 4 lanes. */
  public static CrashWorkload engineOnly() {
    return new CrashWorkload(0, 0, 0, 1, 4);
  }

  private static int lanes(int a, int b, int c, int d) {
    return a + b + c + d;
  }

  /** The number of lanes. */
  public int lanes() {
    return lanes(putLanes, batchLanes, asyncLanes, engineLanes);
  }

  /** Whether the workload writes to a key-value store (not only to an Engine). */
  public boolean needsStore() {
    return putLanes + batchLanes + asyncLanes > 0;
  }

  /** The kind of lane {@code lane}. */
  public Kind kind(int lane) {
    if (lane < 0 || lane >= lanes()) {
      throw new IllegalArgumentException("lane " + lane + " out of 0.." + (lanes() - 1));
    }
    if (lane < putLanes) {
      return Kind.PUT;
    }
    if (lane < putLanes + batchLanes) {
      return Kind.BATCH;
    }
    return lane < putLanes + batchLanes + asyncLanes ? Kind.ASYNC : Kind.ENGINE;
  }

  /**
   * How many operations of {@code lane} past its last acknowledged one may have been applied
   * when the process died: the one in flight for a blocking lane, up to the depth for an async
   * lane.
   */
  int inFlight(int lane) {
    return kind(lane) == Kind.ASYNC ? asyncDepth + 1 : 1;
  }

  /** The prefix of every key of {@code lane}. */
  String prefix(int lane) {
    return (kind(lane) == Kind.ENGINE ? "E" : "L") + String.format("%02d/", lane);
  }

  /** The command-line form, read back by {@link #parse}. */
  String encode() {
    return putLanes + "," + batchLanes + "," + asyncLanes + "," + asyncDepth + "," + engineLanes;
  }

  /** Reads what {@link #encode} wrote. */
  static CrashWorkload parse(String text) {
    String[] p = text.split(",");
    if (p.length != 5) {
      throw new IllegalArgumentException("workload '" + text + "' should be five numbers"
          + " put,batch,async,depth,engine");
    }
    return new CrashWorkload(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
        Integer.parseInt(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]));
  }

  /** Operation {@code index} of {@code lane}: one atomic write, as a list of operations. */
  List<CrashOp> op(long seed, int lane, long index) {
    SplittableRandom r = new SplittableRandom(seed ^ (lane * 0x9E3779B97F4A7C15L)
        ^ (index * 0xC2B2AE3D27D4EB4FL));
    String prefix = prefix(lane);
    List<CrashOp> ops = new ArrayList<>();
    switch (kind(lane)) {
      case PUT -> {
        String key = prefix + String.format("k%02d", r.nextInt(KV_KEYS));
        ops.add(r.nextInt(100) < 85 ? new CrashOp.Put(key, value(key, index, r))
            : new CrashOp.Delete(key));
      }
      case BATCH, ASYNC -> {
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
          int k = r.nextInt(KV_KEYS);
          String key = prefix + String.format("k%02d", k);
          int p = r.nextInt(100);
          if (p < 70) {
            ops.add(new CrashOp.Put(key, value(key, index, r)));
          } else if (p < 85) {
            ops.add(new CrashOp.Delete(key));
          } else {
            int to = k + 1 + r.nextInt(6);
            ops.add(new CrashOp.DeleteRange(key, prefix + String.format("k%02d", to)));
          }
        }
      }
      case ENGINE -> {
        int p = r.nextInt(100);
        int chat = r.nextInt(CHATS);
        String chatKey = prefix + "c" + chat;
        if (p < 55) {
          String key = engineKey(chatKey, r);
          ops.add(new CrashOp.Put(key, value(key, index, r)));
        } else if (p < 85) {
          int n = 2 + r.nextInt(4);
          for (int i = 0; i < n; i++) {
            String key = engineKey(prefix + "c" + r.nextInt(CHATS), r);
            ops.add(i > 0 && r.nextInt(10) == 0 ? new CrashOp.Cascade(chatKey + "/m")
                : new CrashOp.Put(key, value(key, index, r)));
          }
        } else {
          ops.add(new CrashOp.Cascade(r.nextBoolean() ? chatKey : chatKey + "/m"));
        }
      }
      default -> throw new AssertionError(kind(lane));
    }
    return ops;
  }

  private static String engineKey(String chatKey, SplittableRandom r) {
    return r.nextInt(4) == 0 ? chatKey + "/index" : chatKey + "/m/" + r.nextInt(MESSAGES);
  }

  /**
   * A value for {@code key} written by operation {@code index}: {@code key|index|payload|crc},
   * the CRC-32C (8 hex digits) of everything before it. Mostly a few hundred characters, one in
   * eight between 4 and 40 thousand.
   */
  static String value(String key, long index, SplittableRandom r) {
    int length = r.nextInt(8) == 0 ? 4_000 + r.nextInt(36_000) : 8 + r.nextInt(300);
    StringBuilder sb = new StringBuilder(key.length() + length + 32);
    sb.append(key).append('|').append(index).append('|');
    for (int i = 0; i < length; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    String body = sb.toString();
    return body + '|' + String.format("%08x", crc(body));
  }

  /**
   * Why {@code value} read under {@code key} is not a whole value written for that key, or null
   * when it is one.
   */
  static String damage(String key, String value) {
    int bar = value.lastIndexOf('|');
    if (bar < 0 || value.length() - bar != 9) {
      return "no checksum at its end (" + value.length() + " chars)";
    }
    String body = value.substring(0, bar);
    if (!String.format("%08x", crc(body)).equals(value.substring(bar + 1))) {
      return "its checksum does not match its content (" + value.length() + " chars): torn";
    }
    if (!body.startsWith(key + "|")) {
      return "it is a whole value of another key ("
          + body.substring(0, Math.max(0, body.indexOf('|'))) + ")";
    }
    return null;
  }

  private static long crc(String s) {
    CRC32C crc = new CRC32C();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }
}
