package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * One chat of a user's inbox, as {@link ChatDb#listUserChats} returns it. The preview and
 * counts are read from the chat's {@link ChatMeta} and the user's read progress when the page is
 * listed; nothing of them is stored in the inbox.
 *
 * @param chatId the chat
 * @param activity the stamp of the inbox entry: the newest activity of the chat pushed to this
 *     user; the inbox is ordered by it, newest first
 * @param meta the chat's metadata, or null when the chat has no message yet
 * @param readSeq the user's read progress in the chat (0 when none)
 * @param unread the messages after the read progress: {@code max(0, meta.lastSeq - readSeq)}
 */
public record InboxItem(byte[] chatId, HlcTimestamp activity, ChatMeta meta, long readSeq,
    long unread) {
  public InboxItem {
    chatId = Ids.chat(chatId, "chat id");
    Objects.requireNonNull(activity, "activity");
  }

  @Override
  public byte[] chatId() {
    return chatId.clone();
  }

  /** The chat's last message preview, or "" when it has none. */
  public String preview() {
    return meta == null ? "" : meta.lastPreview();
  }

  /** The cursor that continues a listing after this item. */
  public InboxCursor cursor() {
    return new InboxCursor(activity, chatId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InboxItem i && Arrays.equals(chatId, i.chatId)
        && activity.equals(i.activity) && Objects.equals(meta, i.meta) && readSeq == i.readSeq
        && unread == i.unread;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(chatId), activity, unread);
  }

  @Override
  public String toString() {
    return "InboxItem[" + Ids.hex(chatId) + " @ " + activity + ", unread " + unread + "]";
  }
}
