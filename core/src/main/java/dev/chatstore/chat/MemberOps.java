package dev.chatstore.chat;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvEntry;
import java.util.ArrayList;
import java.util.List;

/** The membership CRDT, its sync index and Merkle leaves. */
final class MemberOps {
  private final ChatContext ctx;
  private final ChatLayout layout;

  MemberOps(ChatContext ctx) {
    this.ctx = ctx;
    this.layout = ctx.layout;
  }

  /**
   * Merges {@code incoming} into the record of (chat, user) and writes the result, its sync
   * index entry and Merkle bits when it changed. Returns the merged record.
   */
  MemberInfo apply(byte[] chat, byte[] user, MemberInfo incoming) {
    int[] locks = ChatContext.locks(ChatContext.entityStripe(chat), ChatContext.MEMBER_LEAVES);
    return ctx.mutate("membership update", locks, txn -> {
      ctx.cache.remove(chat); // a change of the chat: start it afresh
      byte[] key = layout.member(chat, user);
      MemberInfo old = ChatCodec.member(txn.read(key), "member record");
      MemberInfo merged = old == null ? incoming : old.merge(incoming);
      if (merged.equals(old)) {
        return old;
      }
      if (old != null) {
        byte[] oldId = ChatCodec.memberRecordId(chat, user, old);
        txn.delete(layout.seenRecord(SyncDomain.MEMBERS, oldId));
        txn.flip(layout.leafOf(SyncDomain.MEMBERS, oldId), oldId);
      }
      byte[] newId = ChatCodec.memberRecordId(chat, user, merged);
      txn.put(key, ChatCodec.member(merged));
      txn.put(layout.seenRecord(SyncDomain.MEMBERS, newId), Bytes.concat(chat, user));
      txn.flip(layout.leafOf(SyncDomain.MEMBERS, newId), newId);
      return merged;
    });
  }

  /** The stored record, active or not. */
  MemberInfo state(byte[] chat, byte[] user) {
    return ChatCodec.member(ctx.store.get(layout.member(chat, user)), "member record");
  }

  /** The active members' records, by user id. */
  List<MemberRecord> active(byte[] chat) {
    List<MemberRecord> out = new ArrayList<>();
    for (KvEntry e : ctx.store.scanAll(layout.membersOf(chat))) {
      MemberInfo m = ChatCodec.member(e.value(), "member record " + Bytes.show(e.key()));
      if (m.isActive()) {
        out.add(new MemberRecord(chat, layout.userOfMember(e.key()), m));
      }
    }
    return out;
  }
}
