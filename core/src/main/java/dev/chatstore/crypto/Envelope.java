package dev.chatstore.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The sealed form of a value: AES-256-GCM with a random 96-bit nonce, behind a versioned header.
 *
 * <pre>
 * offset  bytes  field
 * 0       2      magic 0xC5 0xE1
 * 2       1      version, 1
 * 3       1      flags: bit 0 set when an expiry follows the key id; other bits 0
 * 4       1      key id length n, 1..32
 * 5       n      key id, ASCII
 * 5+n     8      expiry, epoch milliseconds, big-endian (only with flag bit 0)
 * then    12     nonce
 * then    m+16   ciphertext of the m value bytes, then the GCM tag
 * </pre>
 * The additional authenticated data is the header (from the magic to the end of the expiry)
 * followed by the full stored key, so a value opens only under the key it was written to, and no
 * header field can be altered. At most {@value #MAX_OVERHEAD} bytes are added to a value.
 * Stateless; thread-safe.
 */
final class Envelope {
  static final byte MAGIC0 = (byte) 0xC5;
  static final byte MAGIC1 = (byte) 0xE1;
  static final byte VERSION = 1;
  static final int FLAG_EXPIRY = 1;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  /** The most bytes sealing adds to a value. */
  static final int MAX_OVERHEAD = 5 + KeyProvider.MAX_KEY_ID_LENGTH + 8 + NONCE_BYTES + TAG_BYTES;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A cipher per thread: looking one up costs more than sealing a small value. */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
  });

  private Envelope() {}

  /** A parsed header; the nonce starts at {@code headerLength}. */
  record Header(String keyId, long expiresAtMillis, int headerLength) {
    boolean hasExpiry() {
      return expiresAtMillis != Long.MAX_VALUE;
    }
  }

  /** Whether {@code raw} starts like a sealed value (it may still be malformed). */
  static boolean looksSealed(byte[] raw) {
    return raw.length >= 2 && raw[0] == MAGIC0 && raw[1] == MAGIC1;
  }

  /**
   * Seals {@code value} for {@code storedKey} with key {@code key} of id {@code keyId};
   * {@code expiresAtMillis} is {@link Long#MAX_VALUE} for none.
   */
  static byte[] seal(byte[] storedKey, byte[] value, String keyId, SecretKey key,
      long expiresAtMillis) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    boolean expiry = expiresAtMillis != Long.MAX_VALUE;
    int header = 5 + id.length + (expiry ? 8 : 0);
    byte[] out = new byte[header + NONCE_BYTES + value.length + TAG_BYTES];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC0).put(MAGIC1).put(VERSION).put((byte) (expiry ? FLAG_EXPIRY : 0))
        .put((byte) id.length).put(id);
    if (expiry) {
      b.putLong(expiresAtMillis);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    b.put(nonce);
    try {
      Cipher c = CIPHER.get();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      c.updateAAD(out, 0, header);
      c.updateAAD(storedKey);
      c.doFinal(value, 0, value.length, out, header + NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
    return out;
  }

  /**
   * The header of {@code raw}, stored under {@code storedKey}.
   *
   * @throws EncryptionException ({@link EncryptionException.Reason#MALFORMED}) naming
   *     the stored key when {@code raw} is not a well-formed sealed value
   */
  static Header header(byte[] storedKey, byte[] raw) {
    if (!looksSealed(raw)) {
      throw malformed(storedKey, null, "it does not start with the sealed-value magic 0xC5E1");
    }
    if (raw.length < 5) {
      throw malformed(storedKey, null, "its header is truncated at " + raw.length + " bytes");
    }
    if (raw[2] != VERSION) {
      throw malformed(storedKey, null, "its envelope version is " + (raw[2] & 0xFF) + "; this"
          + " version of chatstore reads version " + VERSION);
    }
    int flags = raw[3] & 0xFF;
    if ((flags & ~FLAG_EXPIRY) != 0) {
      throw malformed(storedKey, null, String.format("its flags 0x%02X hold unknown bits", flags));
    }
    int n = raw[4] & 0xFF;
    if (n < 1 || n > KeyProvider.MAX_KEY_ID_LENGTH) {
      throw malformed(storedKey, null, "its key id length is " + n + "; expected 1.."
          + KeyProvider.MAX_KEY_ID_LENGTH);
    }
    int header = 5 + n + ((flags & FLAG_EXPIRY) != 0 ? 8 : 0);
    if (raw.length < header + NONCE_BYTES + TAG_BYTES) {
      throw malformed(storedKey, null, "it has " + raw.length + " bytes, fewer than the "
          + (header + NONCE_BYTES + TAG_BYTES) + " of its header, nonce and tag (truncated)");
    }
    for (int i = 5; i < 5 + n; i++) {
      int c = raw[i];
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
          || c == '_' || c == '-')) {
        throw malformed(storedKey, null, "its key id holds the byte " + String.format("0x%02X", c & 0xFF)
            + "; expected A-Z a-z 0-9 . _ -");
      }
    }
    String keyId = new String(raw, 5, n, StandardCharsets.US_ASCII);
    long expiry = (flags & FLAG_EXPIRY) != 0 ? ByteBuffer.wrap(raw, 5 + n, 8).getLong()
        : Long.MAX_VALUE;
    return new Header(keyId, expiry, header);
  }

  /**
   * Opens {@code raw}, whose header is {@code h}, stored under {@code storedKey}.
   *
   * @throws EncryptionException ({@link EncryptionException.Reason#AUTHENTICATION_FAILED})
   *     naming the stored key and the key id when the key does not open it
   */
  static byte[] open(byte[] storedKey, byte[] raw, Header h, SecretKey key) {
    try {
      Cipher c = CIPHER.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, raw, h.headerLength(),
          NONCE_BYTES));
      c.updateAAD(raw, 0, h.headerLength());
      c.updateAAD(storedKey);
      int body = h.headerLength() + NONCE_BYTES;
      return c.doFinal(raw, body, raw.length - body);
    } catch (AEADBadTagException e) {
      throw new EncryptionException(EncryptionException.Reason.AUTHENTICATION_FAILED, h.keyId(),
          "cannot open the value of " + AreaKeys.describe(storedKey) + ", sealed with key id '" + h.keyId() + "': the"
              + " key of that id does not authenticate it (wrong key bytes for '" + h.keyId()
              + "', or the value was altered, truncated or copied from another key)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
  }

  private static EncryptionException malformed(byte[] storedKey, String keyId, String why) {
    return new EncryptionException(EncryptionException.Reason.MALFORMED, keyId,
        "the value of " + AreaKeys.describe(storedKey) + " is not a readable sealed value: " + why);
  }
}
