package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.chatstore.kv.StoreException;
import java.util.Random;
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

  private static final ObjectMapper MAPPER = CBORMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  @Test
  void directForms_matchTheMapper_bothWays() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ChatCodecTest seed " + seed);
    Random r = new Random(seed);
    String[] texts = {"", "a", "héllo 🎉", "x".repeat(23), "y".repeat(24), "z".repeat(300),
        "€".repeat(100)};
    for (int n = 0; n < 500; n++) {
      byte[] chat = bytes(r, 32);
      byte[] id = bytes(r, 32);
      byte[] user = bytes(r, 20);
      HlcTimestamp hlc = new HlcTimestamp(r.nextLong(HlcTimestamp.MAX_PHYSICAL_MS + 1),
          r.nextInt(65536));
      long seq = r.nextBoolean() ? r.nextInt(30) : r.nextLong(MessageKey.MAX_SEQ + 1);
      String text = texts[r.nextInt(texts.length)];
      byte[] payload = bytes(r, r.nextInt(3) == 0 ? 0 : r.nextInt(400));
      ChatMessage m = new ChatMessage(chat, id, user, hlc, text, payload);
      byte[] direct = ChatCodec.message(m, seq);
      byte[] mapped = MAPPER.writeValueAsBytes(new ChatCodec.MsgV1(1, chat, id, user,
          hlc.packed(), seq, text, payload));
      assertThat(MAPPER.readValue(direct, ChatCodec.MsgV1.class))
          .usingRecursiveComparison().isEqualTo(MAPPER.readValue(mapped, ChatCodec.MsgV1.class));
      assertThat(CborRecords.read(mapped, "vcishqtp")).as("fast path reads the mapper's form")
          .isNotNull();
      StoredMessage back = ChatCodec.message(mapped, "test");
      assertThat(back.message()).isEqualTo(m);
      assertThat(back.key().seq()).isEqualTo(seq);
      assertThat(ChatCodec.message(direct, "test")).isEqualTo(back);

      ChatMeta meta = new ChatMeta(hlc, seq, id, user, ChatMessage.preview(text));
      byte[] metaDirect = ChatCodec.meta(meta);
      byte[] metaMapped = MAPPER.writeValueAsBytes(new ChatCodec.MetaV1(1, hlc.packed(), seq, id,
          user, meta.lastPreview()));
      assertThat(MAPPER.readValue(metaDirect, ChatCodec.MetaV1.class)).usingRecursiveComparison()
          .isEqualTo(MAPPER.readValue(metaMapped, ChatCodec.MetaV1.class));
      assertThat(CborRecords.read(metaMapped, "vhqist")).isNotNull();
      assertThat(ChatCodec.meta(metaMapped, "test")).isEqualTo(meta);
      assertThat(ChatCodec.meta(metaDirect, "test")).isEqualTo(meta);
    }
  }

  @Test
  void formsTheFastPathLeaves_areDecodedByTheMapper() throws Exception {
    // an unknown field, a missing preview, and a text in the mapper's own form
    byte[] extra = MAPPER.writeValueAsBytes(java.util.Map.of("v", 1, "h", 7L, "q", 2L,
        "i", new byte[32], "s", new byte[20], "t", "hi", "zz", 5));
    assertThat(CborRecords.read(extra, "vhqist")).isNull();
    assertThat(ChatCodec.meta(extra, "test").lastPreview()).isEqualTo("hi");
    byte[] noPreview = MAPPER.writeValueAsBytes(java.util.Map.of("v", 1, "h", 7L, "q", 2L,
        "i", new byte[32], "s", new byte[20]));
    assertThat(ChatCodec.meta(noPreview, "test").lastPreview()).isEmpty();
    byte[] badUtf8 = ChatCodec.meta(new ChatMeta(new HlcTimestamp(1, 0), 1, new byte[32],
        new byte[20], "ab"));
    badUtf8[badUtf8.length - 1] = (byte) 0xC3; // a truncated two-byte sequence
    assertThat(CborRecords.read(badUtf8, "vhqist")).isNull();
  }

  @Test
  void aLoneSurrogate_isRefusedAsBefore() {
    ChatMessage m = new ChatMessage(CHAT, MSG, USER, new HlcTimestamp(5, 6), "bad \uD800 text",
        null);
    assertThat(CborRecords.utf8(m.text())).isNull();
    Object mapped;
    try {
      mapped = MAPPER.writeValueAsBytes(new ChatCodec.MsgV1(1, CHAT, MSG, USER,
          m.hlc().packed(), 1, m.text(), new byte[0]));
    } catch (Exception e) {
      mapped = e;
    }
    if (mapped instanceof Exception) {
      assertThatThrownBy(() -> ChatCodec.message(m, 1)).isInstanceOf(StoreException.class);
    } else {
      assertThat(ChatCodec.message(m, 1)).isEqualTo(mapped);
    }
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
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
    ChatLayout layout = new ChatLayout(dev.chatstore.tuple.Subspace.of("t"));
    assertThat(java.util.Arrays.compareUnsigned(layout.message(b), layout.message(c)))
        .isNegative();
  }
}
