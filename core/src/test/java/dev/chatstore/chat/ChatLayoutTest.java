package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Subspace;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The directly packed keys are the tuple codec's bytes, under the database's prefix. */
class ChatLayoutTest {
  private static final ChatLayout ROOT = new ChatLayout(Subspace.of());

  @Test
  void directlyPackedKeys_equalTheTuplePacking() {
    long seed = System.nanoTime();
    System.out.println("ChatLayoutTest seed " + seed);
    Random r = new Random(seed);
    for (int n = 0; n < 2000; n++) {
      byte[] chat = id(r, 32);
      byte[] user = id(r, 20);
      byte[] msg = id(r, 32);
      HlcTimestamp at = new HlcTimestamp(r.nextLong(1L << 48), r.nextInt(1 << 16));
      byte[] rev = at.toBytes();
      for (int i = 0; i < rev.length; i++) {
        rev[i] = (byte) ~rev[i];
      }
      assertThat(ROOT.seen(msg)).isEqualTo(Subspace.of(2).pack((Object) msg));
      assertThat(ROOT.meta(chat)).isEqualTo(Subspace.of(3).pack((Object) chat));
      assertThat(ROOT.inboxRevision(chat)).isEqualTo(Subspace.of(12).pack((Object) chat));
      assertThat(ROOT.inboxPosition(user, chat)).isEqualTo(Subspace.of(5).pack(user, chat));
      assertThat(ROOT.inbox(user, at, chat)).isEqualTo(Subspace.of(4).pack(user, rev, chat));
      assertThat(ROOT.inboxKeys(at, chat).of(user)).isEqualTo(ROOT.inbox(user, at, chat));
      assertThat(ROOT.inboxEntry(ROOT.inbox(user, at, chat))).isEqualTo(new InboxCursor(at, chat));
      int bucket = r.nextInt(MerkleTree.LEAVES);
      assertThat(ROOT.leaf(SyncDomain.MESSAGES, bucket))
          .isEqualTo(Subspace.of(11).pack(SyncDomain.MESSAGES.tag(), bucket));
    }
  }

  /**
   * A layout under a prefix (a tenant's area) packs exactly the prefix followed by the key the
   * same write has in a database of its own: the bytes the tenant's area view used to make by
   * copying every key under its prefix, so data written either way reads back the other way. Its
   * decoders read those keys back.
   */
  @Test
  void prefixedLayout_packsThePrefixBeforeTheUnprefixedKey_andDecodesIt() {
    long seed = System.nanoTime();
    System.out.println("ChatLayoutTest prefixed seed " + seed);
    Random r = new Random(seed);
    for (int n = 0; n < 500; n++) {
      Subspace root = Subspace.of("tenant-" + r.nextInt(1000), (long) r.nextInt(20));
      byte[] p = root.prefix();
      ChatLayout l = new ChatLayout(root);
      byte[] chat = id(r, 32);
      byte[] user = id(r, 20);
      byte[] msg = id(r, 32);
      HlcTimestamp at = new HlcTimestamp(r.nextLong(1L << 48), r.nextInt(1 << 16));
      MessageKey mk = new MessageKey(chat, at, 1 + r.nextInt(1_000_000));
      int bucket = r.nextInt(MerkleTree.LEAVES);
      assertThat(l.message(mk)).isEqualTo(Bytes.concat(p, ROOT.message(mk)));
      assertThat(l.messageFloor(chat, at)).isEqualTo(Bytes.concat(p, ROOT.messageFloor(chat, at)));
      assertThat(l.seen(msg)).isEqualTo(Bytes.concat(p, ROOT.seen(msg)));
      assertThat(l.meta(chat)).isEqualTo(Bytes.concat(p, ROOT.meta(chat)));
      assertThat(l.inbox(user, at, chat)).isEqualTo(Bytes.concat(p, ROOT.inbox(user, at, chat)));
      assertThat(l.inboxKeys(at, chat).of(user)).isEqualTo(l.inbox(user, at, chat));
      assertThat(l.inboxPosition(user, chat))
          .isEqualTo(Bytes.concat(p, ROOT.inboxPosition(user, chat)));
      assertThat(l.inboxRevision(chat)).isEqualTo(Bytes.concat(p, ROOT.inboxRevision(chat)));
      assertThat(l.progress(user, chat)).isEqualTo(Bytes.concat(p, ROOT.progress(user, chat)));
      assertThat(l.member(chat, user)).isEqualTo(Bytes.concat(p, ROOT.member(chat, user)));
      assertThat(l.identity(user)).isEqualTo(Bytes.concat(p, ROOT.identity(user)));
      for (SyncDomain d : SyncDomain.values()) {
        assertThat(l.leaf(d, bucket)).isEqualTo(Bytes.concat(p, ROOT.leaf(d, bucket)));
        assertThat(l.seenRecord(d, msg)).isEqualTo(Bytes.concat(p, ROOT.seenRecord(d, msg)));
        assertThat(l.idOf(l.seenOf(d), l.seenRecord(d, msg))).isEqualTo(msg);
      }
      assertThat(l.messageKey(l.message(mk))).isEqualTo(mk);
      assertThat(l.inboxEntry(l.inbox(user, at, chat))).isEqualTo(new InboxCursor(at, chat));
      assertThat(l.userOfMember(l.member(chat, user))).isEqualTo(user);
      assertThat(l.bucketOfLeaf(l.leaf(SyncDomain.MEMBERS, bucket))).isEqualTo(bucket);
      // every range stays inside the prefix
      for (KeyRange range : new KeyRange[] {l.chatMessages(chat), l.inboxOf(user),
          l.membersOf(chat), l.leaves(SyncDomain.MESSAGES, 0, MerkleTree.LEAVES),
          l.bucket(l.seenOf(SyncDomain.MESSAGES), bucket), l.seenMsg.range(),
          l.chatMeta.range()}) {
        assertThat(range.start()).startsWith(p);
        assertThat(range.end()).startsWith(p);
      }
    }
  }

  /** Random bytes, often with zero bytes (which the packing escapes). */
  private static byte[] id(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(4) == 0) {
        b[i] = r.nextBoolean() ? 0 : (byte) 0xFF;
      }
    }
    return b;
  }
}
