package dev.chatstore.crypto;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** An immutable set of keys and the id of the current one; parses the key text format. */
final class KeyRing implements KeyProvider {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,"
      + MAX_KEY_ID_LENGTH + "}");
  private static final String CURRENT = "current";

  private final String current;
  private final Map<String, SecretKey> keys;

  private KeyRing(String current, Map<String, SecretKey> keys) {
    this.current = current;
    this.keys = Collections.unmodifiableMap(keys);
  }

  static KeyRing of(String currentKeyId, Map<String, byte[]> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("a key provider needs at least one key");
    }
    Map<String, SecretKey> out = new LinkedHashMap<>();
    keys.forEach((id, bytes) -> out.put(checkKeyId(id), aesKey(id, bytes)));
    return ring(currentKeyId, out, "the key map");
  }

  private static KeyRing ring(String current, Map<String, SecretKey> keys, String source) {
    checkKeyId(current);
    if (!keys.containsKey(current)) {
      throw new IllegalArgumentException("current key id '" + current + "' is not among the keys"
          + " of " + source + " " + keys.keySet());
    }
    return new KeyRing(current, keys);
  }

  /**
   * Parses entries {@code id=BASE64} separated by new lines or commas, {@code #} comments, and an
   * optional {@code current=id}; errors name {@code source} and the entry number, never a key.
   */
  static KeyRing parse(String text, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String current = null;
    String[] entries = text.split("[\\r\\n,]");
    for (int i = 0; i < entries.length; i++) {
      String e = entries[i].strip();
      if (e.isEmpty() || e.startsWith("#")) {
        continue;
      }
      int eq = e.indexOf('=');
      String where = source + ", entry " + (i + 1);
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected id=BASE64KEY or current=id");
      }
      String id = e.substring(0, eq).strip();
      String rest = e.substring(eq + 1).strip();
      if (id.equals(CURRENT)) {
        if (current != null) {
          throw new IllegalArgumentException(where + ": current is named twice");
        }
        current = rest;
        continue;
      }
      try {
        checkKeyId(id);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(where + ": " + bad.getMessage());
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException(where + ": key id '" + id + "' appears twice");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(rest);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(where + ": the key of '" + id
            + "' is not valid base64");
      }
      keys.put(id, aesKey(id, bytes));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no key; expected id=BASE64KEY entries");
    }
    return ring(current != null ? current : keys.keySet().iterator().next(), keys, source);
  }

  static String checkKeyId(String id) {
    if (id == null || !KEY_ID.matcher(id).matches() || id.equals(CURRENT)) {
      throw new IllegalArgumentException("key id " + (id == null ? "null" : "'" + id + "'")
          + " is invalid; expected 1 to " + MAX_KEY_ID_LENGTH
          + " characters of A-Z a-z 0-9 . _ - (and not 'current')");
    }
    return id;
  }

  private static SecretKey aesKey(String id, byte[] bytes) {
    if (bytes == null || bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("key '" + id + "' has " + (bytes == null ? 0
          : bytes.length) + " bytes; expected " + KEY_BYTES + " (AES-256)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  @Override
  public String currentKeyId() {
    return current;
  }

  @Override
  public Optional<SecretKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** The ids, in the order given. */
  java.util.Set<String> ids() {
    return keys.keySet();
  }

  @Override
  public String toString() {
    return "keys " + keys.keySet() + ", current " + current;
  }
}
