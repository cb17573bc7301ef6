package dev.chatstore.dump;

import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Subspace;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The constants of the dump format (see the {@linkplain dev.chatstore.dump package}). */
public final class DumpFormat {
  /** The first eight bytes of every dump. */
  static final byte[] MAGIC = {(byte) 0x89, 'C', 'S', 'D', 'U', 'M', 'P', '\n'};
  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  /** Longest scope (tenant id), in UTF-8 bytes. */
  static final int MAX_SCOPE_BYTES = 1024;
  static final int TAG_TRAILER = 0x00;
  static final int TAG_RECORD = 0x01;
  static final int DIGEST_BYTES = 32;

  private DumpFormat() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The key range a dump of {@code scope} covers: every key, or the tenant's keys. */
  public static KeyRange range(String scope) {
    return scope.isEmpty() ? KeyRange.all()
        : Subspace.of(Keyspace.TENANTS_TAG).subspace(scope).range();
  }

  static byte[] scopeBytes(String scope) {
    byte[] b = scope.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_SCOPE_BYTES) {
      throw new IllegalArgumentException("dump scope of " + b.length
          + " bytes exceeds the limit of " + MAX_SCOPE_BYTES + " bytes");
    }
    return b;
  }

  /** Writes one record in the format's encoding (tag, key, value, expiry). */
  static void writeRecord(DataOutputStream out, DumpRecord r) throws IOException {
    out.writeByte(TAG_RECORD);
    out.writeShort(r.key().length);
    out.write(r.key());
    out.writeInt(r.value().length);
    out.write(r.value());
    if (r.expiresAt() == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      out.writeLong(r.expiresAt().toEpochMilli());
    }
  }
}
