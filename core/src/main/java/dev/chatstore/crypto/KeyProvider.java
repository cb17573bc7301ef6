package dev.chatstore.crypto;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where encryption at rest finds its keys: a <em>current</em> key, which seals every new value,
 * and any number of older keys, found by id, which still open the values they sealed.
 *
 * <p>A key is 32 bytes (AES-256). A key id is 1 to {@value #MAX_KEY_ID_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}; it is written in clear in front of every value it seals, so it must
 * never be reused for other key bytes.
 *
 * <h2>Built-in providers</h2>
 * {@link #fromFile(Path)} and {@link #fromEnvironment(String)} read the same text format: entries
 * {@code id=BASE64KEY} separated by new lines or commas, blank lines and {@code #} comments
 * ignored; a line {@code current=id} names the current key, and without one the first key listed
 * is current. For example, after a rotation:
 * <pre>
 * current=2026-11
 * 2026-11=q1N0...base64 of 32 bytes...=
 * 2026-10=Zm9v...base64 of 32 bytes...=
 * </pre>
 * Rotation: add the new key, make it current (a running store picks it up on the next write when
 * its provider returns the new id; {@link KeyFileProvider#reload()} re-reads a file), then re-seal
 * the old values ({@code chatstore rekey}), and only then remove the old key.
 *
 * <p>Implementations must be thread-safe; {@link #currentKeyId()} is called on every write.
 */
public interface KeyProvider {
  /** The longest key id, in characters. */
  int MAX_KEY_ID_LENGTH = 32;
  /** The length of a key, in bytes (AES-256). */
  int KEY_BYTES = 32;
  /** The environment variable {@link #fromEnvironment()} reads. */
  String DEFAULT_VARIABLE = "CHATSTORE_ENCRYPTION_KEYS";

  /** The id of the key that seals new values; {@link #key} must know it. */
  String currentKeyId();

  /** The key with id {@code keyId}, or empty when this provider does not have it. */
  Optional<SecretKey> key(String keyId);

  /**
   * A fixed provider of the given keys (id to 32 key bytes; the arrays are copied).
   *
   * @throws IllegalArgumentException when an id is malformed, a key is not 32 bytes, or
   *     {@code currentKeyId} is not among the keys
   */
  static KeyProvider of(String currentKeyId, Map<String, byte[]> keys) {
    return KeyRing.of(currentKeyId, keys);
  }

  /**
   * The keys of the file {@code file}, in the format above, read now; {@link
   * KeyFileProvider#reload()} reads it again. A file others than its owner can read is accepted
   * with a warning in the log.
   *
   * @throws IllegalArgumentException when the file cannot be read or is malformed (the message
   *     names the file and the line, never a key)
   */
  static KeyFileProvider fromFile(Path file) {
    return new KeyFileProvider(file);
  }

  /** The keys of the environment variable {@value #DEFAULT_VARIABLE}, in the format above. */
  static KeyProvider fromEnvironment() {
    return fromEnvironment(DEFAULT_VARIABLE);
  }

  /**
   * The keys of the environment variable {@code variable}, in the format above, read now.
   *
   * @throws IllegalArgumentException when the variable is unset, empty or malformed
   */
  static KeyProvider fromEnvironment(String variable) {
    return fromEnvironment(variable, System.getenv());
  }

  /** Like {@link #fromEnvironment(String)}, reading {@code variable} from {@code env}. */
  static KeyProvider fromEnvironment(String variable, Map<String, String> env) {
    if (variable == null || variable.isEmpty()) {
      throw new IllegalArgumentException("environment variable name must not be empty");
    }
    String text = env.get(variable);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("environment variable " + variable + " is not set;"
          + " expected keys as id=BASE64KEY[,id=BASE64KEY...]");
    }
    return KeyRing.parse(text, "environment variable " + variable);
  }
}
