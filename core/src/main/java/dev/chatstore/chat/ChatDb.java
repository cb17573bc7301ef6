package dev.chatstore.chat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Features;
import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tuple.Subspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;

/**
 * The chat database: messages keyed by chat and hybrid logical clock, deduplication, chat
 * metadata, a newest-first inbox per user with unread counts, a membership CRDT, identity blobs,
 * Merkle-tree sync indexes and retention — written once against the keyspace, so it runs on
 * every backend.
 *
 * <pre>{@code
 * try (ChatStore store = ChatStore.open("rocksdb:./data")) {
 *   ChatDb db = ChatDb.open(store, "node-1");
 *   Hlc hlc = Hlc.system();
 *   db.putMessage(ChatMessage.text(chat, msgId, alice, hlc.now(), "hi"), List.of(alice, bob));
 *   RangePage latest = db.latest(chat, null, 50);
 *   InboxPage inbox = db.listUserChats(bob, null, 20);
 * }
 * }</pre>
 *
 * <h2>Ids</h2>
 * Fixed lengths: users {@value #USER_ID_BYTES} bytes, chats {@value #CHAT_ID_BYTES}, messages
 * {@value #MSG_ID_BYTES}. An id of another length is an {@link IllegalArgumentException} naming
 * the id and the expected length, and nothing is written.
 *
 * <h2>Writes</h2>
 * A database opened on a tenant ({@link #open}) keeps its keys in the tenant's
 * {@link Area#CHAT} area and packs them whole, the area's prefix included, reaching the store
 * underneath directly: the same bytes as a database on the area's view ({@link #on}), without
 * copying every key under the prefix once more.
 *
 * <p>Every write is ONE atomic {@link dev.chatstore.kv.WriteBatch}: the message, its seen-index
 * entry, the chat meta, the inbox entries asked for and the Merkle leaves of the ids it inserts
 * or removes. It is planned from reads and carries a check of every key read — the inbox
 * positions of a chat are covered by two checks, of the chat's meta and inbox revision, which
 * every write of a position changes — so a concurrent writer (in this process or another one
 * sharing the store) cannot make it apply twice or on stale state: on a conflict it is planned
 * again from fresh reads. A new message of a chat this handle wrote recently is planned from
 * what the handle last committed of the chat (meta, inbox revision, members' positions; a small
 * bounded cache) instead of reading them again, and checks the meta and revision against those
 * values, so another writer's change of the chat meanwhile still fails the check and sends the
 * write back to fresh reads. The same holds for the Merkle leaf of a new message: the handle
 * flips it from the value it last committed there, checked at commit. A checked
 * {@link #putMessages} also takes its messages as new at first, without reading their seen
 * entries: each is checked absent at commit, and a message stored before (by anyone) fails the
 * commit and makes the retry read them; after a put that found such a message, puts read first
 * until one stores all its messages again. An exclusive writer, whose batches carry no checks,
 * always reads them. Writers of this process that
 * touch the same chat or the same group of Merkle leaves also wait for each other on striped
 * locks, so that contention does not turn into retries. Writes go through the store's bounded
 * group-commit writer; {@link #async} and {@link #putMessageAsync} add at most
 * {@link ChatDbOptions#maxPendingWrites()} writes in flight, and a caller beyond that waits.
 *
 * <h2>Merkle updates</h2>
 * The Merkle leaves are updated in the same atomic write as the record — after the decision
 * that the write really inserts (or removes) an id, and committed with it — so an update is
 * never lost, never applied for a duplicate, and never applied twice. See {@link MerkleTree}.
 *
 * <h2>Threads and lifetime</h2>
 * Thread-safe. {@link #close()} waits for the asynchronous writes; it does not close the store,
 * which belongs to its owner. Failures of the store are {@link StoreException}s; a stored record
 * that does not decode is one of kind {@link StoreException.Kind#SERIALIZATION}.
 */
