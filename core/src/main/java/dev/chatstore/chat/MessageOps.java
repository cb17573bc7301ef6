package dev.chatstore.chat;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.ScanPage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Messages, their seen index and the chat meta: the write of {@link ChatDb#putMessages}. */
final class MessageOps {
  private final ChatContext ctx;
  private final InboxOps inbox;

  MessageOps(ChatContext ctx, InboxOps inbox) {
    this.ctx = ctx;
    this.inbox = inbox;
  }

  List<PutResult> put(List<MessageWrite> writes) {
    if (writes == null) {
      throw new IllegalArgumentException("message writes must not be null");
    }
    for (MessageWrite w : writes) {
      if (w == null) {
        throw new IllegalArgumentException("message writes must not contain null");
      }
    }
    if (writes.isEmpty()) {
      return List.of();
    }
    int[] lockIds = new int[writes.size() * 2];
    for (int i = 0; i < writes.size(); i++) {
      ChatMessage m = writes.get(i).message();
      lockIds[2 * i] = ChatContext.entityStripe(m.chatId());
      lockIds[2 * i + 1] = ChatContext.leafStripe(m.msgId());
    }
    long cutoff = ctx.retentionCutoff();
    return ctx.mutate("put of " + writes.size() + " messages", ChatContext.locks(lockIds),
        txn -> plan(txn, writes, cutoff));
  }

  /** The keys one message write reads, made once. */
  private record Keys(byte[] seen, byte[] meta, byte[] leaf, byte[][] positions) {
    static Keys of(MessageWrite w) {
      ChatMessage m = w.message();
      List<byte[]> users = w.inboxUsers();
      byte[][] positions = new byte[users.size()][];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = ChatLayout.inboxPosition(users.get(i), m.chatId());
      }
      return new Keys(ChatLayout.seen(m.msgId()), ChatLayout.meta(m.chatId()),
          ChatLayout.leaf(SyncDomain.MESSAGES, Ids.bucket(m.msgId())), positions);
    }
  }

  /** A chat's meta as the planned write leaves it; stored once per write, however many messages. */
  private static final class MetaState {
    final byte[] key;
    ChatMeta meta;
    boolean changed;

    MetaState(byte[] key, ChatMeta meta) {
      this.key = key;
      this.meta = meta;
    }
  }

  private List<PutResult> plan(ChatTxn txn, List<MessageWrite> writes, long cutoff) {
    List<Keys> keys = new ArrayList<>(writes.size());
    List<byte[]> toRead = new ArrayList<>(writes.size() * 4);
    List<byte[]> positions = new ArrayList<>(writes.size() * 8);
    for (MessageWrite w : writes) {
      Keys k = Keys.of(w);
      keys.add(k);
      toRead.add(k.seen());
      toRead.add(k.leaf());
      toRead.add(k.meta());
      if (k.positions().length > 0) {
        // the inbox positions are covered by the chat's guards (meta, inbox revision; see
        // InboxOps.addGuards), read and checked before them: two checks per chat instead of
        // one per member
        toRead.add(ChatLayout.inboxRevision(w.message().chatId()));
        positions.addAll(Arrays.asList(k.positions()));
      }
    }
    txn.prefetch(toRead, positions);
    Map<ByteBuffer, MetaState> metas = new LinkedHashMap<>();
    List<PutResult> out = new ArrayList<>(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      out.add(planOne(txn, writes.get(i), keys.get(i), metas, cutoff));
    }
    for (MetaState ms : metas.values()) {
      if (ms.changed) {
        txn.put(ms.key, ChatCodec.meta(ms.meta));
      }
    }
    return out;
  }

  private PutResult planOne(ChatTxn txn, MessageWrite w, Keys k, Map<ByteBuffer, MetaState> metas,
      long cutoff) {
    ChatMessage m = w.message();
    byte[] chat = m.chatId();
    byte[] msgId = m.msgId();
    byte[] seen = txn.read(k.seen());
    if (seen != null) {
      MessageKey first = seen.length == MessageKey.BYTES ? MessageKey.fromBytes(seen) : null;
      return new PutResult(first, false);
    }
    if (m.hlc().physicalMs() <= cutoff) {
      return new PutResult(null, false); // expired by retention: never resurrected by sync
    }
    MetaState ms = metas.computeIfAbsent(ByteBuffer.wrap(chat), c -> new MetaState(k.meta(),
        ChatCodec.meta(txn.read(k.meta()), "meta of chat " + Ids.hex(chat))));
    ChatMeta meta = ms.meta;
    long seq = meta == null ? 1 : meta.lastSeq() + 1;
    if (seq > MessageKey.MAX_SEQ) {
      throw new IllegalStateException("chat " + Ids.hex(chat) + " has reached the most messages"
          + " a chat can hold, " + MessageKey.MAX_SEQ);
    }
    MessageKey key = new MessageKey(chat, m.hlc(), seq);
    txn.put(ChatLayout.message(key), ChatCodec.message(m, seq));
    txn.put(k.seen(), key.toBytes());
    txn.flip(k.leaf(), msgId);
    boolean newest = meta == null || m.hlc().compareTo(meta.lastHlc()) >= 0;
    ChatMeta next = newest
        ? new ChatMeta(m.hlc(), seq, msgId, m.sender(), m.preview())
        : new ChatMeta(meta.lastHlc(), seq, meta.lastMsgId(), meta.lastSender(),
            meta.lastPreview());
    ms.meta = next;
    ms.changed = true;
    List<byte[]> users = w.inboxUsers();
    for (int i = 0; i < users.size(); i++) {
      inbox.upsert(txn, k.positions()[i], users.get(i), chat, next.lastHlc());
    }
    return new PutResult(key, true);
  }

  /** Removes one message, its seen entry and its Merkle leaf bit; false when absent. */
  boolean delete(byte[] msgId) {
    int[] locks = ChatContext.locks(ChatContext.leafStripe(msgId));
    return ctx.mutate("delete of message " + Ids.hex(msgId), locks,
        txn -> removeSeen(txn, msgId, Long.MAX_VALUE));
  }

  /**
   * Removes the message {@code msgId} when its seen entry says it is at or before
   * {@code cutoffMs}: the row (if still there), the seen entry and the leaf bit.
   */
  static boolean removeSeen(ChatTxn txn, byte[] msgId, long cutoffMs) {
    byte[] seenKey = ChatLayout.seen(msgId);
    byte[] seen = txn.read(seenKey);
    if (seen == null || ChatCodec.seenPhysicalMs(seen) > cutoffMs) {
      return false;
    }
    if (seen.length == MessageKey.BYTES) {
      txn.delete(ChatLayout.message(MessageKey.fromBytes(seen)));
    }
    txn.delete(seenKey);
    txn.flip(SyncDomain.MESSAGES, msgId);
    return true;
  }

  StoredMessage get(byte[] msgId) {
    byte[] seen = ctx.store.get(ChatLayout.seen(msgId));
    if (seen == null || seen.length != MessageKey.BYTES) {
      return null;
    }
    byte[] raw = ctx.store.get(ChatLayout.message(MessageKey.fromBytes(seen)));
    return raw == null ? null : ChatCodec.message(raw, "message " + Ids.hex(msgId));
  }

  RangePage range(byte[] chat, MessageKey after, long fromMs, long toMs, int limit) {
    KvLimits.checkScanLimit(limit);
    if (after != null && !Ids.same(after.chatId(), chat)) {
      throw new IllegalArgumentException("cursor " + after + " belongs to another chat than "
          + Ids.hex(chat));
    }
    if (fromMs < 0 || toMs < fromMs) {
      throw new IllegalArgumentException("time window " + fromMs + ".." + toMs
          + " ms is invalid; expected 0 <= fromMs <= toMs");
    }
    KeyRange all = ChatLayout.chatMessages(chat);
    byte[] start = fromMs == 0 ? all.start()
        : ChatLayout.messageFloor(chat, new HlcTimestamp(Math.min(fromMs,
            HlcTimestamp.MAX_PHYSICAL_MS), 0));
    if (after != null) {
      byte[] afterKey = Bytes.successor(ChatLayout.message(after));
      start = Bytes.compare(afterKey, start) > 0 ? afterKey : start;
    }
    byte[] end = toMs >= HlcTimestamp.MAX_PHYSICAL_MS ? all.end()
        : ChatLayout.messageFloor(chat, new HlcTimestamp(toMs + 1, 0));
    if (Bytes.compare(start, end) >= 0) {
      return new RangePage(List.of(), null);
    }
    ScanPage page = ctx.store.scan(KeyRange.of(start, end), Direction.ASCENDING, limit);
    List<StoredMessage> items = decode(page.entries());
    MessageKey next = page.hasMore() && !items.isEmpty() ? items.get(items.size() - 1).key() : null;
    return new RangePage(items, next);
  }

  RangePage latest(byte[] chat, MessageKey before, int limit) {
    KvLimits.checkScanLimit(limit);
    if (before != null && !Ids.same(before.chatId(), chat)) {
      throw new IllegalArgumentException("cursor " + before + " belongs to another chat than "
          + Ids.hex(chat));
    }
    KeyRange all = ChatLayout.chatMessages(chat);
    KeyRange r = before == null ? all : KeyRange.of(all.start(), ChatLayout.message(before));
    ScanPage page = ctx.store.scan(r, Direction.DESCENDING, limit);
    List<StoredMessage> items = decode(page.entries());
    Collections.reverse(items);
    MessageKey next = page.hasMore() && !items.isEmpty() ? items.get(0).key() : null;
    return new RangePage(items, next);
  }

  private static List<StoredMessage> decode(List<KvEntry> entries) {
    List<StoredMessage> out = new ArrayList<>(entries.size());
    for (KvEntry e : entries) {
      out.add(ChatCodec.message(e.value(), "message " + Bytes.show(e.key())));
    }
    return out;
  }

  ChatMeta meta(byte[] chat) {
    return ChatCodec.meta(ctx.store.get(ChatLayout.meta(chat)), "meta of chat " + Ids.hex(chat));
  }
}
