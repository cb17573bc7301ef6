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
 *       ({@code set(key, null)}) of a chat/message layout;</li>
 *   <li>{@link Kind#CHAT} lanes: {@code ChatDb} message puts, single and batched, into a few
 *       chats with their members' inboxes, and puts of messages stored before
 *       ({@link ChatLane});</li>
 *   <li>{@link Kind#SIGNAL} lanes: a Signal device's session updates, pre-key batches, sent
 *       messages stored and taken, identity keys ({@link SignalLane});</li>
 *   <li>{@link Kind#JOB} lanes: a job of a {@code Persistency}, fire-and-forget puts, deletes
 *       and batches with up to {@code asyncDepth} in flight ({@link JobLane}).</li>
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
 * @param chatLanes lanes of chat database writes, each in a tenant of its own
 * @param signalLanes lanes of Signal store writes, each on a device of its own
 * @param jobLanes lanes of job writes, each a job of its own (needs a target that opens a
 *     {@code Persistency})
 */
public record CrashWorkload(int putLanes, int batchLanes, int asyncLanes, int asyncDepth,
    int engineLanes, int chatLanes, int signalLanes, int jobLanes) {

  /** The kinds of lanes, in the order their lanes are numbered. */
  public enum Kind { PUT, BATCH, ASYNC, ENGINE, CHAT, SIGNAL, JOB }

  /** Keys per key-value lane. */
  static final int KV_KEYS = 24;
  /** Chats per Engine lane; each has an index key and up to {@link #MESSAGES} messages. */
  static final int CHATS = 4;
  /** Messages per chat of an Engine lane. */
  static final int MESSAGES = 6;

  public CrashWorkload {
    int[] counts = {putLanes, batchLanes, asyncLanes, engineLanes, chatLanes, signalLanes,
        jobLanes};
    int total = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("lane counts must be at least 0, got put=" + putLanes
            + " batch=" + batchLanes + " async=" + asyncLanes + " engine=" + engineLanes
            + " chat=" + chatLanes + " signal=" + signalLanes + " job=" + jobLanes);
      }
      total += c;
    }
    if (total == 0 || total > 99) {
      throw new IllegalArgumentException("a workload needs 1 to 99 lanes, got " + total);
    }
    if (jobLanes > 0 && total != jobLanes) {
      throw new IllegalArgumentException("job lanes run on a Persistency, alone: got " + jobLanes
          + " job lanes and " + (total - jobLanes) + " others");
    }
    if (asyncDepth < 1) {
      throw new IllegalArgumentException("asyncDepth must be at least 1, got " + asyncDepth);
    }
  }

  /** A workload of the first five kinds of lanes, without domain-store lanes. */
  public CrashWorkload(int putLanes, int batchLanes, int asyncLanes, int asyncDepth,
      int engineLanes) {
    this(putLanes, batchLanes, asyncLanes, asyncDepth, engineLanes, 0, 0, 0);
  }

  /**
   * Every kind of write on a key-value store: 2 put lanes, 2 batch lanes, 8 async lanes with 4
   * batches in flight each, 2 Engine lanes, 2 chat database lanes and 2 Signal store lanes.
   */
  public static CrashWorkload mixed() {
    return new CrashWorkload(2, 2, 8, 4, 2, 2, 2, 0);
  }

  /** Engine writes only (for an Engine that is not on a key-value store): 4 lanes. */
  public static CrashWorkload engineOnly() {
    return new CrashWorkload(0, 0, 0, 1, 4);
  }

  /** Jobs of a {@code Persistency} only: 4 jobs, with 4 writes in flight each. */
  public static CrashWorkload jobsOnly() {
    return new CrashWorkload(0, 0, 0, 4, 0, 0, 0, 4);
  }

  private int[] counts() {
    return new int[] {putLanes, batchLanes, asyncLanes, engineLanes, chatLanes, signalLanes,
        jobLanes};
  }

  /** The number of lanes. */
  public int lanes() {
    int total = 0;
    for (int c : counts()) {
      total += c;
    }
    return total;
  }

  /** Whether the workload writes to a key-value store (not only to an Engine or jobs). */
  public boolean needsStore() {
    return putLanes + batchLanes + asyncLanes + chatLanes + signalLanes > 0;
  }

  /** The kind of lane {@code lane}. */
  public Kind kind(int lane) {
    if (lane < 0 || lane >= lanes()) {
      throw new IllegalArgumentException("lane " + lane + " out of 0.." + (lanes() - 1));
    }
    int[] counts = counts();
    int k = 0;
    for (int first = 0; lane >= first + counts[k]; k++) {
      first += counts[k];
    }
    return Kind.values()[k];
  }

  /** The position of {@code lane} among the lanes of its kind, from 0. */
  int ordinal(int lane) {
    Kind kind = kind(lane);
    int first = 0;
    int[] counts = counts();
    for (int k = 0; k < kind.ordinal(); k++) {
      first += counts[k];
    }
    return lane - first;
  }

  /**
   * How many operations of {@code lane} past its last acknowledged one may have been applied
   * when the process died: the one in flight for a blocking lane, up to the depth for an async
   * or job lane.
   */
  int inFlight(int lane) {
    return switch (kind(lane)) {
      case ASYNC, JOB -> asyncDepth + 1;
      default -> 1;
    };
  }

  /** The prefix of every key of {@code lane}. */
  String prefix(int lane) {
    String letter = switch (kind(lane)) {
      case ENGINE -> "E";
      case CHAT -> "C";
      case SIGNAL -> "S";
      case JOB -> "J";
      default -> "L";
    };
    return letter + String.format("%02d/", lane);
  }

  /** The command-line form, read back by {@link #parse}. */
  String encode() {
    return putLanes + "," + batchLanes + "," + asyncLanes + "," + asyncDepth + "," + engineLanes
        + "," + chatLanes + "," + signalLanes + "," + jobLanes;
  }

  /** Reads what {@link #encode} wrote. */
  static CrashWorkload parse(String text) {
    String[] p = text.split(",");
    if (p.length != 8) {
      throw new IllegalArgumentException("workload '" + text + "' should be eight numbers"
          + " put,batch,async,depth,engine,chat,signal,job");
    }
    int[] n = new int[8];
    for (int i = 0; i < 8; i++) {
      n[i] = Integer.parseInt(p[i]);
    }
    return new CrashWorkload(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
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
      case CHAT -> ops.addAll(ChatLane.op(this, seed, lane, index, r));
      case SIGNAL -> ops.addAll(SignalLane.op(prefix, index, r));
      case BATCH, ASYNC, JOB -> {
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
          int k = r.nextInt(KV_KEYS);
          String key = prefix + String.format("k%02d", k);
          int p = r.nextInt(100);
          if (p < 70) {
            ops.add(new CrashOp.Put(key, value(key, index, r)));
          } else if (p < 85 || kind(lane) == Kind.JOB) {
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

  static long crc(String s) {
    CRC32C crc = new CRC32C();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }
}