public final class ChatDb implements AutoCloseable {
  /** Bytes of a user id. */
  public static final int USER_ID_BYTES = 20;
  /** Bytes of a chat id. */
  public static final int CHAT_ID_BYTES = 32;
  /** Bytes of a message id. */
  public static final int MSG_ID_BYTES = 32;
  /** Bytes of a sync record id (message id, or BLAKE3 of a member or identity record). */
  public static final int RECORD_ID_BYTES = 32;
  /** Code points of a chat's last message preview. */
  public static final int PREVIEW_CHARS = 80;
  /** Largest identity blob, in bytes. */
  public static final int MAX_IDENTITY_BYTES = 1024;
  /** A cutoff that expires nothing. */
  public static final long NO_CUTOFF = -1;
  /** Seen-index entries removed per atomic write by {@link #runRetention()}. */
  public static final int RETENTION_CHUNK = 1000;
  /** The shortest key a store must accept to hold a chat database. */
  static final int NEEDED_KEY_BYTES = 256;

  private final ChatContext ctx;
  private final MessageOps messages;
  private final InboxOps inbox;
  private final MemberOps members;
  private final IdentityOps identities;
  private final SyncOps sync;
  private final RetentionOps retention;
  private final WritePipeline pipeline;

  /**
   * A chat database on {@code store} under {@code root}: every key it reads or writes is packed
   * by the layout of {@code root}, prefix included, so that it reaches the store directly and
   * only ever keys inside {@code root} (a tenant's area, or the whole store).
   */
  private ChatDb(KvStore store, Subspace root, String name, ChatDbOptions options) {
    int maxKeyBytes = store.maxKeyBytes() - root.prefix().length;
    if (maxKeyBytes < NEEDED_KEY_BYTES) {
      throw new IllegalArgumentException("store " + name + " accepts keys of at most "
          + maxKeyBytes + " bytes; the chat database needs " + NEEDED_KEY_BYTES
          + " (use a shorter tenant id)");
    }
    this.ctx = new ChatContext(store, new ChatLayout(root), name, options);
    this.inbox = new InboxOps(ctx);
    this.messages = new MessageOps(ctx, inbox);
    this.members = new MemberOps(ctx);
    this.identities = new IdentityOps(ctx);
    this.sync = new SyncOps(store, ctx.layout);
    this.retention = new RetentionOps(ctx);
    this.pipeline = new WritePipeline(options.maxPendingWrites(), name);
  }

  /**
   * The chat database of tenant {@code tenantId} of {@code store}, in its {@link Area#CHAT}
   * area, with default options.
   *
   * @throws IllegalArgumentException when an argument is null or the tenant id is invalid
   */
  public static ChatDb open(ChatStore store, String tenantId) {
    return open(store, tenantId, ChatDbOptions.defaults());
  }

  /**
   * Like {@link #open(ChatStore, String)}, with {@code options}.
   *
   * @throws IllegalArgumentException when an argument is null or the tenant id is invalid
   */
  public static ChatDb open(ChatStore store, String tenantId, ChatDbOptions options) {
    if (store == null || options == null) {
      throw new IllegalArgumentException("store and options must not be null");
    }
    Tenant tenant = store.tenant(tenantId);
    // the area's view is made for its name only: the database packs the area's prefix into its
    // keys itself instead of having the view copy every key under it
    return new ChatDb(store.keyspace().store(), tenant.subspace(Area.CHAT),
        tenant.area(Area.CHAT).name(), options);
  }

  /**
   * The chat database whose data is every key of {@code store} (for example a tenant's area).
   * A store lacking range deletes or reverse scans is filled ({@link Features#fill}); all access
   * to it must then go through this database.
   *
   * @throws IllegalArgumentException when {@code store} is null or accepts too short keys
   */
  public static ChatDb on(KvStore store) {
    return on(store, ChatDbOptions.defaults());
  }

  /**
   * Like {@link #on(KvStore)}, with {@code options}.
   *
   * @throws IllegalArgumentException when an argument is null or the store's keys are too short
   */
  public static ChatDb on(KvStore store, ChatDbOptions options) {
    if (store == null || options == null) {
      throw new IllegalArgumentException("store and options must not be null");
    }
    return new ChatDb(Features.fill(store, StoreOptions.defaults().withClock(options.clock())),
        Subspace.of(), store.name(),
        options);
  }

  /** The options this database runs with. */
  public ChatDbOptions options() {
    return ctx.options;
  }

  // ---- messages ----

  /**
   * Stores {@code message} without touching any inbox; see {@link #putMessages}.
   *
   * @throws IllegalArgumentException when the message is null
   */
  public PutResult putMessage(ChatMessage message) {
    return putMessage(message, List.of());
  }

