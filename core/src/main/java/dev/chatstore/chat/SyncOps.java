package dev.chatstore.chat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.tuple.Subspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/** The sync helpers of the three domains: id enumeration, buckets, batch fetch. */
final class SyncOps {
  private static final int PAGE = 1000;

  private final KvStore store;
  private final ChatLayout layout;

  SyncOps(KvStore store, ChatLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  void forEachMsgId(ObjLongConsumer<byte[]> visitor) {
    Subspace s = layout.seenMsg;
    store.stream(s.range(), Direction.ASCENDING, PAGE).forEach(e ->
        visitor.accept(layout.idOf(s, e.key()), ChatCodec.seenPhysicalMs(e.value())));
  }

  void forEachRecordId(SyncDomain d, Consumer<byte[]> visitor) {
    Subspace s = layout.seenOf(d);
    store.stream(s.range(), Direction.ASCENDING, PAGE).forEach(e ->
        visitor.accept(layout.idOf(s, e.key())));
  }

  /** Ids of a bucket; for messages, those after {@code cutoffMs}. */
  List<byte[]> bucketIds(SyncDomain d, int bucket, long cutoffMs) {
    Subspace s = layout.seenOf(d);
    List<byte[]> out = new ArrayList<>();
    for (KvEntry e : store.scanAll(layout.bucket(s, Ids.checkBucket(bucket)))) {
      if (d != SyncDomain.MESSAGES || ChatCodec.seenPhysicalMs(e.value()) > cutoffMs) {
        out.add(layout.idOf(s, e.key()));
      }
    }
    return out;
  }

  /** How to turn a seen entry into its record. */
  private interface Resolver<T> {
    /** The key of the record a seen value points to, or null to skip the id. */
    byte[] primaryKey(byte[] seenValue);

    /** The record, or null to skip it (no longer the record of this id). */
    T decode(byte[] id, byte[] seenValue, byte[] primaryValue);
  }

  SyncBatch<StoredMessage> messages(List<byte[]> ids, long maxBytes, long cutoffMs) {
    return batch(SyncDomain.MESSAGES, ids, maxBytes, new Resolver<>() {
      @Override
      public byte[] primaryKey(byte[] seen) {
        return seen.length == MessageKey.BYTES && ChatCodec.seenPhysicalMs(seen) > cutoffMs
            ? layout.message(MessageKey.fromBytes(seen)) : null;
      }

      @Override
      public StoredMessage decode(byte[] id, byte[] seen, byte[] raw) {
        return ChatCodec.message(raw, "message " + Ids.hex(id));
      }
    });
  }

  SyncBatch<MemberRecord> members(List<byte[]> ids, long maxBytes) {
    int chatLen = ChatDb.CHAT_ID_BYTES;
    return batch(SyncDomain.MEMBERS, ids, maxBytes, new Resolver<>() {
      @Override
      public byte[] primaryKey(byte[] seen) {
        return seen.length == chatLen + ChatDb.USER_ID_BYTES ? layout.member(
            Arrays.copyOf(seen, chatLen), Arrays.copyOfRange(seen, chatLen, seen.length)) : null;
      }

      @Override
      public MemberRecord decode(byte[] id, byte[] seen, byte[] raw) {
        byte[] chat = Arrays.copyOf(seen, chatLen);
        byte[] user = Arrays.copyOfRange(seen, chatLen, seen.length);
        MemberInfo info = ChatCodec.member(raw, "member record");
        return Arrays.equals(ChatCodec.memberRecordId(chat, user, info), id)
            ? new MemberRecord(chat, user, info) : null;
      }
    });
  }

  SyncBatch<IdentityRecord> identities(List<byte[]> ids, long maxBytes) {
    return batch(SyncDomain.IDENTITY, ids, maxBytes, new Resolver<>() {
      @Override
      public byte[] primaryKey(byte[] seen) {
        return seen.length == ChatDb.USER_ID_BYTES ? layout.identity(seen) : null;
      }

      @Override
      public IdentityRecord decode(byte[] id, byte[] seen, byte[] raw) {
        IdentityRecord r = ChatCodec.identity(seen, raw, "identity");
        return Arrays.equals(ChatCodec.identityRecordId(seen, r.hlc(), r.blob()), id) ? r : null;
      }
    });
  }

  /**
   * Looks the ids up in the seen index, then their records, both with multi-gets, and keeps
   * records in the asked order until the next one would pass {@code maxBytes} (the first one is
   * always returned, so a caller always makes progress).
   */
  private <T> SyncBatch<T> batch(SyncDomain d, List<byte[]> ids, long maxBytes,
      Resolver<T> resolver) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    String what = d == SyncDomain.MESSAGES ? "message id" : "record id";
    List<byte[]> checked = new ArrayList<>(ids.size());
    for (byte[] id : ids) {
      checked.add(Ids.record(id, what));
    }
    List<T> items = new ArrayList<>();
    long total = 0;
    int consumed = 0;
    for (int from = 0; from < checked.size(); from += KvLimits.MAX_MULTI_GET_KEYS) {
      List<byte[]> chunk = checked.subList(from,
          Math.min(checked.size(), from + KvLimits.MAX_MULTI_GET_KEYS));
      List<byte[]> seenKeys = new ArrayList<>(chunk.size());
      for (byte[] id : chunk) {
        seenKeys.add(layout.seenRecord(d, id));
      }
      List<byte[]> seen = store.getAll(seenKeys);
      List<byte[]> primaryKeys = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        byte[] k = seen.get(i) == null ? null : resolver.primaryKey(seen.get(i));
        if (k != null) {
          primaryKeys.add(k);
          at.add(i);
        }
      }
      List<byte[]> primary = primaryKeys.isEmpty() ? List.of() : store.getAll(primaryKeys);
      byte[][] values = new byte[chunk.size()][];
      for (int j = 0; j < at.size(); j++) {
        values[at.get(j)] = primary.get(j);
      }
      for (int i = 0; i < chunk.size(); i++) {
        T item = values[i] == null ? null : resolver.decode(chunk.get(i), seen.get(i), values[i]);
        if (item != null) {
          long size = values[i].length;
          if (!items.isEmpty() && total + size > maxBytes) {
            return new SyncBatch<>(items, consumed, true);
          }
          items.add(item);
          total += size;
        }
        consumed++;
      }
    }
    return new SyncBatch<>(items, consumed, false);
  }
}
