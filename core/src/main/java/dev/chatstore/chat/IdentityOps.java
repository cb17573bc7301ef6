package dev.chatstore.chat;

/** Identity blobs: last-writer-wins by stamp, with their sync index and Merkle leaves. */
final class IdentityOps {
  private final ChatContext ctx;

  IdentityOps(ChatContext ctx) {
    this.ctx = ctx;
  }

  boolean put(IdentityRecord r) {
    byte[] user = r.user();
    int[] locks = ChatContext.locks(ChatContext.entityStripe(user));
    return ctx.mutate("identity update", locks, txn -> {
      byte[] key = ChatLayout.identity(user);
      IdentityRecord old = ChatCodec.identity(user, txn.read(key), "identity");
      if (old != null && !r.hlc().isAfter(old.hlc())) {
        return false;
      }
      if (old != null) {
        byte[] oldId = ChatCodec.identityRecordId(user, old.hlc(), old.blob());
        txn.delete(ChatLayout.seenRecord(SyncDomain.IDENTITY, oldId));
        txn.flip(SyncDomain.IDENTITY, oldId);
      }
      byte[] newId = ChatCodec.identityRecordId(user, r.hlc(), r.blob());
      txn.put(key, ChatCodec.identity(r.hlc(), r.blob()));
      txn.put(ChatLayout.seenRecord(SyncDomain.IDENTITY, newId), user);
      txn.flip(SyncDomain.IDENTITY, newId);
      return true;
    });
  }

  IdentityRecord get(byte[] user) {
    return ChatCodec.identity(user, ctx.store.get(ChatLayout.identity(user)), "identity");
  }
}
