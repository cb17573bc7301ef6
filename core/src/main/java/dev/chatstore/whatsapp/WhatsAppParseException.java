package dev.chatstore.whatsapp;

/**
 * A chat export that cannot be read: the message names the line (1-based) and what was
 * expected there. A bad-input error, so an {@link IllegalArgumentException}.
 */
public final class WhatsAppParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** An error on line {@code line} (1-based; 0 when it concerns the file as a whole). */
  public WhatsAppParseException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  /** The 1-based line of the error, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