  /**
   * Stores {@code message} and brings the inbox entry of each of {@code inboxUsers} for its chat
   * up to date, in one atomic write; see {@link #putMessages}.
   *
   * @throws IllegalArgumentException when the message is null or a user id has the wrong length
   */
  public PutResult putMessage(ChatMessage message, List<byte[]> inboxUsers) {
    return putMessages(List.of(new MessageWrite(message, inboxUsers))).get(0);
  }

  /**
   * Stores the messages of {@code writes}, in order, in ONE atomic write.
   *
   * <p>For each message not seen before: the message row under a new {@link MessageKey} (the
   * chat's next sequence number), its seen-index entry, the chat meta (sequence number always;
   * last message and preview when it is the newest by stamp), the Merkle leaf of its id, and the
   * inbox entry of each user of its {@link MessageWrite#inboxUsers()} moved to the chat's newest
   * activity (never back). A message whose id was stored before — earlier, concurrently, or
   * earlier in the same call — changes nothing: no second row, no meta or inbox bump; its
   * result says {@code inserted = false}. With a {@linkplain ChatDbOptions#retention()
   * retention}, a message already expired is ignored the same way (result key null).
   *
   * @return one result per write, in order
   * @throws IllegalArgumentException when {@code writes} or an element is null, or the write
   *     is larger than a store batch allows (nothing written)
   */
  public List<PutResult> putMessages(List<MessageWrite> writes) {
    return messages.put(writes);
  }

  /**
   * Runs {@link #putMessage(ChatMessage, List)} asynchronously; see {@link #async}.
   *
   * @throws IllegalArgumentException at once when an argument is invalid
   */
  public CompletableFuture<PutResult> putMessageAsync(ChatMessage message,
      List<byte[]> inboxUsers) {
    MessageWrite w = new MessageWrite(message, inboxUsers);
    return async(db -> db.putMessages(List.of(w)).get(0));
  }

  /** The message {@code msgId}, wherever it is. */
  public Optional<StoredMessage> getMessage(byte[] msgId) {
    return Optional.ofNullable(messages.get(Ids.msg(msgId, "message id")));
  }

  /**
   * Removes the message {@code msgId}: its row, its seen entry and its Merkle bit. The chat meta
   * and inboxes are left as they are.
   *
   * @return whether it was there
   */
  public boolean deleteMessage(byte[] msgId) {
    return messages.delete(Ids.msg(msgId, "message id"));
  }

  /**
   * Up to {@code limit} messages of {@code chatId} in chronological order ({@code (hlc, seq)}),
   * strictly after {@code afterKey} (null: from the start), with a stamp whose physical time is
   * within {@code [fromMs, toMs]} (pass {@code 0} and {@link Long#MAX_VALUE} for no bound). The
   * cursor is a position, not an offset: messages inserted meanwhile before it never shift the
   * next page, and those inserted after it are seen by the pages to come.
   *
   * @throws IllegalArgumentException when an id has the wrong length, the cursor is of another
   *     chat, the window is inverted or negative, or {@code limit} is outside 1..100,000
   */
  public RangePage range(byte[] chatId, MessageKey afterKey, long fromMs, long toMs, int limit) {
    return messages.range(Ids.chat(chatId, "chat id"), afterKey, fromMs, toMs, limit);
  }

  /** {@link #range(byte[], MessageKey, long, long, int)} without a time window. */
  public RangePage range(byte[] chatId, MessageKey afterKey, int limit) {
    return range(chatId, afterKey, 0, Long.MAX_VALUE, limit);
  }

  /**
   * The {@code limit} newest messages of {@code chatId} strictly before {@code beforeKey} (null:
   * the newest of all), in chronological order; {@link RangePage#next()} is then the cursor of
   * the page before (the oldest item), or null at the start of the chat.
   *
   * @throws IllegalArgumentException as for {@link #range}
   */
  public RangePage latest(byte[] chatId, MessageKey beforeKey, int limit) {
    return messages.latest(Ids.chat(chatId, "chat id"), beforeKey, limit);
  }

  /** The chat's metadata, or empty when it has no message. */
  public Optional<ChatMeta> chatMeta(byte[] chatId) {
    return Optional.ofNullable(messages.meta(Ids.chat(chatId, "chat id")));
  }

  // ---- inbox and read progress ----

