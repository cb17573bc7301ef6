package dev.chatstore.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.chatstore.kv.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.commons.codec.digest.Blake3;

/**
 * The stored forms of the chat database's records: CBOR maps with short keys and a version
 * field {@code v} (Jackson), and the fixed binary forms of the specification for index values.
 * Messages and chat metas, written with every message, are encoded and decoded directly
 * ({@link CborRecords}: the same maps, without the databind mapper's reflection), with the mapper
 * as the fallback for any other form.
 * A record of an unknown version, or one that does not decode, is a
 * {@link StoreException.Kind#SERIALIZATION} error naming what was read.
 */
final class ChatCodec {
  static final int VERSION = 1;
  private static final ObjectMapper CBOR = CBORMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ChatCodec() {}

  /** A message, version 1. */
  record MsgV1(@JsonProperty("v") int v, @JsonProperty("c") byte[] chat,
      @JsonProperty("i") byte[] id, @JsonProperty("s") byte[] sender,
      @JsonProperty("h") long hlc, @JsonProperty("q") long seq, @JsonProperty("t") String text,
      @JsonProperty("p") byte[] payload) {}

  /** Chat metadata, version 1. */
  record MetaV1(@JsonProperty("v") int v, @JsonProperty("h") long lastHlc,
      @JsonProperty("q") long lastSeq, @JsonProperty("i") byte[] lastMsgId,
      @JsonProperty("s") byte[] lastSender, @JsonProperty("t") String lastPreview) {}

  /** A membership record, version 1; {@code d} is 0 when never removed. */
  record MemberV1(@JsonProperty("v") int v, @JsonProperty("r") int role,
      @JsonProperty("a") long addedAt, @JsonProperty("d") Long removedAt) {}

  // ---- messages ----

  static byte[] message(ChatMessage m, long seq) {
    byte[] direct = CborRecords.message(VERSION, m.chatId(), m.msgId(), m.sender(),
        m.hlc().packed(), seq, m.text(), m.payload());
    if (direct != null) {
      return direct;
    }
    return write(new MsgV1(VERSION, m.chatId(), m.msgId(), m.sender(), m.hlc().packed(), seq,
        m.text(), m.payload()));
  }

  static StoredMessage message(byte[] raw, String where) {
    MsgV1 d = directMessage(raw);
    if (d == null) {
      d = read(raw, MsgV1.class, where);
    }
    checkVersion(d.v(), where);
    try {
      ChatMessage m = new ChatMessage(d.chat(), d.id(), d.sender(),
          HlcTimestamp.fromPacked(d.hlc()), d.text(), d.payload());
      return new StoredMessage(new MessageKey(d.chat(), m.hlc(), d.seq()), m);
    } catch (IllegalArgumentException e) {
      throw corrupt(where, e.getMessage(), e);
    }
  }

  /** The record read by {@link CborRecords}, or null to leave it to the mapper. */
  private static MsgV1 directMessage(byte[] raw) {
    CborRecords.Fields f = CborRecords.read(raw, "vcishqtp");
    if (f == null || f.v == null || f.c == null || f.i == null || f.s == null || f.h == null
        || f.q == null || f.t == null || f.v != (int) (long) f.v) {
      return null;
    }
    return new MsgV1((int) (long) f.v, f.c, f.i, f.s, f.h, f.q, f.t, f.p);
  }

  // ---- chat meta ----

  static byte[] meta(ChatMeta m) {
    byte[] direct = CborRecords.meta(VERSION, m.lastHlc().packed(), m.lastSeq(), m.lastMsgId(),
        m.lastSender(), m.lastPreview());
    if (direct != null) {
      return direct;
    }
    return write(new MetaV1(VERSION, m.lastHlc().packed(), m.lastSeq(), m.lastMsgId(),
        m.lastSender(), m.lastPreview()));
  }

  static ChatMeta meta(byte[] raw, String where) {
    if (raw == null) {
      return null;
    }
    MetaV1 d = directMeta(raw);
    if (d == null) {
      d = read(raw, MetaV1.class, where);
    }
    checkVersion(d.v(), where);
    try {
      return new ChatMeta(HlcTimestamp.fromPacked(d.lastHlc()), d.lastSeq(), d.lastMsgId(),
          d.lastSender(), d.lastPreview() == null ? "" : d.lastPreview());
    } catch (RuntimeException e) {
      throw corrupt(where, e.getMessage(), e);
    }
  }

  /** The record read by {@link CborRecords}, or null to leave it to the mapper. */
  private static MetaV1 directMeta(byte[] raw) {
    CborRecords.Fields f = CborRecords.read(raw, "vhqist");
    if (f == null || f.v == null || f.h == null || f.q == null || f.i == null || f.s == null
        || f.v != (int) (long) f.v) {
      return null;
    }
    return new MetaV1((int) (long) f.v, f.h, f.q, f.i, f.s, f.t);
  }

  // ---- members ----

