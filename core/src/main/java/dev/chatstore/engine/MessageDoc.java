package dev.chatstore.engine;

/**
 * One entry of a page of {@link Messages#load}: the index line and the message's metadata
 * document {@code chat/{cid}/message/{id}/index}.
 *
 * <p>A page is never short because a document is missing: an index line whose document is
 * absent (never written, deleted on its own, or expired) is returned with {@code index == null}.
 *
 * @param ref the index line (timestamp and id)
 * @param index the text of {@code chat/{cid}/message/{id}/index}, or {@code null} when absent
 */
public record MessageDoc(MessageRef ref, String index) {
  /**
   * @throws IllegalArgumentException when {@code ref} is null
   */
  public MessageDoc {
    if (ref == null) {
      throw new IllegalArgumentException("ref must not be null");
    }
  }

  /** Whether the metadata document is present. */
  public boolean hasIndex() {
    return index != null;
  }
}
