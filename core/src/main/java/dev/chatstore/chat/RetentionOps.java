package dev.chatstore.chat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Retention: range deletes of old messages and the chunked clean-up of the seen index. */
final class RetentionOps {
  /** Chats whose range deletes go in one write. */
  private static final int CHATS_PER_WRITE = 1000;
  private static final int PAGE = 1000;

  private final ChatContext ctx;
  private final ChatLayout layout;

  RetentionOps(ChatContext ctx) {
    this.ctx = ctx;
    this.layout = ctx.layout;
  }

  void deleteUpTo(List<byte[]> chats, long cutoffMs) {
    WriteBatch.Builder b = WriteBatch.builder();
    for (byte[] chat : chats) {
      ctx.forget(chat); // a change of the chat: start it afresh
      KeyRange all = layout.chatMessages(chat);
      byte[] end = cutoffMs >= HlcTimestamp.MAX_PHYSICAL_MS ? all.end()
          : layout.messageFloor(chat, new HlcTimestamp(cutoffMs + 1, 0));
      b.deleteRange(all.start(), end);
    }
    ctx.store.write(b.build());
  }

  void forEachChatId(Consumer<byte[]> visitor) {
    ctx.store.stream(layout.chatMeta.range(), Direction.ASCENDING, PAGE).forEach(e ->
        visitor.accept(layout.chatMeta.unpack(e.key()).getBytes(0)));
  }

  long cleanSeen(long cutoffMs, int chunk) {
    if (chunk < 1 || chunk > 10_000) {
      throw new IllegalArgumentException("retention chunk of " + chunk
          + " entries is outside 1..10000");
    }
    long removed = 0;
    List<byte[]> aged = new ArrayList<>();
    KeyRange rest = layout.seenMsg.range();
    while (rest != null) {
      ScanPage page = ctx.store.scan(rest, Direction.ASCENDING, PAGE);
      for (KvEntry e : page.entries()) {
        if (ChatCodec.seenPhysicalMs(e.value()) <= cutoffMs) {
          aged.add(layout.idOf(layout.seenMsg, e.key()));
          if (aged.size() >= chunk) {
            removed += removeChunk(aged, cutoffMs);
            aged.clear();
          }
        }
      }
      rest = page.rest();
    }
    return aged.isEmpty() ? removed : removed + removeChunk(aged, cutoffMs);
  }

  private long removeChunk(List<byte[]> ids, long cutoffMs) {
    int[] locks = new int[ids.size()];
    List<byte[]> keys = new ArrayList<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      locks[i] = ChatContext.leafStripe(ids.get(i));
      keys.add(layout.seen(ids.get(i)));
      keys.add(layout.leafOf(SyncDomain.MESSAGES, ids.get(i)));
    }
    return ctx.mutate("retention of " + ids.size() + " seen entries", ChatContext.locks(locks),
        txn -> {
          txn.prefetch(keys);
          long n = 0;
          for (byte[] id : ids) {
            n += MessageOps.removeSeen(ctx, txn, id, cutoffMs) ? 1 : 0;
          }
          return n;
        });
  }

  long run(long cutoffMs, int chunk) {
    List<byte[]> chats = new ArrayList<>();
    forEachChatId(c -> {
      chats.add(c);
      if (chats.size() >= CHATS_PER_WRITE) {
        deleteUpTo(chats, cutoffMs);
        chats.clear();
      }
    });
    if (!chats.isEmpty()) {
      deleteUpTo(chats, cutoffMs);
    }
    return cleanSeen(cutoffMs, chunk);
  }
}
