package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * The aggregated state of one chat, updated atomically with every new message.
 *
 * @param lastHlc the stamp of the newest message (by stamp, whatever the arrival order)
 * @param lastSeq the number of messages ever stored in the chat: the sequence number of the last
 *     one to arrive; read progress and unread counts are measured in it
 * @param lastMsgId the id of the newest message
 * @param lastSender the sender of the newest message
 * @param lastPreview the first {@value ChatDb#PREVIEW_CHARS} code points of its text
 */
public record ChatMeta(HlcTimestamp lastHlc, long lastSeq, byte[] lastMsgId, byte[] lastSender,
    String lastPreview) {
  public ChatMeta {
    Objects.requireNonNull(lastHlc, "lastHlc");
    lastMsgId = Ids.msg(lastMsgId, "last message id");
    lastSender = Ids.user(lastSender, "last sender");
    Objects.requireNonNull(lastPreview, "lastPreview");
  }

  @Override
  public byte[] lastMsgId() {
    return lastMsgId.clone();
  }

  @Override
  public byte[] lastSender() {
    return lastSender.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatMeta m && lastHlc.equals(m.lastHlc) && lastSeq == m.lastSeq
        && Arrays.equals(lastMsgId, m.lastMsgId) && Arrays.equals(lastSender, m.lastSender)
        && lastPreview.equals(m.lastPreview);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastHlc, lastSeq, Arrays.hashCode(lastMsgId));
  }

  @Override
  public String toString() {
    return "ChatMeta[last " + lastHlc + " #" + lastSeq + " " + Ids.hex(lastMsgId) + "]";
  }
}