  /**
   * Moves the inbox entry for {@code chatId} of each of {@code users} to the chat's newest
   * activity (its meta's last stamp), creating it where missing. Each user has exactly one entry
   * per chat, and an entry never moves back to an older activity.
   *
   * @return how many users' entries changed
   * @throws StoreException of kind NOT_FOUND when the chat has no message
   */
  public int upsertInboxForMembers(byte[] chatId, List<byte[]> users) {
    byte[] chat = Ids.chat(chatId, "chat id");
    ChatMeta meta = messages.meta(chat);
    if (meta == null) {
      throw new StoreException(StoreException.Kind.NOT_FOUND, "chat " + Ids.hex(chat)
          + " has no message, so no activity to put in an inbox");
    }
    return upsertInboxForMembers(chat, users, meta.lastHlc());
  }

  /**
   * Like {@link #upsertInboxForMembers(byte[], List)}, to the activity stamp {@code activity}.
   *
   * @return how many users' entries changed
   */
  public int upsertInboxForMembers(byte[] chatId, List<byte[]> users, HlcTimestamp activity) {
    byte[] chat = Ids.chat(chatId, "chat id");
    if (users == null || activity == null) {
      throw new IllegalArgumentException("users and activity must not be null");
    }
    List<byte[]> checked = new ArrayList<>(users.size());
    for (byte[] u : users) {
      checked.add(Ids.user(u, "user id"));
    }
    return inbox.upsertForMembers(chat, checked, activity);
  }

  /** Removes {@code user}'s inbox entry for {@code chatId}; returns whether there was one. */
  public boolean deleteUserInboxEntry(byte[] user, byte[] chatId) {
    return inbox.deleteEntry(Ids.user(user, "user id"), Ids.chat(chatId, "chat id"));
  }

  /**
   * A page of {@code user}'s inbox: newest activity first (equal activity: by chat id), after
   * {@code cursor} (null: from the top), each chat with its last message preview and the
   * user's unread count, {@code lastSeq - readProgress}, computed now from the chat meta and the
   * read progress (never stored). Costs one range read and one multi-get.
   *
   * @throws IllegalArgumentException when the user id has the wrong length or {@code limit} is
   *     outside 1..100,000
   */
  public InboxPage listUserChats(byte[] user, InboxCursor cursor, int limit) {
    return inbox.list(Ids.user(user, "user id"), cursor, 0, limit);
  }

  /**
   * Like {@link #listUserChats(byte[], InboxCursor, int)}, skipping the first {@code offset}
   * entries (costs {@code offset + limit} entries read).
   *
   * @throws IllegalArgumentException when {@code offset} is negative or
   *     {@code offset + limit} exceeds 100,000
   */
  public InboxPage listUserChats(byte[] user, int offset, int limit) {
    return inbox.list(Ids.user(user, "user id"), null, offset, limit);
  }

  /**
   * Sets {@code user}'s read progress in {@code chatId} to sequence number {@code seq}, only
   * forward: a smaller or equal value changes nothing.
   *
   * @return whether it moved
   * @throws IllegalArgumentException when {@code seq} is outside 0..2^32-1
   */
  public boolean setUserReadProgress(byte[] user, byte[] chatId, long seq) {
    return inbox.setReadProgress(Ids.user(user, "user id"), Ids.chat(chatId, "chat id"), seq);
  }

  /** {@code user}'s read progress in {@code chatId} (0 when none). */
  public long readProgress(byte[] user, byte[] chatId) {
    return inbox.readProgress(Ids.user(user, "user id"), Ids.chat(chatId, "chat id"));
  }

  // ---- members ----

  /**
   * Applies an add of {@code user} to {@code chatId} at {@code at} under the CRDT
   * ({@link MemberInfo}): advances {@code addedAt}, keeps any {@code removedAt}.
   *
   * @return the record after the merge
   */
  public MemberInfo addMember(byte[] chatId, byte[] user, MemberRole role, HlcTimestamp at) {
    if (role == null || at == null) {
      throw new IllegalArgumentException("role and stamp must not be null");
    }
    return members.apply(Ids.chat(chatId, "chat id"), Ids.user(user, "user id"),
        MemberInfo.added(role, at));
  }

  /**
   * Applies a remove of {@code user} from {@code chatId} at {@code at}: advances
   * {@code removedAt}; the record stays (a tombstone-only record when there was none).
   *
   * @return the record after the merge
   */
  public MemberInfo removeMember(byte[] chatId, byte[] user, HlcTimestamp at) {
    if (at == null) {
      throw new IllegalArgumentException("stamp must not be null");
    }
    return members.apply(Ids.chat(chatId, "chat id"), Ids.user(user, "user id"),
        MemberInfo.removed(at));
  }

