package dev.chatstore.chat;

/** Identity blobs: last-writer-wins by stamp, with their sync index and Merkle leaves. */
final class IdentityOps {
  private final ChatContext ctx;
  private final ChatLayout layout;

  IdentityOps(ChatContext ctx) {
    this.ctx = ctx;
    this.layout = ctx.layout;
  }

  boolean put(IdentityRecord r) {
    byte[] user = r.user();
    int[] locks = ChatContext.locks(ChatContext.entityStripe(user),
        ChatContext.IDENTITY_LEAVES);
    return ctx.mutate("identity update", locks, txn -> {
      byte[] key = layout.identity(user);
      IdentityRecord old = ChatCodec.identity(user, txn.read(key), "identity");
      if (old != null && !r.hlc().isAfter(old.hlc())) {
        return false;
      }
      if (old != null) {
        byte[] oldId = ChatCodec.identityRecordId(user, old.hlc(), old.blob());
        txn.delete(layout.seenRecord(SyncDomain.IDENTITY, oldId));
        txn.flip(layout.leafOf(SyncDomain.IDENTITY, oldId), oldId);
      }
      byte[] newId = ChatCodec.identityRecordId(user, r.hlc(), r.blob());
      txn.put(key, ChatCodec.identity(r.hlc(), r.blob()));
      txn.put(layout.seenRecord(SyncDomain.IDENTITY, newId), user);
      txn.flip(layout.leafOf(SyncDomain.IDENTITY, newId), newId);
      return true;
    });
  }

  IdentityRecord get(byte[] user) {
    return ChatCodec.identity(user, ctx.store.get(layout.identity(user)), "identity");
  }
}
