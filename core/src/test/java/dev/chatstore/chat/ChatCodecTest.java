package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import org.junit.jupiter.api.Test;

/** The stored forms: round trips, versions, corrupt records. */
class ChatCodecTest {
  private static final byte[] CHAT = new byte[32];
  private static final byte[] MSG = new byte[32];
  private static final byte[] USER = new byte[20];

  @Test
  void message_roundTrips() {
    ChatMessage m = new ChatMessage(CHAT, MSG, USER, new HlcTimestamp(5, 6), "héllo",
        new byte[] {1, 2, 3});
    StoredMessage back = ChatCodec.message(ChatCodec.message(m, 9), "test");
    assertThat(back.message()).isEqualTo(m);
    assertThat(back.key()).isEqualTo(new MessageKey(CHAT, new HlcTimestamp(5, 6), 9));
  }

  @Test
  void member_roundTrips_withAndWithoutRemoval() {
    MemberInfo a = new MemberInfo(MemberRole.ADMIN, new HlcTimestamp(1, 2), null);
    MemberInfo b = new MemberInfo(MemberRole.PARTICIPANT, new HlcTimestamp(1, 2),
        new HlcTimestamp(3, 4));
    assertThat(ChatCodec.member(ChatCodec.member(a), "t")).isEqualTo(a);
    assertThat(ChatCodec.member(ChatCodec.member(b), "t")).isEqualTo(b);
    assertThat(ChatCodec.memberRecordId(CHAT, USER, a))
        .isNotEqualTo(ChatCodec.memberRecordId(CHAT, USER, b)).hasSize(32);
  }

  @Test
  void corruptOrNewerRecords_areSerializationErrors() {
    assertThatThrownBy(() -> ChatCodec.meta(new byte[] {1, 2, 3}, "meta of chat x"))
        .isInstanceOf(StoreException.class).hasMessageContaining("meta of chat x")
        .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.SERIALIZATION);
    byte[] v2 = ChatCodec.member(MemberInfo.added(MemberRole.ADMIN, HlcTimestamp.ZERO));
    int at = indexOfVersion(v2);
    v2[at] = 0x02;
    assertThatThrownBy(() -> ChatCodec.member(v2, "member"))
        .isInstanceOf(StoreException.class).hasMessageContaining("version 2");
  }

  /** The byte of the value of the "v" key (CBOR small unsigned int 1). */
  private static int indexOfVersion(byte[] cbor) {
    for (int i = 0; i + 1 < cbor.length; i++) {
      if (cbor[i] == 0x61 && cbor[i + 1] == 'v') {
        return i + 2;
      }
    }
    throw new AssertionError("no version key");
  }

  @Test
  void messageKey_bytesKeepTheOrder() {
    MessageKey a = new MessageKey(CHAT, new HlcTimestamp(1, 0), 5);
    MessageKey b = new MessageKey(CHAT, new HlcTimestamp(1, 0), 6);
    MessageKey c = new MessageKey(CHAT, new HlcTimestamp(1, 1), 1);
    assertThat(java.util.Arrays.compareUnsigned(a.toBytes(), b.toBytes())).isNegative();
    assertThat(java.util.Arrays.compareUnsigned(b.toBytes(), c.toBytes())).isNegative();
    assertThat(a.compareTo(b)).isNegative();
    assertThat(b.compareTo(c)).isNegative();
    assertThat(java.util.Arrays.compareUnsigned(ChatLayout.message(b), ChatLayout.message(c)))
        .isNegative();
  }
}
