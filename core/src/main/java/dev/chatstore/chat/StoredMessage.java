package dev.chatstore.chat;

/**
 * A message as read back: where it sits in its chat and the message itself.
 *
 * @param key its place in the chat (also a {@link ChatDb#range} cursor)
 * @param message the message
 */
public record StoredMessage(MessageKey key, ChatMessage message) {}
