package dev.chatstore.chat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * The key layout of the chat database under its root prefix (the {@code Area.CHAT} subspace of
 * a tenant, or nothing for a database that owns its whole store): one subspace per area of the
 * specification, keys packed as tuples (ids as byte strings, stamps as
 * their 8 big-endian bytes, so tuple order is time order). Tags are never reused.
 *
 * <pre>
 * (1, chat, hlc, seq)        messages          MsgV1 (CBOR)
 * (2, msg_id)                seen index        message key, 44 bytes [chat][hlc][seq]
 * (3, chat)                  chat meta         MetaV1 (CBOR)
 * (4, user, ~hlc, chat)      user inbox        empty; ~hlc (bitwise not) puts newest first
 * (5, user, chat)            inbox position    hlc (8 bytes) of the user's entry for the chat
 * (6, chat, user)            members           MemberV1 (CBOR)
 * (7, user, chat)            read progress     u32 big-endian
 * (8, user)                  identity          [hlc:8][blob]
 * (9, record_id)             member sync index [chat:32][user:20]
 * (10, record_id)            identity sync idx [user:20]
 * (11, domain, bucket)       Merkle leaves     32-byte XOR of the ids of the bucket
 * (12, chat)                 inbox revision    u64 big-endian, bumped by inbox-only writes
 * </pre>
 *
 * <p>The inbox revision exists for the checks of concurrent writers: a write that reads a chat's
 * inbox positions checks the chat's meta and inbox revision instead of every position, so every
 * write that moves or removes a position changes one of the two (a new message changes the
 * meta; {@code upsertInboxForMembers} and {@code deleteUserInboxEntry} bump the revision).
 */
final class ChatLayout {
  private final Subspace messages;
  final Subspace seenMsg;
  final Subspace chatMeta;
  private final Subspace userInbox;
  private final Subspace inboxPositions;
  private final Subspace members;
  private final Subspace readProgress;
  private final Subspace identities;
  private final Subspace seenMember;
  private final Subspace seenIdentity;
  private final Subspace merkle;
  private final Subspace inboxRev;
  /** The leaf subspaces {@code (11, domain)}, one per sync domain, by ordinal. */
  private final Subspace[] leafSpaces = new Subspace[SyncDomain.values().length];

  /**
   * The layout of a chat database whose keys all start with {@code root}'s prefix: the
   * database packs its keys whole, prefix included, and reads and writes the store underneath
   * directly, so that no key is copied a second time to move it under the prefix.
   */
  ChatLayout(Subspace root) {
    messages = root.subspace(1);
    seenMsg = root.subspace(2);
    chatMeta = root.subspace(3);
    userInbox = root.subspace(4);
    inboxPositions = root.subspace(5);
    members = root.subspace(6);
    readProgress = root.subspace(7);
    identities = root.subspace(8);
    seenMember = root.subspace(9);
    seenIdentity = root.subspace(10);
    merkle = root.subspace(11);
    inboxRev = root.subspace(12);
    for (SyncDomain d : SyncDomain.values()) {
      leafSpaces[d.ordinal()] = merkle.subspace(d.tag());
    }
  }

  // ---- messages ----

  byte[] message(MessageKey k) {
    return messages.packBytesLong(new byte[][] {k.chatId(), k.hlc().toBytes()}, k.seq());
  }

  /** The first key of {@code chat} at or after stamp {@code hlc}. */
  byte[] messageFloor(byte[] chat, HlcTimestamp hlc) {
    return messages.pack(chat, hlc.toBytes());
  }

  KeyRange chatMessages(byte[] chat) {
    return messages.range(Tuple.of((Object) chat));
  }

  MessageKey messageKey(byte[] storeKey) {
    Tuple t = messages.unpack(storeKey);
    return new MessageKey(t.getBytes(0), HlcTimestamp.fromBytes(t.getBytes(1)), t.getLong(2));
  }

  byte[] seen(byte[] msgId) {
    return seenMsg.packBytes(msgId);
  }

  // ---- sync indexes ----

  /** The seen index of a domain. */
  Subspace seenOf(SyncDomain d) {
    return switch (d) {
      case MESSAGES -> seenMsg;
      case MEMBERS -> seenMember;
      case IDENTITY -> seenIdentity;
    };
  }

