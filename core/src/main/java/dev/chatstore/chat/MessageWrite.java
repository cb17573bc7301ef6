package dev.chatstore.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * One message to store with {@link ChatDb#putMessages}, and the users whose inbox entry for its
 * chat it brings up to date.
 *
 * @param message the message
 * @param inboxUsers users ({@value ChatDb#USER_ID_BYTES} bytes each) whose inbox is updated in
 *     the same atomic write; empty for none
 */
public record MessageWrite(ChatMessage message, List<byte[]> inboxUsers) {
  /**
   * @throws IllegalArgumentException when the message is null or a user id has the wrong length
   */
  public MessageWrite {
    if (message == null) {
      throw new IllegalArgumentException("message must not be null");
    }
    if (inboxUsers == null) {
      inboxUsers = List.of();
    } else {
      List<byte[]> users = new ArrayList<>(inboxUsers.size());
      for (byte[] u : inboxUsers) {
        users.add(Ids.user(u, "inbox user id"));
      }
      inboxUsers = List.copyOf(users);
    }
  }

  /** A message without inbox updates. */
  public static MessageWrite of(ChatMessage message) {
    return new MessageWrite(message, List.of());
  }
}
