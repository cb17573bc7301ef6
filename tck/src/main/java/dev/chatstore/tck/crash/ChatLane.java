package dev.chatstore.tck.crash;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.ChatMeta;
import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.InboxItem;
import dev.chatstore.chat.MessageKey;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.chat.PutResult;
import dev.chatstore.chat.RangePage;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncDomain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CrashWorkload.Kind#CHAT} lane: {@link ChatDb#putMessages} of one or a few messages at
 * once (one atomic write) into {@value #CHATS} chats of the lane's tenant, each with the inbox
 * entries of the chat's two members, and one operation in eight a put of a message the lane
 * stored before, which must change nothing.
 *
 * <p>Model keys are {@code Cnn/cC/mIIIIIIII-J}: chat {@code C}, message {@code J} of operation
 * {@code I}; the message text is the workload's checksummed value of that key. The message id
 * holds the key (after four bytes of its checksum, which spread the ids over the Merkle
 * buckets), so the parent can name what it finds; the stamp is derived from the key, a little
 * out of arrival order. After a kill the parent reads every chat and checks, beside the model,
 * that each message has its seen-index entry pointing at it, that no message is stored twice,
 * that each chat's sequence numbers are 1..n, that the chat meta counts n and names the newest
 * message, that each member's inbox holds each chat with messages at the chat's newest stamp,
 * and that the Merkle leaves match the seen index ({@code MerkleTree.verify()}).
 */
final class ChatLane {
  /** Chats per lane. */
  static final int CHATS = 3;
  /** Users per lane; chat {@code c} has the members {@code c} and {@code c + 1}. */
  static final int USERS = 4;
  /** The physical time of the stamps of operation 0. */
  static final long BASE_MS = 1_700_000_000_000L;

  private ChatLane() {}

  /** The tenant of lane {@code lane}. */
  static String tenant(int lane) {
    return "crash-chat-" + lane;
  }

  /** Operation {@code index} of a chat lane. */
  static List<CrashOp> op(CrashWorkload w, long seed, int lane, long index,
      SplittableRandom r) {
    int p = r.nextInt(100);
    if (p < 12 && index > 0) {
      return List.of(w.op(seed, lane, r.nextLong(index)).get(0));
    }
    int n = p < 70 ? 1 : 2 + r.nextInt(2);
    List<CrashOp> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = w.prefix(lane) + "c" + r.nextInt(CHATS) + String.format("/m%08d-%d", index, i);
      ops.add(new CrashOp.Put(key, CrashWorkload.value(key, index, r)));
    }
    return ops;
  }

  /**
   * Writes operation {@code index} in one {@code putMessages} call and checks what it says:
   * a message of an earlier operation (which the store holds, as the lane resumed after what
   * it held) must not be inserted again, a new one must be.
   */
  static void write(ChatDb db, List<CrashOp> ops, long index) {
    List<MessageWrite> writes = new ArrayList<>();
    for (CrashOp op : ops) {
      CrashOp.Put put = (CrashOp.Put) op;
      writes.add(new MessageWrite(message(put.key(), put.value()), members(put.key())));
    }
    List<PutResult> results = db.putMessages(writes);
    for (int i = 0; i < ops.size(); i++) {
      String key = ((CrashOp.Put) ops.get(i)).key();
      boolean again = indexOf(key) != index;
      if (results.get(i).inserted() == again) {
        throw new IllegalStateException("operation " + index + ": putMessage of " + key
            + (again ? ", stored by an earlier operation, inserted it again"
                : ", a new message, did not insert it") + ": " + results.get(i));
      }
    }
  }

  /** The message of model key {@code key}. */
  static ChatMessage message(String key, String text) {
    String prefix = key.substring(0, key.indexOf('/') + 1);
    return ChatMessage.text(chatId(prefix, chatOf(key)), msgId(key),
        userId(prefix, chatOf(key)), hlc(key), text);
  }

  private static List<byte[]> members(String key) {
    String prefix = key.substring(0, key.indexOf('/') + 1);
    int c = chatOf(key);
    return List.of(userId(prefix, c % USERS), userId(prefix, (c + 1) % USERS));
  }

  private static int chatOf(String key) {
    return key.charAt(key.indexOf("/c") + 2) - '0';
  }

  private static long indexOf(String key) {
    int m = key.indexOf("/m");
    return Long.parseLong(key.substring(m + 2, key.indexOf('-', m)));
  }

  static byte[] chatId(String prefix, int chat) {
    return padded(prefix + "c" + chat, ChatDb.CHAT_ID_BYTES);
  }

  static byte[] userId(String prefix, int user) {
    return padded(prefix + "u" + user, ChatDb.USER_ID_BYTES);
  }

  /** Four bytes of the key's checksum, then the key. */
  static byte[] msgId(String key) {
    byte[] id = new byte[ChatDb.MSG_ID_BYTES];
    ByteBuffer.wrap(id).putInt((int) CrashWorkload.crc(key));
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(k, 0, id, 4, k.length);
    return id;
  }

  /** The model key a message id holds. */
  static String keyOf(byte[] msgId) {
    int end = 4;
    while (end < msgId.length && msgId[end] != 0) {
      end++;
    }
    return new String(msgId, 4, end - 4, StandardCharsets.US_ASCII);
  }

  static HlcTimestamp hlc(String key) {
    return new HlcTimestamp(BASE_MS + indexOf(key) * 1000 + CrashWorkload.crc(key) % 3000, 0);
  }

  private static byte[] padded(String text, int length) {
    return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), length);
  }

  /**
   * The messages lane {@code lane} holds, model key to text, after checking the invariants of
   * the chat database named in the class comment.
   *
   * @throws AssertionError when an invariant does not hold
   */
  static NavigableMap<String, String> read(ChatStore store, CrashWorkload w, int lane) {
    String prefix = w.prefix(lane);
    ChatDb db = ChatDb.open(store, tenant(lane));
    NavigableMap<String, String> found = new TreeMap<>();
    ChatMeta[] metas = new ChatMeta[CHATS];
    long total = 0;
    for (int c = 0; c < CHATS; c++) {
      byte[] chat = chatId(prefix, c);
      List<StoredMessage> all = messages(db, chat);
      for (StoredMessage m : all) {
        String key = keyOf(m.message().msgId());
        if (!key.startsWith(prefix + "c" + c + "/")) {
          throw new AssertionError("chat " + c + " holds message " + key + " of another chat");
        }
        if (found.put(key, m.message().text()) != null) {
          throw new AssertionError("message " + key + " is stored twice");
        }
        ChatMessage expected = message(key, m.message().text());
        if (!expected.equals(m.message())) {
          throw new AssertionError("message " + key + " reads " + m.message() + ", expected "
              + expected);
        }
        Optional<StoredMessage> bySeen = db.getMessage(m.message().msgId());
        if (bySeen.isEmpty() || !bySeen.get().key().equals(m.key())) {
          throw new AssertionError("the seen index of message " + key + " at " + m.key()
              + " finds " + bySeen.map(StoredMessage::key).orElse(null));
        }
      }
      metas[c] = checkMeta(db, c, chat, all);
      total += all.size();
    }
    AtomicLong seen = new AtomicLong();
    db.forEachMsgId((id, ms) -> seen.incrementAndGet());
    if (seen.get() != total) {
      throw new AssertionError("the seen index holds " + seen.get() + " ids for " + total
          + " stored messages");
    }
    checkInboxes(db, prefix, metas);
    List<Integer> bad = db.merkle(SyncDomain.MESSAGES).verify();
    if (!bad.isEmpty()) {
      throw new AssertionError("the Merkle leaves of buckets " + bad
          + " differ from the seen index");
    }
    return found;
  }

  private static List<StoredMessage> messages(ChatDb db, byte[] chat) {
    List<StoredMessage> all = new ArrayList<>();
    for (MessageKey after = null; ; ) {
      RangePage page = db.range(chat, after, 1000);
      all.addAll(page.items());
      if (page.next() == null) {
        return all;
      }
      after = page.next();
    }
  }

  /** Checks the meta of chat {@code c} against its messages; returns it (null when none). */
  private static ChatMeta checkMeta(ChatDb db, int c, byte[] chat, List<StoredMessage> all) {
    ChatMeta meta = db.chatMeta(chat).orElse(null);
    if (all.isEmpty()) {
      if (meta != null) {
        throw new AssertionError("chat " + c + " has no message but a meta " + meta);
      }
      return null;
    }
    long[] seqs = all.stream().mapToLong(m -> m.key().seq()).sorted().toArray();
    for (int i = 0; i < seqs.length; i++) {
      if (seqs[i] != i + 1) {
        throw new AssertionError("chat " + c + " has sequence numbers " + Arrays.toString(seqs)
            + ", expected 1.." + seqs.length);
      }
    }
    StoredMessage newest = all.stream().max(Comparator.comparing((StoredMessage m) ->
        m.message().hlc()).thenComparingLong(m -> m.key().seq())).orElseThrow();
    if (meta == null || meta.lastSeq() != all.size()
        || !meta.lastHlc().equals(newest.message().hlc())
        || !Arrays.equals(meta.lastMsgId(), newest.message().msgId())) {
      throw new AssertionError("chat " + c + " with " + all.size() + " messages, the newest "
          + keyOf(newest.message().msgId()) + " at " + newest.message().hlc() + ", has meta "
          + meta);
    }
    return meta;
  }

  /** Each member's inbox holds exactly the member's chats with messages, at their newest. */
  private static void checkInboxes(ChatDb db, String prefix, ChatMeta[] metas) {
    for (int u = 0; u < USERS; u++) {
      TreeMap<Integer, HlcTimestamp> expected = new TreeMap<>();
      for (int c = 0; c < CHATS; c++) {
        if (metas[c] != null && (c % USERS == u || (c + 1) % USERS == u)) {
          expected.put(c, metas[c].lastHlc());
        }
      }
      TreeMap<Integer, HlcTimestamp> inbox = new TreeMap<>();
      for (InboxItem item : db.listUserChats(userId(prefix, u), null, 100).items()) {
        int c = -1;
        for (int k = 0; k < CHATS; k++) {
          c = Arrays.equals(item.chatId(), chatId(prefix, k)) ? k : c;
        }
        if (inbox.put(c, item.activity()) != null) {
          throw new AssertionError("user " + u + " has two inbox entries for chat " + c);
        }
      }
      if (!inbox.equals(expected)) {
        throw new AssertionError("the inbox of user " + u + " holds " + inbox
            + " (chat to activity), expected " + expected);
      }
    }
  }
}
