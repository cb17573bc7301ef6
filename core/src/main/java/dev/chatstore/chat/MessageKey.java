package dev.chatstore.chat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a message sits in its chat: the chat, the message's HLC stamp and the chat's sequence
 * number given to it when it was stored. Messages of a chat are ordered by {@code (hlc, seq)}.
 * It is also the cursor of {@link ChatDb#range}: {@link #toBytes()} is the 44-byte key of the
 * specification ({@code [chat_id:32][hlc:8][seq:4]}, big-endian), and {@link #toBase64()} its
 * URL-safe text.
 *
 * @param chatId the chat, {@value ChatDb#CHAT_ID_BYTES} bytes (copied in and out)
 * @param hlc the message's stamp
 * @param seq the chat's sequence number of the message, {@code 0..2^32-1}
 */
public record MessageKey(byte[] chatId, HlcTimestamp hlc, long seq)
    implements Comparable<MessageKey> {
  /** Length of {@link #toBytes()}. */
  public static final int BYTES = ChatDb.CHAT_ID_BYTES + HlcTimestamp.BYTES + 4;
  /** Largest sequence number. */
  public static final long MAX_SEQ = 0xFFFF_FFFFL;

  /**
   * @throws IllegalArgumentException when the chat id has the wrong length, the stamp is null or
   *     the sequence number is out of range
   */
  public MessageKey {
    chatId = Ids.chat(chatId, "chat id");
    if (hlc == null) {
      throw new IllegalArgumentException("message key HLC stamp must not be null");
    }
    if (seq < 0 || seq > MAX_SEQ) {
      throw new IllegalArgumentException("message sequence number " + seq + " is outside 0.."
          + MAX_SEQ);
    }
  }

  /**
   * The key whose {@link #toBytes()} is {@code bytes}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not {@value #BYTES} bytes long
   */
  public static MessageKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("a message key is " + BYTES + " bytes, got "
          + (bytes == null ? "null" : bytes.length + " bytes"));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] chat = new byte[ChatDb.CHAT_ID_BYTES];
    b.get(chat);
    return new MessageKey(chat, HlcTimestamp.fromPacked(b.getLong()),
        Integer.toUnsignedLong(b.getInt()));
  }

  /**
   * The key whose {@link #toBase64()} is {@code text}.
   *
   * @throws IllegalArgumentException when {@code text} is not such a text
   */
  public static MessageKey fromBase64(String text) {
    if (text == null) {
      throw new IllegalArgumentException("message key text must not be null");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("message key '" + text + "' is not base64url: "
          + e.getMessage(), e);
    }
    return fromBytes(raw);
  }

  @Override
  public byte[] chatId() {
    return chatId.clone();
  }

  /** The 44 bytes {@code [chat_id:32][hlc:8][seq:4]}, big-endian: byte order is key order. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).put(chatId).putLong(hlc.packed()).putInt((int) seq)
        .array();
  }

  /** {@link #toBytes()} in URL-safe base64 without padding. */
  public String toBase64() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(toBytes());
  }

  /** Orders by chat bytes, then stamp, then sequence number. */
  @Override
  public int compareTo(MessageKey o) {
    int c = Arrays.compareUnsigned(chatId, o.chatId);
    if (c != 0) {
      return c;
    }
    c = hlc.compareTo(o.hlc);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageKey k && Arrays.equals(chatId, k.chatId) && hlc.equals(k.hlc)
        && seq == k.seq;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(chatId) + hlc.hashCode()) + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "MessageKey[" + Ids.hex(chatId) + " @ " + hlc + " #" + seq + "]";
  }
}
