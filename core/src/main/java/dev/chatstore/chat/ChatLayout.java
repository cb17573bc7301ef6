package dev.chatstore.chat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * The key layout of the chat database inside its area ({@code Area.CHAT} of a tenant): one
 * subspace per area of the specification, keys packed as tuples (ids as byte strings, stamps as
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
  static final Subspace MESSAGES = Subspace.of(1);
  static final Subspace SEEN_MSG = Subspace.of(2);
  static final Subspace CHAT_META = Subspace.of(3);
  static final Subspace USER_INBOX = Subspace.of(4);
  static final Subspace INBOX_POSITION = Subspace.of(5);
  static final Subspace MEMBERS = Subspace.of(6);
  static final Subspace READ_PROGRESS = Subspace.of(7);
  static final Subspace IDENTITY = Subspace.of(8);
  static final Subspace SEEN_MEMBER = Subspace.of(9);
  static final Subspace SEEN_IDENTITY = Subspace.of(10);
  static final Subspace MERKLE = Subspace.of(11);
  static final Subspace INBOX_REV = Subspace.of(12);

  private ChatLayout() {}

  /** The leaf subspaces {@code (11, domain)}, one per sync domain, by ordinal. */
  private static final Subspace[] LEAVES = new Subspace[SyncDomain.values().length];

  static {
    for (SyncDomain d : SyncDomain.values()) {
      LEAVES[d.ordinal()] = MERKLE.subspace(d.tag());
    }
  }

  // ---- messages ----

  static byte[] message(MessageKey k) {
    return MESSAGES.pack(k.chatId(), k.hlc().toBytes(), k.seq());
  }

  /** The first key of {@code chat} at or after stamp {@code hlc}. */
  static byte[] messageFloor(byte[] chat, HlcTimestamp hlc) {
    return MESSAGES.pack(chat, hlc.toBytes());
  }

  static KeyRange chatMessages(byte[] chat) {
    return MESSAGES.range(Tuple.of((Object) chat));
  }

  static MessageKey messageKey(byte[] storeKey) {
    Tuple t = MESSAGES.unpack(storeKey);
    return new MessageKey(t.getBytes(0), HlcTimestamp.fromBytes(t.getBytes(1)), t.getLong(2));
  }

  static byte[] seen(byte[] msgId) {
    return SEEN_MSG.packBytes(msgId);
  }

  // ---- sync indexes ----

  /** The seen index of a domain. */
  static Subspace seenOf(SyncDomain d) {
    return switch (d) {
      case MESSAGES -> SEEN_MSG;
      case MEMBERS -> SEEN_MEMBER;
      case IDENTITY -> SEEN_IDENTITY;
    };
  }

  /** The id in a seen-index key of {@code index}. */
  static byte[] idOf(Subspace index, byte[] storeKey) {
    return index.unpack(storeKey).getBytes(0);
  }

  /** The keys of {@code index} whose id starts with the two bytes of {@code bucket}. */
  static KeyRange bucket(Subspace index, int bucket) {
    byte[] packed = index.pack((Object) new byte[] {(byte) (bucket >>> 8), (byte) bucket});
    // drop the terminator of the byte string: what is left prefixes every longer id
    return KeyRange.prefix(Arrays.copyOf(packed, packed.length - 1));
  }

  static byte[] leaf(SyncDomain d, int bucket) {
    return LEAVES[d.ordinal()].packLong(bucket);
  }

  /** The leaf keys of buckets {@code [from, to)} of a domain. */
  static KeyRange leaves(SyncDomain d, int from, int to) {
    return KeyRange.of(leaf(d, from), leaf(d, to));
  }

  static int bucketOfLeaf(byte[] storeKey) {
    return (int) MERKLE.unpack(storeKey).getLong(1);
  }

  // ---- chats, inbox, progress ----

  static byte[] meta(byte[] chat) {
    return CHAT_META.packBytes(chat);
  }

  static byte[] inbox(byte[] user, HlcTimestamp activity, byte[] chat) {
    return USER_INBOX.packBytes(user, reversed(activity), chat);
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
  static final class InboxKeys {
    final HlcTimestamp activity;
    private final byte[] rev;
    private final byte[] chat;

    InboxKeys(HlcTimestamp activity, byte[] chat) {
      this.activity = activity;
      this.rev = reversed(activity);
      this.chat = chat;
    }

    /** {@code inbox(user, activity, chat)}. */
    byte[] of(byte[] user) {
      return USER_INBOX.packBytes(user, rev, chat);
    }
  }

  static KeyRange inboxOf(byte[] user) {
    return USER_INBOX.range(Tuple.of((Object) user));
  }

  /** The (activity, chat) of an inbox key. */
  static InboxCursor inboxEntry(byte[] storeKey) {
    Tuple t = USER_INBOX.unpack(storeKey);
    byte[] rev = t.getBytes(1);
    for (int i = 0; i < rev.length; i++) {
      rev[i] = (byte) ~rev[i];
    }
    return new InboxCursor(HlcTimestamp.fromBytes(rev), t.getBytes(2));
  }

  static byte[] inboxPosition(byte[] user, byte[] chat) {
    return INBOX_POSITION.packBytes(user, chat);
  }

  static byte[] inboxRevision(byte[] chat) {
    return INBOX_REV.packBytes(chat);
  }

  static byte[] progress(byte[] user, byte[] chat) {
    return READ_PROGRESS.pack(user, chat);
  }

  // ---- members, identity ----

  static byte[] member(byte[] chat, byte[] user) {
    return MEMBERS.pack(chat, user);
  }

  static KeyRange membersOf(byte[] chat) {
    return MEMBERS.range(Tuple.of((Object) chat));
  }

  static byte[] userOfMember(byte[] storeKey) {
    return MEMBERS.unpack(storeKey).getBytes(1);
  }

  static byte[] identity(byte[] user) {
    return IDENTITY.pack((Object) user);
  }

  static byte[] seenRecord(SyncDomain d, byte[] recordId) {
    return seenOf(d).pack((Object) recordId);
  }
}
