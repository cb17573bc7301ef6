package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The workloads of {@code chatstore bench}, each in two forms run side by side: through
 * chatstore's domain layer, and as the <b>raw</b> equivalent, the minimal key-value operations on
 * the same backend that store or read the same rows (no deduplication, no Merkle leaves, no
 * checks, no recency index). The ratio of the two is what the domain layer costs.
 *
 * <table>
 *   <caption>workloads</caption>
 *   <tr><th>workload</th><th>chatstore</th><th>raw</th></tr>
 *   <tr><td>message ingest</td><td>{@code ChatDb.putMessage} with the chat's 3 members'
 *       inboxes</td><td>one batch: message row, chat meta, 3 inbox rows</td></tr>
 *   <tr><td>chat page (latest 50)</td><td>{@code ChatDb.latest(chat, null, 50)}</td>
 *       <td>a descending scan of 50 message rows</td></tr>
 *   <tr><td>inbox page (20)</td><td>{@code ChatDb.listUserChats(user, 0, 20)}</td>
 *       <td>an ascending scan of 20 inbox rows</td></tr>
 *   <tr><td>signal session store / load</td><td>{@code Backend.putSession} /
 *       {@code getSession} of a {@value #SESSION_BYTES}-byte record, one of {@code N/50} peers,
 *       on a device of {@link Devices} with its default write-through cache</td>
 *       <td>put / get of the same bytes under the same key</td></tr>
 *   <tr><td>engine set / get / list</td><td>{@code KvEngine.set}, {@code get},
 *       {@code list(prefix, 0, 20)}</td><td>put, get, a 20-row scan</td></tr>
 *   <tr><td>cascade delete</td><td>{@code KvEngine.set(chat, null)} on a chat of 10
 *       documents</td><td>one range delete</td></tr>
 * </table>
 * Each side works in its own fresh tenant (the Signal side: a fresh device), dropped at the end.
 */
final class BenchWorkloads implements AutoCloseable {
  static final List<String> NAMES = List.of("message ingest", "chat page (latest 50)",
      "inbox page (20)", "signal session store", "signal session load", "engine set", "engine get", "engine list (20)", "cascade delete (10 docs)");
  private static final int MEMBERS = 3;
  private static final int DOCS_PER_CHAT = 10;
  static final int SESSION_BYTES = 1200;

  /** One operation, run repeatedly; {@code i} counts calls from 0. */
  interface Op {
    void run(int i);
  }

  private final ChatStore store;
  private final String layerTenant;
  private final String rawTenant;
  private final int chats;
  private final int users;
  private final ChatDb db;
  private final KvEngine engine;
  private final KvStore rawChat;
  private final KvStore rawEngine;
  private final Devices devices;
  private final Backend signal;
  private final KvStore rawSignal;
  private final Random random = new Random(42);
  private final byte[] text = ("a message of a usual length, about sixty characters long....")
      .getBytes(StandardCharsets.UTF_8);
  private final long clock = 1_763_600_000_000L;
  private int layerDocs;
  private int rawDocs;
  private int layerMsgs;
  private int rawMsgs;

  BenchWorkloads(ChatStore store, String tenantPrefix, int size) {
    this.store = store;
    this.layerTenant = tenantPrefix + "-chatstore";
    this.rawTenant = tenantPrefix + "-raw";
    this.chats = Math.max(10, size / 50);
    this.users = Math.max(MEMBERS, chats / 2);
    this.db = ChatDb.open(store, layerTenant);
    this.engine = KvEngine.on(store.tenant(layerTenant).area(Area.ENGINE));
    this.rawChat = store.tenant(rawTenant).area(Area.CHAT);
    this.rawEngine = store.tenant(rawTenant).area(Area.ENGINE);
    this.devices = Devices.open(store);
    this.signal = devices.device(devices.create());
    this.rawSignal = store.tenant(rawTenant).area(Area.SIGNAL);
  }

  /** The chatstore side of workload {@code name}. */
  Op layer(String name) {
    return switch (name) {
      case "message ingest" -> i -> {
        db.putMessage(message(i), members(i % chats));
        layerMsgs = Math.max(layerMsgs, i + 1);
      };
      case "chat page (latest 50)" -> i -> db.latest(chatId(random.nextInt(chats)), null, 50);
      case "inbox page (20)" -> i -> db.listUserChats(userId(random.nextInt(users)), 0, 20);
      case "signal session store" -> i -> signal.putSession(peer(i % chats), session(i));
      case "signal session load" -> i -> signal.getSession(peer(random.nextInt(chats)));
      case "engine set" -> i -> {
        engine.set(docKey(i), doc(i));
        layerDocs = Math.max(layerDocs, i + 1);
      };
      case "engine get" -> i -> engine.get(docKey(random.nextInt(Math.max(1, layerDocs))));
      case "engine list (20)" -> i -> engine.list("chat/" + random.nextInt(chats) + "/", 0, 20);
      case "cascade delete (10 docs)" -> i -> engine.set("del/" + i, null);
      default -> throw new IllegalArgumentException("unknown workload " + name);
    };
  }

  /** The raw side of workload {@code name}. */
  Op raw(String name) {
    return switch (name) {
      case "message ingest" -> i -> {
        WriteBatch.Builder b = WriteBatch.builder();
        rawMessage(b, i);
        rawChat.write(b.build());
        rawMsgs = Math.max(rawMsgs, i + 1);
      };
      case "chat page (latest 50)" -> i -> rawChat.scan(KeyRange.prefix(
          Tuple.of("m", chatId(random.nextInt(chats))).pack()), Direction.DESCENDING, 50);
      case "inbox page (20)" -> i -> rawChat.scan(KeyRange.prefix(
          Tuple.of("inbox", userId(random.nextInt(users))).pack()), Direction.ASCENDING, 20);
      case "signal session store" -> i -> rawSignal.put(rawPeer(i % chats), session(i));
      case "signal session load" -> i -> rawSignal.get(rawPeer(random.nextInt(chats)));
      case "engine set" -> i -> {
        rawEngine.put(Tuple.of(docKey(i)).pack(), doc(i).getBytes(StandardCharsets.UTF_8));
        rawDocs = Math.max(rawDocs, i + 1);
      };
      case "engine get" -> i -> rawEngine.get(Tuple.of(docKey(random.nextInt(Math.max(1,
          rawDocs)))).pack());
      case "engine list (20)" -> i -> rawEngine.scan(KeyRange.prefix(
          Tuple.of("chat/" + random.nextInt(chats) + "/").pack()), Direction.ASCENDING, 20);
      case "cascade delete (10 docs)" -> i -> rawEngine.write(WriteBatch.builder()
          .deleteRange(Tuple.of("del", i).range()).build());
      default -> throw new IllegalArgumentException("unknown workload " + name);
    };
  }

  /**
   * Untimed preparation before workload {@code name} runs {@code ops} times on each side: the
   * chat pages read the same {@code ops} messages on both sides (the ingest workload's, topped
   * up in large batches), the session loads find every peer's session on both sides, and each
   * cascade delete has a chat of its own to delete.
   */
  void prepare(String name, int ops) {
    if (name.equals("signal session load")) {
      for (int p = 0; p < chats; p++) {
        signal.putSession(peer(p), session(p));
        rawSignal.put(rawPeer(p), session(p));
      }
      return;
    }
    if (name.startsWith("chat page")) {
      for (int from = layerMsgs; from < ops; from += 200) {
        List<MessageWrite> writes = new ArrayList<>();
        for (int i = from; i < Math.min(ops, from + 200); i++) {
          writes.add(new MessageWrite(message(i), members(i % chats)));
        }
        db.putMessages(writes);
      }
      for (int from = rawMsgs; from < ops; from += 200) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int i = from; i < Math.min(ops, from + 200); i++) {
          rawMessage(b, i);
        }
        rawChat.write(b.build());
      }
      layerMsgs = Math.max(layerMsgs, ops);
      rawMsgs = Math.max(rawMsgs, ops);
      return;
    }
    if (!name.startsWith("cascade delete")) {
      return;
    }
    for (int i = 0; i < ops; i++) {
      List<java.util.Map.Entry<String, String>> docs = new ArrayList<>();
      WriteBatch.Builder raw = WriteBatch.builder();
      for (int d = 0; d < DOCS_PER_CHAT; d++) {
        docs.add(java.util.Map.entry("del/" + i + "/m" + d, doc(d)));
        raw.put(Tuple.of("del", i, "m" + d).pack(), doc(d).getBytes(StandardCharsets.UTF_8));
      }
      engine.setBatch(docs);
      rawEngine.write(raw.build());
    }
  }

  private ChatMessage message(int i) {
    int c = i % chats;
    return ChatMessage.text(chatId(c), msgId(i), userId(member(c, i)),
        new HlcTimestamp(clock + i, 0), "message " + i + " of a usual length, about sixty chars");
  }

  /** The raw rows of message {@code i}: the message, the chat meta, the members' inbox rows. */
  private void rawMessage(WriteBatch.Builder b, int i) {
    int c = i % chats;
    long ts = clock + i;
    b.put(Tuple.of("m", chatId(c), ts, i).pack(), text)
        .put(Tuple.of("meta", chatId(c)).pack(), Tuple.of(ts, i).pack());
    for (byte[] u : members(c)) {
      b.put(Tuple.of("inbox", u, chatId(c)).pack(), Tuple.of(ts).pack());
    }
  }

  /** The Signal address of peer {@code p}'s primary device. */
  private static String peer(int p) {
    return "1555" + (1_000_000 + p) + ".0";
  }

  /** The key of {@code peer(p)}'s session in the raw SIGNAL area: the one the backend uses. */
  private static byte[] rawPeer(int p) {
    return Tuple.of(2, peer(p)).pack();
  }

  /** A session record of {@value #SESSION_BYTES} bytes, different for each {@code i}. */
  private static byte[] session(int i) {
    byte[] b = new byte[SESSION_BYTES];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (k * 31 + i);
    }
    return b;
  }

  private String docKey(int i) {
    return "chat/" + (i % chats) + "/message/" + i;
  }

  private static String doc(int i) {
    return "{\"id\":\"3EB0" + i + "\",\"text\":\"a message of a usual length\",\"ts\":" + i + "}";
  }

  private List<byte[]> members(int chat) {
    List<byte[]> out = new ArrayList<>(MEMBERS);
    for (int m = 0; m < MEMBERS; m++) {
      out.add(userId(member(chat, m)));
    }
    return out;
  }

  private int member(int chat, int m) {
    return (chat + m % MEMBERS) % users;
  }

  private static byte[] chatId(int c) {
    return id(32, 'c', c);
  }

  private static byte[] userId(int u) {
    return id(20, 'u', u);
  }

  private static byte[] msgId(int m) {
    return id(32, 'm', m);
  }

  private static byte[] id(int length, char kind, int n) {
    byte[] b = new byte[length];
    b[0] = (byte) kind;
    for (int i = 0; i < 4; i++) {
      b[length - 1 - i] = (byte) (n >>> (8 * i));
    }
    // spread ids over the Merkle buckets as real hashed ids are
    b[1] = (byte) (n * 0x9E3779B1 >>> 24);
    return b;
  }

  /** Drops both tenants and the device. */
  @Override
  public void close() {
    db.close();
    devices.drop(signal.deviceId());
    store.dropTenant(layerTenant);
    store.dropTenant(rawTenant);
  }
}
