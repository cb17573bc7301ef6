package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The directly packed keys are the tuple codec's bytes. */
class ChatLayoutTest {
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
      assertThat(ChatLayout.seen(msg)).isEqualTo(ChatLayout.SEEN_MSG.pack((Object) msg));
      assertThat(ChatLayout.meta(chat)).isEqualTo(ChatLayout.CHAT_META.pack((Object) chat));
      assertThat(ChatLayout.inboxRevision(chat))
          .isEqualTo(ChatLayout.INBOX_REV.pack((Object) chat));
      assertThat(ChatLayout.inboxPosition(user, chat))
          .isEqualTo(ChatLayout.INBOX_POSITION.pack(user, chat));
      assertThat(ChatLayout.inbox(user, at, chat))
          .isEqualTo(ChatLayout.USER_INBOX.pack(user, rev, chat));
      assertThat(ChatLayout.inboxEntry(ChatLayout.inbox(user, at, chat)))
          .isEqualTo(new InboxCursor(at, chat));
      int bucket = r.nextInt(MerkleTree.LEAVES);
      assertThat(ChatLayout.leaf(SyncDomain.MESSAGES, bucket))
          .isEqualTo(ChatLayout.MERKLE.pack(SyncDomain.MESSAGES.tag(), bucket));
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
