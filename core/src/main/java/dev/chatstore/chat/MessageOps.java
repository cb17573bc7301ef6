package dev.chatstore.chat;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.ScanPage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Messages, their seen index and the chat meta: the write of {@link ChatDb#putMessages}. */
final class MessageOps {
  private final ChatContext ctx;
  private final ChatLayout layout;
  private final InboxOps inbox;
  /**
   * Whether the last put that read its seen entries stored not every message (one was stored
   * before, or expired): then puts read their seen entries first (see {@link #plan}) until one
   * stores all its messages again.
   */
  private volatile boolean duplicatesLately;

  MessageOps(ChatContext ctx, InboxOps inbox) {
    this.ctx = ctx;
    this.layout = ctx.layout;
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
    // checked writes take their messages as new on the first attempt (see plan)
    boolean[] assumeNew = {!ctx.options.exclusiveWriter() && !duplicatesLately};
    return ctx.mutate("put of " + writes.size() + " messages", ChatContext.locks(lockIds),
        txn -> {
          boolean guess = assumeNew[0];
          assumeNew[0] = false; // a retry reads
          return plan(txn, writes, cutoff, guess);
        });
  }

  /** The keys one message write reads, made once. */
  private record Keys(byte[] seen, byte[] meta, int bucket, byte[] leaf, byte[][] positions) {
    static Keys of(ChatLayout layout, MessageWrite w) {
      ChatMessage m = w.message();
      List<byte[]> users = w.inboxUsers();
      byte[][] positions = new byte[users.size()][];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = layout.inboxPosition(users.get(i), m.chatId());
      }
      int bucket = Ids.bucket(m.msgId());
      return new Keys(layout.seen(m.msgId()), layout.meta(m.chatId()), bucket,
          layout.leaf(SyncDomain.MESSAGES, bucket), positions);
    }
  }

  /**
   * One chat of a planned write: its meta as the write leaves it (stored once per write, however
   * many messages), where its guards and positions come from, and what to cache on commit.
   */
  private static final class ChatPlan {
    final byte[] chat;
    final byte[] metaKey;
    /** The chat as this handle last committed it, planned from; null: read from the store. */
    final ChatCache.Entry cached;
    /** The inbox revision's key, once a message of the chat touches positions. */
    byte[] revKey;
    /**
     * The users whose positions the applied messages upserted and the position bytes each left,
     * in order (a later one of the same user wins).
     */
    List<byte[]> users;
    List<byte[]> values;
    boolean loaded;
    /** Where the inbox entries of the chat's users move to, for the chat's newest activity. */
    InboxOps.Move move;
    ChatMeta meta;
    byte[] metaRaw;
    boolean changed;

    ChatPlan(byte[] chat, byte[] metaKey, ChatCache.Entry cached) {
      this.chat = chat;
      this.metaKey = metaKey;
      this.cached = cached;
    }

    boolean cachedPositions() {
      return cached != null && cached.revisionKnown;
    }
  }

  /**
   * Plans the put of {@code writes} in {@code txn}.
   *
   * <p>With {@code assumeNew}, the messages' seen entries are not read but taken as absent, and
   * checked at commit like a read that found them absent: a message stored before (by anyone)
   * fails the commit, and the retry reads them. Most puts are of new messages, so most puts
   * read no seen entry at all, and the store looks each one up once (for the check) instead of
   * twice. Only checked writes may guess so: an exclusive writer's batches carry no check. A put
   * that reads and finds a duplicate makes the next puts read too, until one finds none, so that
   * a stream of redeliveries does not fail a commit each time.
   */
  private List<PutResult> plan(ChatTxn txn, List<MessageWrite> writes, long cutoff,
      boolean assumeNew) {
    ChatCache cache = ctx.cache;
    LeafCache leaves = ctx.leaves;
    List<Keys> keys = new ArrayList<>(writes.size());
    List<ChatPlan> plans = new ArrayList<>(writes.size());
    Map<IdKey, ChatPlan> chats = new LinkedHashMap<>();
    List<byte[]> toRead = new ArrayList<>(writes.size() * 4);
    List<byte[]> positions = new ArrayList<>(writes.size() * 8);
    for (MessageWrite w : writes) {
      Keys k = Keys.of(layout, w);
      keys.add(k);
      if (assumeNew) {
        txn.assume(k.seen(), null, false);
      } else {
        toRead.add(k.seen());
      }
      // the leaf's stripe is held too: taken as last committed (checked like a read), or read
      byte[] leaf = leaves.get(k.bucket());
      if (leaf == null) {
        toRead.add(k.leaf());
      } else {
        txn.assume(k.leaf(), leaf == LeafCache.ZERO ? null : leaf, false);
      }
      byte[] chat = w.message().chatId();
      IdKey chatKey = new IdKey(chat);
      ChatPlan cp = chats.get(chatKey);
      if (cp == null) {
        // the chat's stripe is held: its cache entry cannot change until this attempt ends
        cp = new ChatPlan(chat, k.meta(), cache.get(chat));
        chats.put(chatKey, cp);
        if (cp.cached != null) {
          txn.assume(k.meta(), cp.cached.metaRaw, false); // checked like a read
        } else {
          toRead.add(k.meta());
        }
      }
      plans.add(cp);
      byte[][] pos = k.positions();
      if (pos.length > 0) {
        // the inbox positions are covered by the chat's guards (meta, inbox revision; see
        // InboxOps.addGuards), read (or assumed) and checked before them: two checks per chat
        // instead of one per member
        if (cp.revKey == null) {
          cp.revKey = layout.inboxRevision(chat);
          cp.users = new ArrayList<>(pos.length);
          cp.values = new ArrayList<>(pos.length);
          if (cp.cachedPositions()) {
            txn.assume(cp.revKey, cp.cached.revision, false);
          } else {
            toRead.add(cp.revKey);
          }
        }
        List<byte[]> users = w.inboxUsers();
        for (int i = 0; i < pos.length; i++) {
          if (cp.cachedPositions()) {
            int at = cp.cached.positions.find(users.get(i));
            if (at >= 0) {
              txn.assume(pos[i], cp.cached.positions.value(at), true);
              continue;
            }
          }
          positions.add(pos[i]);
        }
      }
    }
    txn.prefetch(toRead, positions);
    List<PutResult> out = new ArrayList<>(writes.size());
    boolean duplicates = false;
    for (int i = 0; i < writes.size(); i++) {
      PutResult r = planOne(txn, writes.get(i), keys.get(i), plans.get(i), cutoff);
      duplicates |= !r.inserted(); // stored before, or expired: read again next time
      out.add(r);
    }
    if (!assumeNew) {
      duplicatesLately = duplicates;
    }
    for (ChatPlan cp : chats.values()) {
      if (cp.changed) {
        cp.metaRaw = ChatCodec.meta(cp.meta);
        txn.put(cp.metaKey, cp.metaRaw);
      }
    }
    txn.onFinish(committed -> {
      for (Keys k : keys) {
        leaves.settle(k.bucket(), txn, k.leaf(), committed);
      }
      for (ChatPlan cp : chats.values()) {
        if (!committed) {
          cache.remove(cp.chat); // maybe stale: the next attempt reads afresh
        } else if (cp.changed) {
          cache.put(cp.chat, committedEntry(txn, cp));
        }
      }
    });
    return out;
  }

  /** The cache entry of {@code cp}'s chat as its committed write {@code txn} leaves it. */
  private static ChatCache.Entry committedEntry(ChatTxn txn, ChatPlan cp) {
    if (cp.revKey == null) {
      // the revision was neither read nor checked: positions may have moved since the entry
      return new ChatCache.Entry(cp.metaRaw, cp.meta, false, null, new Positions(0));
    }
    // the guards held at commit: the cached positions are still the stored ones
    Positions pos = cp.cachedPositions() ? cp.cached.positions
        : new Positions(cp.users.size());
    for (int i = 0; i < cp.users.size(); i++) {
      pos.set(cp.users.get(i), cp.values.get(i)); // a new user's id is copied in
    }
    return new ChatCache.Entry(cp.metaRaw, cp.meta, true, txn.valueAfter(cp.revKey), pos);
  }

  private PutResult planOne(ChatTxn txn, MessageWrite w, Keys k, ChatPlan cp, long cutoff) {
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
    if (!cp.loaded) {
      cp.meta = cp.cached != null ? cp.cached.meta
          : ChatCodec.meta(txn.read(k.meta()), "meta of chat " + Ids.hex(chat));
      cp.loaded = true;
    }
    ChatMeta meta = cp.meta;
    long seq = meta == null ? 1 : meta.lastSeq() + 1;
    if (seq > MessageKey.MAX_SEQ) {
      throw new IllegalStateException("chat " + Ids.hex(chat) + " has reached the most messages"
          + " a chat can hold, " + MessageKey.MAX_SEQ);
    }
    MessageKey key = new MessageKey(chat, m.hlc(), seq);
    txn.putUnread(layout.message(key), ChatCodec.message(m, seq));
    txn.put(k.seen(), key.toBytes());
    txn.flip(k.leaf(), msgId);
    boolean newest = meta == null || m.hlc().compareTo(meta.lastHlc()) >= 0;
    ChatMeta next = newest
        ? new ChatMeta(m.hlc(), seq, msgId, m.sender(), m.preview())
        : new ChatMeta(meta.lastHlc(), seq, meta.lastMsgId(), meta.lastSender(),
            meta.lastPreview());
    cp.meta = next;
    cp.changed = true;
    List<byte[]> users = w.inboxUsers();
    if (!users.isEmpty() && (cp.move == null || !cp.move.activity.equals(next.lastHlc()))) {
      cp.move = new InboxOps.Move(layout, chat, next.lastHlc());
    }
    for (int i = 0; i < users.size(); i++) {
      cp.users.add(users.get(i));
      cp.values.add(inbox.upsertTo(txn, k.positions()[i], users.get(i), cp.move));
    }
    return new PutResult(key, true);
  }

  /** Removes one message, its seen entry and its Merkle leaf bit; false when absent. */
  boolean delete(byte[] msgId) {
    int[] locks = ChatContext.locks(ChatContext.leafStripe(msgId));
    return ctx.mutate("delete of message " + Ids.hex(msgId), locks,
        txn -> removeSeen(ctx, txn, msgId, Long.MAX_VALUE));
  }

  /**
   * Removes the message {@code msgId} when its seen entry says it is at or before
   * {@code cutoffMs}: the row (if still there), the seen entry and the leaf bit. The leaf is
   * read from the store; the handle's {@link LeafCache} learns what the write leaves in it.
   */
  static boolean removeSeen(ChatContext ctx, ChatTxn txn, byte[] msgId, long cutoffMs) {
    ChatLayout layout = ctx.layout;
    byte[] seenKey = layout.seen(msgId);
    byte[] seen = txn.read(seenKey);
    if (seen == null || ChatCodec.seenPhysicalMs(seen) > cutoffMs) {
      return false;
    }
    if (seen.length == MessageKey.BYTES) {
      txn.deleteUnread(layout.message(MessageKey.fromBytes(seen)));
    }
    txn.delete(seenKey);
    int bucket = Ids.bucket(msgId);
    byte[] leafKey = layout.leaf(SyncDomain.MESSAGES, bucket);
    txn.flip(leafKey, msgId);
    txn.onFinish(committed -> ctx.leaves.settle(bucket, txn, leafKey, committed));
    return true;
  }

  StoredMessage get(byte[] msgId) {
    byte[] seen = ctx.store.get(layout.seen(msgId));
    if (seen == null || seen.length != MessageKey.BYTES) {
      return null;
    }
    byte[] raw = ctx.store.get(layout.message(MessageKey.fromBytes(seen)));
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
    KeyRange all = layout.chatMessages(chat);
    byte[] start = fromMs == 0 ? all.start()
        : layout.messageFloor(chat, new HlcTimestamp(Math.min(fromMs,
            HlcTimestamp.MAX_PHYSICAL_MS), 0));
    if (after != null) {
      byte[] afterKey = Bytes.successor(layout.message(after));
      start = Bytes.compare(afterKey, start) > 0 ? afterKey : start;
    }
    byte[] end = toMs >= HlcTimestamp.MAX_PHYSICAL_MS ? all.end()
        : layout.messageFloor(chat, new HlcTimestamp(toMs + 1, 0));
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
    KeyRange all = layout.chatMessages(chat);
    KeyRange r = before == null ? all : KeyRange.of(all.start(), layout.message(before));
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
    return ChatCodec.meta(ctx.store.get(layout.meta(chat)), "meta of chat " + Ids.hex(chat));
  }
}
