package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * A position in a user's inbox: listing continues with the entries after it (older activity,
 * or the same activity and a greater chat id). An entry that moves to the top meanwhile is not
 * listed again; one that moves from above the cursor to below it is listed once more.
 *
 * @param activity the activity stamp of the last entry seen
 * @param chatId the chat of the last entry seen
 */
public record InboxCursor(HlcTimestamp activity, byte[] chatId) {
  public InboxCursor {
    Objects.requireNonNull(activity, "activity");
    chatId = Ids.chat(chatId, "cursor chat id");
  }

  @Override
  public byte[] chatId() {
    return chatId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InboxCursor c && activity.equals(c.activity)
        && Arrays.equals(chatId, c.chatId);
  }

  @Override
  public int hashCode() {
    return 31 * activity.hashCode() + Arrays.hashCode(chatId);
  }
}
