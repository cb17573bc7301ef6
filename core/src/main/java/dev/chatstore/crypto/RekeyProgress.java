package dev.chatstore.crypto;

/**
 * How far a {@link EncryptingKvStore#rekey} has come.
 *
 * @param scanned entries of the encrypted areas read so far
 * @param total entries of the encrypted areas counted when the rekey started (entries written
 *     meanwhile may make {@code scanned} end above or below it)
 * @param resealed entries re-sealed with the current key so far
 */
public record RekeyProgress(long scanned, long total, long resealed) {
  /** {@code scanned} of {@code total} as a percentage from 0 to 100. */
  public int percent() {
    if (total <= 0) {
      return 100;
    }
    return (int) Math.min(100, scanned * 100 / total);
  }
}
