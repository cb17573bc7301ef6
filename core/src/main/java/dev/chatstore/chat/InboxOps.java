package dev.chatstore.chat;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.ScanPage;
import java.util.ArrayList;
import java.util.List;

/** Users' inboxes and read progress. */
final class InboxOps {
  private final ChatContext ctx;
  private final ChatLayout layout;

  InboxOps(ChatContext ctx) {
    this.ctx = ctx;
    this.layout = ctx.layout;
  }

  /**
   * The guards of {@code chat}'s inbox positions (see {@link ChatTxn#readCovered}): its meta,
   * which every new message changes, and its inbox revision, which every other write of a
   * position bumps. Read them (checked) before any position of the chat.
   */
  void addGuards(byte[] chat, List<byte[]> keys) {
    keys.add(layout.meta(chat));
    keys.add(layout.inboxRevision(chat));
  }

  /** Reads the guards of {@code chat}; returns its inbox revision key. */
  private byte[] guard(ChatTxn txn, byte[] chat) {
    List<byte[]> guards = new ArrayList<>(2);
    addGuards(chat, guards);
    txn.prefetch(guards);
    return guards.get(1);
  }

  /** Bumps the inbox revision {@code revKey} of a chat, read by {@link #guard}. */
  private static void bump(ChatTxn txn, byte[] revKey) {
    byte[] rev = txn.read(revKey);
    long next = (rev == null ? 0 : ChatCodec.revision(rev, "inbox revision")) + 1;
    txn.put(revKey, ChatCodec.revision(next));
  }

  /**
   * Entries of one chat moving to one activity: the parts of their keys and positions that the
   * users share, made once for all of them. The position bytes are shared too (never changed).
   */
  static final class Move {
    private final ChatLayout layout;
    final byte[] chat;
    final HlcTimestamp activity;
    private final ChatLayout.InboxKeys to;
    private final byte[] position;
    /** The keys at the last position moved from, likely the one of the next user too. */
    private ChatLayout.InboxKeys from;

    Move(ChatLayout layout, byte[] chat, HlcTimestamp activity) {
      this.layout = layout;
      this.chat = chat;
      this.activity = activity;
      this.to = layout.inboxKeys(activity, chat);
      this.position = activity.toBytes();
    }

    private ChatLayout.InboxKeys from(HlcTimestamp pos) {
      if (from == null || !from.activity.equals(pos)) {
        from = layout.inboxKeys(pos, chat);
      }
      return from;
    }
  }

  /**
   * Brings {@code user}'s entry for the chat of {@code move} to its activity within {@code txn}:
   * moves the one entry (deleting the old key), or creates it; never moves it back. The chat's
   * guards must have been read in {@code txn}, and the write must change one of them.
   *
   * @return the position's bytes once the write is done: the very array read when the entry
   *     stays, else the new position
   */
  byte[] upsertTo(ChatTxn txn, byte[] posKey, byte[] user, Move move) {
    byte[] raw = txn.readCovered(posKey);
    HlcTimestamp pos = ChatCodec.stamp(raw, "inbox position");
    if (pos != null && pos.compareTo(move.activity) >= 0) {
      return raw;
    }
    if (pos != null) {
      txn.deleteUnread(move.from(pos).of(user));
    }
    txn.putUnread(move.to.of(user), Bytes.empty());
    txn.put(posKey, move.position);
    return move.position;
  }

