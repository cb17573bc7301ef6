package dev.chatstore.dump;

import dev.chatstore.kv.StoreException;

/**
 * A dump file that is not a valid dump: truncated, altered or of another format. Its kind is
 * {@link StoreException.Kind#SERIALIZATION}; its message names the byte offset and what was
 * expected there.
 */
public final class DumpFormatException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** A format error at byte {@code offset} of the file. */
  public DumpFormatException(long offset, String message) {
    super(Kind.SERIALIZATION, "invalid dump at byte " + offset + ": " + message);
    this.offset = offset;
  }

  /** The byte offset in the file where the error was found. */
  public long offset() {
    return offset;
  }
}
