package dev.chatstore.kv;

import java.util.Objects;

/**
 * The unchecked exception every chatstore store throws when an operation fails for a reason
 * other than bad input (bad input is an {@link IllegalArgumentException}).
 *
 * <p>Its {@link #kind()} is one of the error variants of the specification, so callers can
 * tell a lost connection (worth a retry) from a corrupt record (worth an alarm).
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as the specification's error variants name it. */
  public enum Kind {
    /** The backend cannot be reached (server down, connection refused, timeout). */
    CONNECTION,
    /** The backend failed the operation (I/O error, constraint, disk full, ...). */
    DATABASE,
    /** The stored schema cannot be opened or migrated by this version of chatstore. */
    MIGRATION,
    /** A stored record cannot be decoded, or a value cannot be encoded. */
    SERIALIZATION,
    /** The resource asked for does not exist. */
    NOT_FOUND,
    /** The store was closed before or during the call. */
    CLOSED
  }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** The error variant. */
  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return "StoreException[" + kind + "]: " + getMessage();
  }
}
