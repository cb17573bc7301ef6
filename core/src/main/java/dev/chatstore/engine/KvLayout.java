package dev.chatstore.engine;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreException;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How {@link KvEngine} lays out an engine in its {@link dev.chatstore.kv.KvStore}: three
 * subspaces, each with a stable tag (never reused; tag 2 is retired), keyed by tuples.
 *
 * <pre>
 * (1, key)                      -&gt; document record: kind, stamp, then the text (or the
 *                                  message index header: count, expiry)
 * (1, "")                       -&gt; the change version: a stamp and this JVM's salt,
 *                                  rewritten by every write that changes a document
 * (1, dir, MAX - stamp, suffix) -&gt; empty: the recency index, one entry per ancestor directory
 *                                  of key = dir + suffix ("", "chat/", "chat/a/" for
 *                                  chat/a/index); ascending order is newest first
 * (3, key, ts, id)              -&gt; empty: the entries of the message index document key
 * (4, key, id)                  -&gt; ts (8 bytes): the same entries by id
 * </pre>
 *
 * Documents, the change version and recency entries share subspace 1, told apart by their
 * shape (a directory ends with {@code /} or is empty, a key never): the entries of a directory
 * sort just before the documents under it, so the document {@code chat/a/message/m/index} and its
 * entry in directory {@code chat/a/message/m/} usually share a B-tree page, and the change
 * version sorts just before the newest entries of the root directory, on a page every write
 * of a document dirties anyway: a write dirties one page per directory level, no more.
 *
 * <p>The change version lets a cascade delete notice any change of a document since it read the
 * directory's index, and so remove a subtree with range deletes and one check (see
 * {@link WritePlan}).
 *
 * <p>Engine keys hold no NUL, so the tuple packing of a key is {@code 0x02}, its UTF-8 bytes and
 * a {@code 0x00}: every tuple whose first string starts with a prefix {@code P} lies in the byte
 * range of {@code 0x02 + utf8(P)}, and a plain string prefix is one byte range
 * ({@link #stringPrefix}); in subspace 1 that range holds both the documents of the prefix and
 * the recency entries of the directories starting with it.
 */
final class KvLayout {
  /** Tag of the documents and the recency index. */
  static final int NODE = 1;
  /** Tag of the message index entries by (timestamp, id). */
  static final int MSG = 3;
  /** Tag of the message index entries by id. */
  static final int MSG_ID = 4;

  static final Subspace NODES = Subspace.of(NODE);
  static final Subspace MSGS = Subspace.of(MSG);
  static final Subspace MSG_IDS = Subspace.of(MSG_ID);

  /** Bits of a stamp below the milliseconds: a sequence, 2^20 stamps per millisecond. */
  static final int SEQUENCE_BITS = 20;
  /** Largest millisecond a stamp can hold (about the year 2248); later clocks saturate. */
  static final long MAX_STAMP_MILLIS = (1L << (63 - SEQUENCE_BITS)) - 1;

  static final byte[] EMPTY = new byte[0];

  /** The last stamp handed out in this JVM: stamps only grow, whatever the clocks do. */
  private static final AtomicLong LAST_STAMP = new AtomicLong();

  private KvLayout() {}

  // ---- stamps ----

  /**
   * A modification stamp: {@code millis << 20} plus a sequence, strictly greater than every stamp
   * handed out before in this JVM and than {@code floor}.
   */
  static long nextStamp(long millis, long floor) {
    long base = Math.min(Math.max(millis, 0), MAX_STAMP_MILLIS) << SEQUENCE_BITS;
    long min = Math.max(base, floor);
    return LAST_STAMP.accumulateAndGet(min, (prev, m) -> Math.max(prev + 1, m));
  }

  /** The milliseconds part of a stamp. */
  static long millisOf(long stamp) {
    return stamp >>> SEQUENCE_BITS;
  }

  // ---- keys ----

  static byte[] docKey(String key) {
    return NODES.packString(key);
  }

  static byte[] recentKey(String dir, long stamp, String suffix) {
    return NODES.pack(dir, Long.MAX_VALUE - stamp, suffix);
  }

  /** Whether a decoded tuple of subspace 1 is a document {@code (key)}. */
  static boolean isDoc(Tuple t) {
    if (t.size() != 1) {
      return false;
    }
    String s = t.getString(0);
    return !s.isEmpty() && !s.endsWith("/");
  }

  /** The version record of directory {@code dir}; the engine keeps only the root's, {@code ""}. */
  static byte[] versionKey(String dir) {
    return NODES.pack(dir);
  }

  /** A random salt of this JVM, so that versions written by two processes never coincide. */
  private static final long SALT = new java.security.SecureRandom().nextLong();

  /** A new directory version value: a fresh stamp and this JVM's salt. */
  static byte[] newVersion(long millis) {
    return ByteBuffer.allocate(16).putLong(nextStamp(millis, 0)).putLong(SALT).array();
  }

  /** The root-directory recency entry of {@code key}: present exactly while the doc is. */
  static byte[] rootRecentKey(String key, long stamp) {
    return recentKey("", stamp, key);
  }

  /** Every recency entry of directory {@code dir} (exactly that directory). */
  static KeyRange recentDir(String dir) {
    return NODES.range(Tuple.of(dir));
  }

  static byte[] msgKey(String key, long ts, String id) {
    return MSGS.pack(key, ts, id);
  }

  static KeyRange msgRange(String key) {
    return MSGS.range(Tuple.of(key));
  }

  static byte[] msgIdKey(String key, String id) {
    return MSG_IDS.pack(key, id);
  }

  static KeyRange msgIdRange(String key) {
    return MSG_IDS.range(Tuple.of(key));
  }

  /**
   * The keys of {@code subspace} whose first element is a string starting with {@code prefix}
   * (which holds no NUL).
   */
  static KeyRange stringPrefix(Subspace subspace, String prefix) {
    byte[] packed = subspace.pack(prefix);
    return KeyRange.prefix(Arrays.copyOf(packed, packed.length - 1));
  }

  /** The number of ancestor directories of {@code key}: 1 (the root) plus its separators. */
  static int depth(String key) {
    int n = 1;
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  /** The key of a decoded recency entry {@code (dir, rstamp, suffix)}. */
  static String keyOfRecent(Tuple t) {
    return t.getString(0) + t.getString(2);
  }

  /** The stamp of a decoded recency entry. */
  static long stampOfRecent(Tuple t) {
    return Long.MAX_VALUE - t.getLong(1);
  }

  static byte[] longBytes(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  static long longOf(String what, byte[] b) {
    if (b == null || b.length != Long.BYTES) {
      throw corrupt(what, "expected 8 bytes, found " + Bytes.show(b));
    }
    return ByteBuffer.wrap(b).getLong();
  }

  static StoreException corrupt(String what, String why) {
    return new StoreException(StoreException.Kind.SERIALIZATION, "engine record " + what
        + " is corrupt: " + why);
  }

  // ---- document records ----

  /** A stored document: its modification stamp and content. */
  sealed interface Doc {
    byte TEXT = 1;
    byte INDEX = 2;

    /** The modification stamp. */
    long stamp();

    /** The record bytes. */
    byte[] encode();

    /** The record of {@code key} stored as {@code raw}. */
    static Doc decode(String key, byte[] raw) {
      if (raw.length < 9) {
        throw corrupt(EngineKeys.quote(key), "a document record has at least 9 bytes, found "
            + raw.length);
      }
      ByteBuffer b = ByteBuffer.wrap(raw);
      byte kind = b.get();
      long stamp = b.getLong();
      return switch (kind) {
        case TEXT -> new Text(stamp, raw);
        case INDEX -> {
          if (raw.length != 25) {
            throw corrupt(EngineKeys.quote(key), "a message index record has 25 bytes, found "
                + raw.length);
          }
          yield new Index(stamp, b.getLong(), b.getLong());
        }
        default -> throw corrupt(EngineKeys.quote(key), "unknown record kind " + kind);
      };
    }
  }

  /**
   * A text document; {@code record} holds the whole stored record (header and UTF-8 text).
   */
  record Text(long stamp, byte[] record) implements Doc {
    static Text of(long stamp, byte[] utf8) {
      byte[] r = new byte[9 + utf8.length];
      ByteBuffer.wrap(r).put(Doc.TEXT).putLong(stamp);
      System.arraycopy(utf8, 0, r, 9, utf8.length);
      return new Text(stamp, r);
    }

    /**
     * The text of the document {@code key}.
     *
     * @throws StoreException naming the key when the stored bytes are not valid UTF-8 (a
     *     damaged record), rather than a text with replacement characters
     */
    String text(String key) {
      return EngineKeys.valueText(key, record, 9, record.length - 9);
    }

    @Override
    public byte[] encode() {
      return record;
    }
  }

  /**
   * The header of a message index document (the entries live in subspaces 3 and 4).
   *
   * @param count the number of entries
   * @param expiresAt the expiry in epoch milliseconds shared by the header and every entry, or
   *     {@link Long#MAX_VALUE} for none
   */
  record Index(long stamp, long count, long expiresAt) implements Doc {
    @Override
    public byte[] encode() {
      return ByteBuffer.allocate(25).put(Doc.INDEX).putLong(stamp).putLong(count)
          .putLong(expiresAt).array();
    }

    java.time.Instant expiry() {
      return expiresAt == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(expiresAt);
    }
  }
}