  /**
   * Merges a full record received from sync into the local one ({@link MemberInfo#merge}).
   *
   * @return the record after the merge
   */
  public MemberInfo applyMemberRecord(MemberRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("member record must not be null");
    }
    return members.apply(record.chatId(), record.user(), record.info());
  }

  /** Whether {@code user} is an active member of {@code chatId}. */
  public boolean isMember(byte[] chatId, byte[] user) {
    return getMemberInfo(chatId, user).isPresent();
  }

  /** The record of an active member; empty for a removed or unknown user. */
  public Optional<MemberInfo> getMemberInfo(byte[] chatId, byte[] user) {
    return memberState(chatId, user).filter(MemberInfo::isActive);
  }

  /** The stored record, active or removed (tombstones included). */
  public Optional<MemberInfo> memberState(byte[] chatId, byte[] user) {
    return Optional.ofNullable(members.state(Ids.chat(chatId, "chat id"),
        Ids.user(user, "user id")));
  }

  /** The active members' user ids, in id order. */
  public List<byte[]> listMembers(byte[] chatId) {
    List<byte[]> out = new ArrayList<>();
    for (MemberRecord r : listMembersWithInfo(chatId)) {
      out.add(r.user());
    }
    return out;
  }

  /** The active members' records, in user id order. */
  public List<MemberRecord> listMembersWithInfo(byte[] chatId) {
    return members.active(Ids.chat(chatId, "chat id"));
  }

  // ---- identity ----

  /**
   * Stores {@code user}'s identity blob when {@code hlc} is after the stored one
   * (last-writer-wins); an older or equal stamp is ignored.
   *
   * @return whether it was stored
   * @throws IllegalArgumentException when the blob exceeds {@value #MAX_IDENTITY_BYTES} bytes
   */
  public boolean putIdentity(byte[] user, HlcTimestamp hlc, byte[] blob) {
    return putIdentity(new IdentityRecord(user, hlc, blob));
  }

  /** {@link #putIdentity(byte[], HlcTimestamp, byte[])} of a record (from sync). */
  public boolean putIdentity(IdentityRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("identity record must not be null");
    }
    return identities.put(record);
  }

  /** {@code user}'s identity, or empty. */
  public Optional<IdentityRecord> getIdentity(byte[] user) {
    return Optional.ofNullable(identities.get(Ids.user(user, "user id")));
  }

  // ---- sync ----

  /** Calls {@code visitor} with every stored message id and its stamp's physical ms. */
  public void forEachMsgId(ObjLongConsumer<byte[]> visitor) {
    sync.forEachMsgId(visitor);
  }

  /**
   * The ids of the messages of Merkle bucket {@code bucket} (first two id bytes), leaving out
   * those expired by the configured retention.
   */
  public List<byte[]> getBucketMsgIds(int bucket) {
    return sync.bucketIds(SyncDomain.MESSAGES, bucket, ctx.retentionCutoff());
  }

  /** Like {@link #getBucketMsgIds(int)}, leaving out messages at or before {@code cutoffMs}. */
  public List<byte[]> getBucketMsgIds(int bucket, long cutoffMs) {
    return sync.bucketIds(SyncDomain.MESSAGES, bucket, cutoffMs);
  }

  /**
   * The messages of {@code ids}, in order, until the next would pass {@code maxBytes} of stored
   * records (at least one is returned); unknown and expired ids are skipped.
   */
  public SyncBatch<StoredMessage> getMessagesBatch(List<byte[]> ids, long maxBytes) {
    return sync.messages(ids, maxBytes, ctx.retentionCutoff());
  }

  /** Like {@link #getMessagesBatch(List, long)}, leaving out messages at or before cutoffMs. */
  public SyncBatch<StoredMessage> getMessagesBatch(List<byte[]> ids, long maxBytes,
      long cutoffMs) {
    return sync.messages(ids, maxBytes, cutoffMs);
  }

  /** Calls {@code visitor} with every membership record id. */
  public void forEachMemberRecordId(Consumer<byte[]> visitor) {
    sync.forEachRecordId(SyncDomain.MEMBERS, visitor);
  }

  /** The membership record ids of a bucket. */
  public List<byte[]> getBucketMemberIds(int bucket) {
    return sync.bucketIds(SyncDomain.MEMBERS, bucket, NO_CUTOFF);
  }

  /** The membership records of {@code ids} under a byte limit, as for messages. */
  public SyncBatch<MemberRecord> getMemberRecordsBatch(List<byte[]> ids, long maxBytes) {
    return sync.members(ids, maxBytes);
  }

  /** Calls {@code visitor} with every identity record id. */
  public void forEachIdentityRecordId(Consumer<byte[]> visitor) {
    sync.forEachRecordId(SyncDomain.IDENTITY, visitor);
  }

  /** The identity record ids of a bucket. */
  public List<byte[]> getBucketIdentityIds(int bucket) {
    return sync.bucketIds(SyncDomain.IDENTITY, bucket, NO_CUTOFF);
  }

  /** The identity records of {@code ids} under a byte limit, as for messages. */
  public SyncBatch<IdentityRecord> getIdentityRecordsBatch(List<byte[]> ids, long maxBytes) {
    return sync.identities(ids, maxBytes);
  }

  /** The Merkle tree of {@code domain}. */
  public MerkleTree merkle(SyncDomain domain) {
    if (domain == null) {
      throw new IllegalArgumentException("domain must not be null");
    }
    return new MerkleTree(ctx.store, ctx.layout, domain);
  }

  // ---- retention ----

  /** Calls {@code visitor} with the id of every chat that has metadata. */
  public void forEachChatId(Consumer<byte[]> visitor) {
    retention.forEachChatId(visitor);
  }

  /**
   * Deletes every message of {@code chatId} whose stamp's physical time is at or before
   * {@code cutoffMs}, with one range delete. Their seen entries and Merkle bits stay until
   * {@link #cleanSeenIndex}; meanwhile the sync reads given the cutoff leave them out.
   */
  public void deleteMessagesUpTo(byte[] chatId, long cutoffMs) {
    retention.deleteUpTo(List.of(Ids.chat(chatId, "chat id")), checkCutoff(cutoffMs));
  }

  /**
   * Removes the seen entries (and any remaining rows) of messages at or before
   * {@code cutoffMs}, flipping their Merkle bits, in atomic writes of at most {@code chunk}
   * entries each, reading the index page by page.
   *
   * @return the number of messages removed
   */
  public long cleanSeenIndex(long cutoffMs, int chunk) {
    return retention.cleanSeen(checkCutoff(cutoffMs), chunk);
  }

  /**
   * Retention of every chat at {@code cutoffMs}: range deletes of the old messages of each chat
   * (many chats per write), then {@link #cleanSeenIndex} in chunks of
   * {@value #RETENTION_CHUNK}.
   *
   * @return the number of messages removed from the seen index
   */
  public long runRetention(long cutoffMs) {
    return retention.run(checkCutoff(cutoffMs), RETENTION_CHUNK);
  }

  /**
   * {@link #runRetention(long)} at the cutoff of the configured retention; does nothing
   * without one.
   */
  public long runRetention() {
    long cutoff = ctx.retentionCutoff();
    return cutoff < 0 ? 0 : runRetention(cutoff);
  }

  private static long checkCutoff(long cutoffMs) {
    if (cutoffMs < 0) {
      throw new IllegalArgumentException("retention cutoff " + cutoffMs
          + " ms is negative; expected epoch milliseconds >= 0");
    }
    return cutoffMs;
  }

  // ---- async and lifetime ----

  /**
   * Runs {@code write} against this database on a virtual thread and returns its result when it
   * is durable. At most {@link ChatDbOptions#maxPendingWrites()} such writes run at once; this
   * call waits for room beyond that. Writes submitted this way may commit in any order; chain
   * on the future when order matters.
   *
   * @throws StoreException of kind CLOSED after {@link #close()}
   */
  public <T> CompletableFuture<T> async(Function<ChatDb, T> write) {
    if (write == null) {
      throw new IllegalArgumentException("write must not be null");
    }
    return pipeline.submit(() -> write.apply(this));
  }

  /** Waits for the asynchronous writes, then refuses new ones; the store stays open. */
  @Override
  public void close() {
    pipeline.close();
  }

  @Override
  public String toString() {
    return "ChatDb[" + ctx.name + "]";
  }
}
