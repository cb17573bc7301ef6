package dev.chatstore.chat;

import java.util.List;

/**
 * One page of a chat's messages in chronological order.
 *
 * @param items the messages, oldest first
 * @param next the cursor for the next page (the key of the last item) when the page is full and
 *     more may follow, else null
 */
public record RangePage(List<StoredMessage> items, MessageKey next) {
  public RangePage {
    items = List.copyOf(items);
  }
}
