package dev.chatstore.crypto;

import dev.chatstore.kv.StoreException;

/**
 * A stored value of an encrypted area that cannot be opened: its key is missing, the key does not
 * open it, or the value is not a well-formed sealed value. Its {@link #kind()} is
 * {@link StoreException.Kind#SERIALIZATION}; the message names the record's key and, when known,
 * the key id. A read that meets such a value fails; it never returns the bytes or nothing instead.
 */
public final class EncryptionException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** Why the value cannot be opened. */
  public enum Reason {
    /** The value names a key id the {@link KeyProvider} does not have. */
    KEY_MISSING,
    /** The key of that id does not open the value: wrong key bytes, altered, or moved value. */
    AUTHENTICATION_FAILED,
    /** The bytes are not a sealed value of a known version (truncated, corrupt, not sealed). */
    MALFORMED
  }

  private final Reason reason;
  private final String keyId;

  EncryptionException(Reason reason, String keyId, String message) {
    this(reason, keyId, message, null);
  }

  EncryptionException(Reason reason, String keyId, String message, Throwable cause) {
    super(Kind.SERIALIZATION, message, cause);
    this.reason = reason;
    this.keyId = keyId;
  }

  /** Why the value cannot be opened. */
  public Reason reason() {
    return reason;
  }

  /** The key id the value names, or {@code null} when it could not be read. */
  public String keyId() {
    return keyId;
  }
}
