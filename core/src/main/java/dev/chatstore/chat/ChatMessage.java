package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * One chat message as the chat database stores it. Arrays are copied in and out.
 *
 * @param chatId the chat, {@value ChatDb#CHAT_ID_BYTES} bytes
 * @param msgId the message id, {@value ChatDb#MSG_ID_BYTES} bytes, unique across chats: putting
 *     the same id again is a no-op
 * @param sender the sending user, {@value ChatDb#USER_ID_BYTES} bytes
 * @param hlc the message's hybrid logical clock stamp, which orders it in its chat
 * @param text the text (may be empty; its first {@value ChatDb#PREVIEW_CHARS} code points are the
 *     chat's preview)
 * @param payload opaque bytes stored with the message (may be empty)
 */
public record ChatMessage(byte[] chatId, byte[] msgId, byte[] sender, HlcTimestamp hlc,
    String text, byte[] payload) {

  /**
   * @throws IllegalArgumentException when an id has the wrong length or a part is null
   */
  public ChatMessage {
    chatId = Ids.chat(chatId, "chat id");
    msgId = Ids.msg(msgId, "message id");
    sender = Ids.user(sender, "sender");
    if (hlc == null) {
      throw new IllegalArgumentException("message HLC stamp must not be null");
    }
    if (text == null) {
      throw new IllegalArgumentException("message text must not be null (use \"\")");
    }
    payload = payload == null ? new byte[0] : payload.clone();
  }

  /** A text message without payload. */
  public static ChatMessage text(byte[] chatId, byte[] msgId, byte[] sender, HlcTimestamp hlc,
      String text) {
    return new ChatMessage(chatId, msgId, sender, hlc, text, null);
  }

  @Override
  public byte[] chatId() {
    return chatId.clone();
  }

  @Override
  public byte[] msgId() {
    return msgId.clone();
  }

  @Override
  public byte[] sender() {
    return sender.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The first {@value ChatDb#PREVIEW_CHARS} code points of the text. */
  public String preview() {
    return preview(text);
  }

  static String preview(String text) {
    if (text.codePointCount(0, text.length()) <= ChatDb.PREVIEW_CHARS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, ChatDb.PREVIEW_CHARS));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatMessage m && Arrays.equals(chatId, m.chatId)
        && Arrays.equals(msgId, m.msgId) && Arrays.equals(sender, m.sender)
        && hlc.equals(m.hlc) && text.equals(m.text) && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(msgId), hlc);
  }

  @Override
  public String toString() {
    return "ChatMessage[chat " + Ids.hex(chatId) + ", id " + Ids.hex(msgId) + ", at " + hlc
        + ", " + text.length() + " chars, " + payload.length + " payload bytes]";
  }
}
