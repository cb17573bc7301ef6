package dev.chatstore.dump;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A running count and SHA-256 of records in the dump encoding: two sequences of records have
 * the same digest exactly when they are the same records in the same order. Used to compare the
 * contents of two stores (per tenant) without a file. Not thread-safe.
 */
public final class DumpDigest {
  private final MessageDigest sha = DumpFormat.sha256();
  private final DataOutputStream out = new DataOutputStream(new OutputStream() {
    @Override
    public void write(int b) {
      sha.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sha.update(b, off, len);
    }
  });
  private long count;
  private long bytes;

  /** Adds one record. */
  public void add(DumpRecord r) {
    try {
      DumpFormat.writeRecord(out, r);
    } catch (IOException e) {
      throw new IllegalStateException("a digest cannot fail to write", e);
    }
    count++;
    bytes += r.key().length + r.value().length;
  }

  /** Records added. */
  public long count() {
    return count;
  }

  /** Bytes of keys and values added. */
  public long bytes() {
    return bytes;
  }

  /** The SHA-256 of the records so far, in hex; the digest goes on afterwards. */
  public String hex() {
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