  static byte[] member(MemberInfo m) {
    return write(new MemberV1(VERSION, m.role().code(), m.addedAt().packed(),
        m.removedAt() == null ? null : m.removedAt().packed()));
  }

  static MemberInfo member(byte[] raw, String where) {
    if (raw == null) {
      return null;
    }
    MemberV1 d = read(raw, MemberV1.class, where);
    checkVersion(d.v(), where);
    try {
      return new MemberInfo(MemberRole.ofCode(d.role()), HlcTimestamp.fromPacked(d.addedAt()),
          d.removedAt() == null ? null : HlcTimestamp.fromPacked(d.removedAt()));
    } catch (IllegalArgumentException e) {
      throw corrupt(where, e.getMessage(), e);
    }
  }

  /**
   * The sync record id of a membership record: BLAKE3 of chat, user, role code, added stamp and
   * removed stamp (zero when never removed), the stamps as 8 big-endian bytes.
   */
  static byte[] memberRecordId(byte[] chat, byte[] user, MemberInfo m) {
    ByteBuffer b = ByteBuffer.allocate(chat.length + user.length + 1 + 16);
    b.put(chat).put(user).put((byte) m.role().code()).putLong(m.addedAt().packed())
        .putLong(m.removedOrZero().packed());
    return Blake3.hash(b.array());
  }

  // ---- identity ----

  /** The stored identity value: {@code [hlc:8][blob]}. */
  static byte[] identity(HlcTimestamp hlc, byte[] blob) {
    return ByteBuffer.allocate(HlcTimestamp.BYTES + blob.length).putLong(hlc.packed()).put(blob)
        .array();
  }

  static IdentityRecord identity(byte[] user, byte[] raw, String where) {
    if (raw == null) {
      return null;
    }
    if (raw.length < HlcTimestamp.BYTES) {
      throw corrupt(where, "an identity value of " + raw.length + " bytes has no HLC prefix",
          null);
    }
    return new IdentityRecord(user, HlcTimestamp.read(raw, 0),
        Arrays.copyOfRange(raw, HlcTimestamp.BYTES, raw.length));
  }

  /** The sync record id of an identity: BLAKE3 of user, stamp (8 bytes BE) and blob. */
  static byte[] identityRecordId(byte[] user, HlcTimestamp hlc, byte[] blob) {
    return Blake3.hash(ByteBuffer.allocate(user.length + 8 + blob.length).put(user)
        .putLong(hlc.packed()).put(blob).array());
  }

  // ---- small fixed forms ----

  /** A read progress value: the sequence number as 4 big-endian bytes. */
  static byte[] seq(long seq) {
    return ByteBuffer.allocate(4).putInt((int) seq).array();
  }

  static long seq(byte[] raw, String where) {
    if (raw == null) {
      return 0;
    }
    if (raw.length != 4) {
      throw corrupt(where, "a read progress value is 4 bytes, got " + raw.length, null);
    }
    return Integer.toUnsignedLong(ByteBuffer.wrap(raw).getInt());
  }

  /** An inbox revision value: 8 big-endian bytes. */
  static byte[] revision(long rev) {
    return ByteBuffer.allocate(8).putLong(rev).array();
  }

  static long revision(byte[] raw, String where) {
    if (raw.length != 8) {
      throw corrupt(where, "an inbox revision is 8 bytes, got " + raw.length, null);
    }
    return ByteBuffer.wrap(raw).getLong();
  }

  static HlcTimestamp stamp(byte[] raw, String where) {
    if (raw == null) {
      return null;
    }
    if (raw.length != HlcTimestamp.BYTES) {
      throw corrupt(where, "a stamp is 8 bytes, got " + raw.length, null);
    }
    return HlcTimestamp.fromBytes(raw);
  }

  /** The physical milliseconds of the stamp in a seen-index value (a 44-byte message key). */
  static long seenPhysicalMs(byte[] seenValue) {
    if (seenValue.length < ChatDb.CHAT_ID_BYTES + HlcTimestamp.BYTES) {
      return 0; // an entry without a key: treated as expired by any retention
    }
    return HlcTimestamp.read(seenValue, ChatDb.CHAT_ID_BYTES).physicalMs();
  }

  // ---- plumbing ----

  private static byte[] write(Object record) {
    try {
      return CBOR.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.SERIALIZATION, "cannot encode " + record
          + ": " + e.getMessage(), e);
    }
  }

  private static <T> T read(byte[] raw, Class<T> type, String where) {
    try {
      return CBOR.readValue(raw, type);
    } catch (IOException e) {
      throw corrupt(where, "not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
    }
  }

  private static void checkVersion(int v, String where) {
    if (v != VERSION) {
      throw corrupt(where, "record version " + v + " is not known to this version of chatstore"
          + " (expected " + VERSION + ")", null);
    }
  }

  static StoreException corrupt(String where, String what, Throwable cause) {
    return new StoreException(StoreException.Kind.SERIALIZATION, where + ": " + what, cause);
  }
}
