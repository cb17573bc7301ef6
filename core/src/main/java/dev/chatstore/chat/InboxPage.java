package dev.chatstore.chat;

import java.util.List;

/**
 * One page of a user's inbox, newest activity first.
 *
 * @param items the chats
 * @param next where the next page starts when this one is full and more may follow, else null
 */
public record InboxPage(List<InboxItem> items, InboxCursor next) {
  public InboxPage {
    items = List.copyOf(items);
  }
}