  /** The id in a seen-index key of {@code index}. */
  byte[] idOf(Subspace index, byte[] storeKey) {
    return index.unpack(storeKey).getBytes(0);
  }

  /** The keys of {@code index} whose id starts with the two bytes of {@code bucket}. */
  KeyRange bucket(Subspace index, int bucket) {
    byte[] packed = index.pack((Object) new byte[] {(byte) (bucket >>> 8), (byte) bucket});
    // drop the terminator of the byte string: what is left prefixes every longer id
    return KeyRange.prefix(Arrays.copyOf(packed, packed.length - 1));
  }

  byte[] leaf(SyncDomain d, int bucket) {
    return leafSpaces[d.ordinal()].packLong(bucket);
  }

  /** The key of the leaf of domain {@code d} that holds {@code id}. */
  byte[] leafOf(SyncDomain d, byte[] id) {
    return leaf(d, Ids.bucket(id));
  }

  /** The leaf keys of buckets {@code [from, to)} of a domain. */
  KeyRange leaves(SyncDomain d, int from, int to) {
    return KeyRange.of(leaf(d, from), leaf(d, to));
  }

  int bucketOfLeaf(byte[] storeKey) {
    return (int) merkle.unpack(storeKey).getLong(1);
  }

  // ---- chats, inbox, progress ----

  byte[] meta(byte[] chat) {
    return chatMeta.packBytes(chat);
  }

  byte[] inbox(byte[] user, HlcTimestamp activity, byte[] chat) {
    return userInbox.packBytes(user, reversed(activity), chat);
  }

  /** The stamp's bytes inverted, so that a newer activity sorts first. */
  private static byte[] reversed(HlcTimestamp activity) {
    byte[] rev = activity.toBytes();
    for (int i = 0; i < rev.length; i++) {
      rev[i] = (byte) ~rev[i];
    }
    return rev;
  }

  /**
   * The inbox entry keys of one chat at one activity, for many users: {@link #inbox} with the
   * parts the users share made once.
   */
  InboxKeys inboxKeys(HlcTimestamp activity, byte[] chat) {
    return new InboxKeys(userInbox, activity, chat);
  }

  /** The inbox entry keys of one chat at one activity ({@link #inboxKeys}). */
  static final class InboxKeys {
    final HlcTimestamp activity;
    private final Subspace userInbox;
    private final byte[] rev;
    private final byte[] chat;

    private InboxKeys(Subspace userInbox, HlcTimestamp activity, byte[] chat) {
      this.userInbox = userInbox;
      this.activity = activity;
      this.rev = reversed(activity);
      this.chat = chat;
    }

    /** {@code inbox(user, activity, chat)}. */
    byte[] of(byte[] user) {
      return userInbox.packBytes(user, rev, chat);
    }
  }

  KeyRange inboxOf(byte[] user) {
    return userInbox.range(Tuple.of((Object) user));
  }

  /** The (activity, chat) of an inbox key. */
  InboxCursor inboxEntry(byte[] storeKey) {
    Tuple t = userInbox.unpack(storeKey);
    byte[] rev = t.getBytes(1);
    for (int i = 0; i < rev.length; i++) {
      rev[i] = (byte) ~rev[i];
    }
    return new InboxCursor(HlcTimestamp.fromBytes(rev), t.getBytes(2));
  }

  byte[] inboxPosition(byte[] user, byte[] chat) {
    return inboxPositions.packBytes(user, chat);
  }

  byte[] inboxRevision(byte[] chat) {
    return inboxRev.packBytes(chat);
  }

  byte[] progress(byte[] user, byte[] chat) {
    return readProgress.pack(user, chat);
  }

  // ---- members, identity ----

  byte[] member(byte[] chat, byte[] user) {
    return members.pack(chat, user);
  }

  KeyRange membersOf(byte[] chat) {
    return members.range(Tuple.of((Object) chat));
  }

  byte[] userOfMember(byte[] storeKey) {
    return members.unpack(storeKey).getBytes(1);
  }

  byte[] identity(byte[] user) {
    return identities.pack((Object) user);
  }

  byte[] seenRecord(SyncDomain d, byte[] recordId) {
    return seenOf(d).pack((Object) recordId);
  }
}
