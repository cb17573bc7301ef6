package dev.chatstore.chat;

/**
 * What {@link ChatDb#putMessage} did.
 *
 * @param key where the message sits: the new key, or for a duplicate the key it was stored
 *     under the first time (null when the first copy has been removed by retention since)
 * @param inserted whether this call stored it; {@code false} for a duplicate id, in which case
 *     nothing changed
 */
public record PutResult(MessageKey key, boolean inserted) {}
