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

  InboxOps(ChatContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Brings {@code user}'s entry for {@code chat} to {@code activity} within {@code txn}: moves
   * the one entry (deleting the old key), or creates it; never moves it back.
   */
  void upsert(ChatTxn txn, byte[] user, byte[] chat, HlcTimestamp activity) {
    upsert(txn, ChatLayout.inboxPosition(user, chat), user, chat, activity);
  }

  /** {@link #upsert(ChatTxn, byte[], byte[], HlcTimestamp)} with the position key made. */
  void upsert(ChatTxn txn, byte[] posKey, byte[] user, byte[] chat, HlcTimestamp activity) {
    HlcTimestamp pos = ChatCodec.stamp(txn.read(posKey), "inbox position");
    if (pos != null && pos.compareTo(activity) >= 0) {
      return;
    }
    if (pos != null) {
      txn.delete(ChatLayout.inbox(user, pos, chat));
    }
    txn.put(ChatLayout.inbox(user, activity, chat), Bytes.empty());
    txn.put(posKey, activity.toBytes());
  }

  int upsertForMembers(byte[] chat, List<byte[]> users, HlcTimestamp activity) {
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat));
    return ctx.mutate("inbox update of chat " + Ids.hex(chat), locks, txn -> {
      List<byte[]> keys = new ArrayList<>(users.size());
      for (byte[] u : users) {
        keys.add(ChatLayout.inboxPosition(u, chat));
      }
      txn.prefetch(keys);
      int moved = 0;
      for (byte[] u : users) {
        int n = txn.writeCount();
        upsert(txn, u, chat, activity);
        moved += txn.writeCount() > n ? 1 : 0;
      }
      return moved;
    });
  }

  boolean deleteEntry(byte[] user, byte[] chat) {
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat));
    return ctx.mutate("inbox delete", locks, txn -> {
      byte[] posKey = ChatLayout.inboxPosition(user, chat);
      HlcTimestamp pos = ChatCodec.stamp(txn.read(posKey), "inbox position");
      if (pos == null) {
        return false;
      }
      txn.delete(ChatLayout.inbox(user, pos, chat));
      txn.delete(posKey);
      return true;
    });
  }

  InboxPage list(byte[] user, InboxCursor after, int offset, int limit) {
    KvLimits.checkScanLimit(limit);
    if (offset < 0 || (long) offset + limit > KvLimits.MAX_SCAN_LIMIT) {
      throw new IllegalArgumentException("inbox offset " + offset + " with limit " + limit
          + " is invalid; expected offset >= 0 and offset + limit <= " + KvLimits.MAX_SCAN_LIMIT);
    }
    KeyRange all = ChatLayout.inboxOf(user);
    KeyRange r = after == null ? all : KeyRange.of(Bytes.successor(
        ChatLayout.inbox(user, after.activity(), after.chatId())), all.end());
    ScanPage page = ctx.store.scan(r, Direction.ASCENDING, offset + limit);
    List<KvEntry> entries = page.entries();
    if (offset >= entries.size()) {
      return new InboxPage(List.of(), null);
    }
    entries = entries.subList(offset, entries.size());
    List<InboxCursor> pos = new ArrayList<>(entries.size());
    List<byte[]> keys = new ArrayList<>(entries.size() * 2);
    for (KvEntry e : entries) {
      InboxCursor c = ChatLayout.inboxEntry(e.key());
      pos.add(c);
      keys.add(ChatLayout.meta(c.chatId()));
      keys.add(ChatLayout.progress(user, c.chatId()));
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
      byte[] key = ChatLayout.progress(user, chat);
      if (seq <= ChatCodec.seq(txn.read(key), "read progress")) {
        return false;
      }
      txn.put(key, ChatCodec.seq(seq));
      return true;
    });
  }

  long readProgress(byte[] user, byte[] chat) {
    return ChatCodec.seq(ctx.store.get(ChatLayout.progress(user, chat)), "read progress");
  }
}