  int upsertForMembers(byte[] chat, List<byte[]> users, HlcTimestamp activity) {
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat));
    return ctx.mutate("inbox update of chat " + Ids.hex(chat), locks, txn -> {
      ctx.cache.remove(chat); // bumps the revision: the chat's cached positions would be stale
      List<byte[]> guards = new ArrayList<>(2);
      addGuards(chat, guards);
      List<byte[]> keys = new ArrayList<>(users.size());
      for (byte[] u : users) {
        keys.add(layout.inboxPosition(u, chat));
      }
      txn.prefetch(guards, keys);
      Move move = new Move(layout, chat, activity);
      int moved = 0;
      for (int i = 0; i < users.size(); i++) {
        byte[] before = txn.readCovered(keys.get(i));
        moved += upsertTo(txn, keys.get(i), users.get(i), move) != before ? 1 : 0;
      }
      if (moved > 0) {
        bump(txn, guards.get(1));
      }
      return moved;
    });
  }

  boolean deleteEntry(byte[] user, byte[] chat) {
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat));
    return ctx.mutate("inbox delete", locks, txn -> {
      ctx.cache.remove(chat); // bumps the revision: the chat's cached positions would be stale
      byte[] revKey = guard(txn, chat);
      byte[] posKey = layout.inboxPosition(user, chat);
      HlcTimestamp pos = ChatCodec.stamp(txn.readCovered(posKey), "inbox position");
      if (pos == null) {
        return false;
      }
      txn.deleteUnread(layout.inbox(user, pos, chat));
      txn.delete(posKey);
      bump(txn, revKey);
      return true;
    });
  }

  InboxPage list(byte[] user, InboxCursor after, int offset, int limit) {
    KvLimits.checkScanLimit(limit);
    if (offset < 0 || (long) offset + limit > KvLimits.MAX_SCAN_LIMIT) {
      throw new IllegalArgumentException("inbox offset " + offset + " with limit " + limit
          + " is invalid; expected offset >= 0 and offset + limit <= " + KvLimits.MAX_SCAN_LIMIT);
    }
    KeyRange all = layout.inboxOf(user);
    KeyRange r = after == null ? all : KeyRange.of(Bytes.successor(
        layout.inbox(user, after.activity(), after.chatId())), all.end());
    ScanPage page = ctx.store.scan(r, Direction.ASCENDING, offset + limit);
    List<KvEntry> entries = page.entries();
    if (offset >= entries.size()) {
      return new InboxPage(List.of(), null);
    }
    entries = entries.subList(offset, entries.size());
    List<InboxCursor> pos = new ArrayList<>(entries.size());
    List<byte[]> keys = new ArrayList<>(entries.size() * 2);
    for (KvEntry e : entries) {
      InboxCursor c = layout.inboxEntry(e.key());
      pos.add(c);
      keys.add(layout.meta(c.chatId()));
      keys.add(layout.progress(user, c.chatId()));
    }
    List<byte[]> values = ctx.store.getAll(keys);
    List<InboxItem> items = new ArrayList<>(pos.size());
    for (int i = 0; i < pos.size(); i++) {
      byte[] chat = pos.get(i).chatId();
      ChatMeta meta = ChatCodec.meta(values.get(2 * i), "meta of chat " + Ids.hex(chat));
      long read = ChatCodec.seq(values.get(2 * i + 1), "read progress");
      long unread = meta == null ? 0 : Math.max(0, meta.lastSeq() - read);
      items.add(new InboxItem(chat, pos.get(i).activity(), meta, read, unread));
    }
    InboxCursor next = page.hasMore() ? items.get(items.size() - 1).cursor() : null;
    return new InboxPage(items, next);
  }

  boolean setReadProgress(byte[] user, byte[] chat, long seq) {
    if (seq < 0 || seq > MessageKey.MAX_SEQ) {
      throw new IllegalArgumentException("read progress " + seq + " is outside 0.."
          + MessageKey.MAX_SEQ);
    }
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat));
    return ctx.mutate("read progress", locks, txn -> {
      byte[] key = layout.progress(user, chat);
      if (seq <= ChatCodec.seq(txn.read(key), "read progress")) {
        return false;
      }
      txn.put(key, ChatCodec.seq(seq));
      return true;
    });
  }

  long readProgress(byte[] user, byte[] chat) {
    return ChatCodec.seq(ctx.store.get(layout.progress(user, chat)), "read progress");
  }
}
