package dev.chatstore.dump;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a dump (format in the {@linkplain dev.chatstore.dump package} overview) one record at a
 * time, in memory bounded by the largest record, checking everything the format promises.
 *
 * <pre>{@code
 * try (DumpReader r = DumpReader.open(Files.newInputStream(file))) {
 *   for (DumpRecord rec; (rec = r.next()) != null; ) { ... }
 * }   // next() returned null: the trailer's count and SHA-256 matched
 * }</pre>
 * Records are handed out as they are read, before the digest at the end is checked: a caller
 * that must not act on an altered file reads it through once first ({@link #verify}). Any
 * deviation from the format is a {@link DumpFormatException} naming the byte offset; I/O
 * failures are {@link UncheckedIOException}s. Not thread-safe.
 */
public final class DumpReader implements AutoCloseable {
  private final Tracked in;
  private final String scope;
  private final KeyRange range;
  private byte[] last;
  private long count;
  private boolean done;

  private DumpReader(Tracked in) {
    this.in = in;
    if (!Arrays.equals(in.bytes(DumpFormat.MAGIC.length, "the magic bytes"), DumpFormat.MAGIC)) {
      throw new DumpFormatException(0, "not a chatstore dump; expected the magic bytes "
          + HexFormat.of().formatHex(DumpFormat.MAGIC));
    }
    int version = in.u16("the version");
    if (version != DumpFormat.VERSION) {
      throw new DumpFormatException(8, "dump version " + version + " is not supported; this"
          + " chatstore reads version " + DumpFormat.VERSION);
    }
    int flags = in.u16("the flags");
    if (flags != 0) {
      throw new DumpFormatException(10, "unknown flags 0x" + Integer.toHexString(flags)
          + "; expected 0");
    }
    int scopeLen = in.u16("the scope length");
    if (scopeLen > DumpFormat.MAX_SCOPE_BYTES) {
      throw new DumpFormatException(12, "scope length " + scopeLen + " exceeds the limit of "
          + DumpFormat.MAX_SCOPE_BYTES);
    }
    long at = in.position;
    try {
      this.scope = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(in.bytes(scopeLen, "the scope"))).toString();
    } catch (CharacterCodingException e) {
      throw new DumpFormatException(at, "the scope is not valid UTF-8");
    }
    this.range = DumpFormat.range(scope);
  }

  /**
   * Reads the header of the dump on {@code source}; the reader owns the stream and closes it.
   *
   * @throws DumpFormatException when the header is not that of a dump this code reads
   */
  public static DumpReader open(InputStream source) {
    Tracked t = new Tracked(source);
    try {
      return new DumpReader(t);
    } catch (RuntimeException e) {
      t.closeQuietly();
      throw e;
    }
  }

  /**
   * Reads the whole dump on {@code source} and checks it, writing nothing anywhere.
   *
   * @return the scope and the number of records
   * @throws DumpFormatException naming the first deviation
   */
  public static Summary verify(InputStream source) {
    try (DumpReader r = open(source)) {
      while (r.next() != null) {
        // read on
      }
      return new Summary(r.scope(), r.count());
    }
  }

  /**
   * What a verified dump holds.
   *
   * @param scope empty for a whole store, else the tenant id
   * @param records the number of records
   */
  public record Summary(String scope, long records) {}

  /** The scope: empty for a whole store, else the tenant id. */
  public String scope() {
    return scope;
  }

  /** Records read so far. */
  public long count() {
    return count;
  }

  /** Bytes read so far. */
  public long position() {
    return in.position;
  }

  /**
   * The next record, or {@code null} after the trailer, once its count and digest are checked
   * and the end of the file is reached.
   *
   * @throws DumpFormatException at the first deviation from the format
   */
  public DumpRecord next() {
    if (done) {
      return null;
    }
    long at = in.position;
    int tag = in.u8("a record tag or the trailer");
    if (tag == DumpFormat.TAG_TRAILER) {
      readTrailer(at);
      return null;
    }
    if (tag != DumpFormat.TAG_RECORD) {
      throw new DumpFormatException(at, "unknown tag 0x" + Integer.toHexString(tag)
          + "; expected 0x01 (a record) or 0x00 (the trailer)");
    }
    int keyLen = in.u16("a key length");
    if (keyLen > KvLimits.MAX_KEY_BYTES) {
      throw new DumpFormatException(at + 1, "key length " + keyLen + " exceeds the limit of "
          + KvLimits.MAX_KEY_BYTES + " bytes");
    }
    long keyAt = in.position;
    byte[] key = in.bytes(keyLen, "a key of " + keyLen + " bytes");
    if (last != null && Bytes.compare(key, last) <= 0) {
      throw new DumpFormatException(keyAt, "key " + Bytes.show(key) + " is not after the"
          + " previous key " + Bytes.show(last) + "; expected strictly ascending keys");
    }
    if (!range.contains(key)) {
      throw new DumpFormatException(keyAt, "key " + Bytes.show(key)
          + " is outside the dump's scope '" + scope + "'");
    }
    long valueAt = in.position;
    long valueLen = in.u32("a value length");
    if (valueLen > KvLimits.MAX_VALUE_BYTES) {
      throw new DumpFormatException(valueAt, "value length " + valueLen
          + " exceeds the limit of " + KvLimits.MAX_VALUE_BYTES + " bytes");
    }
    byte[] value = in.bytes((int) valueLen, "a value of " + valueLen + " bytes");
    long flagAt = in.position;
    int expires = in.u8("the expiry flag");
    Instant expiry = switch (expires) {
      case 0 -> null;
      case 1 -> Instant.ofEpochMilli(in.i64("the expiry"));
      default -> throw new DumpFormatException(flagAt, "expiry flag " + expires
          + "; expected 0 or 1");
    };
    last = key;
    count++;
    return new DumpRecord(key, value, expiry);
  }

  private void readTrailer(long at) {
    long declared = in.i64("the record count");
    if (declared != count) {
      throw new DumpFormatException(at + 1, "the trailer counts " + Long.toUnsignedString(
          declared) + " records but the file holds " + count);
    }
    byte[] expected = in.sha.digest();
    in.hashing = false;
    long digestAt = in.position;
    byte[] stored = in.bytes(DumpFormat.DIGEST_BYTES, "the SHA-256 digest");
    if (!MessageDigest.isEqual(expected, stored)) {
      throw new DumpFormatException(digestAt, "SHA-256 mismatch: the file says "
          + HexFormat.of().formatHex(stored) + " but its content hashes to "
          + HexFormat.of().formatHex(expected) + "; the file was altered");
    }
    if (in.read() >= 0) {
      throw new DumpFormatException(in.position - 1, "bytes follow the trailer; expected the"
          + " end of the file");
    }
    done = true;
  }

  @Override
  public void close() {
    in.closeQuietly();
  }

  /** The stream, with its position and a digest of what was read. */
  private static final class Tracked {
    private final InputStream in;
    final MessageDigest sha = DumpFormat.sha256();
    boolean hashing = true;
    long position;

    Tracked(InputStream source) {
      this.in = new BufferedInputStream(source, 1 << 16);
    }

    int read() {
      try {
        int b = in.read();
        if (b >= 0) {
          position++;
        }
        return b;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dump at byte " + position, e);
      }
    }

    /** Reads exactly {@code n} bytes as they arrive: a forged length allocates no more than the file holds. */
    byte[] bytes(int n, String what) {
      byte[] b;
      try {
        b = in.readNBytes(n);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dump at byte " + position, e);
      }
      if (b.length < n) {
        throw new DumpFormatException(position + b.length, "the file ends inside " + what
            + " (truncated)");
      }
      if (hashing) {
        sha.update(b);
      }
      position += n;
      return b;
    }

    int u8(String what) {
      return bytes(1, what)[0] & 0xFF;
    }

    int u16(String what) {
      byte[] b = bytes(2, what);
      return (b[0] & 0xFF) << 8 | b[1] & 0xFF;
    }

    long u32(String what) {
      byte[] b = bytes(4, what);
      return (b[0] & 0xFFL) << 24 | (b[1] & 0xFFL) << 16 | (b[2] & 0xFFL) << 8 | b[3] & 0xFFL;
    }

    long i64(String what) {
      byte[] b = bytes(8, what);
      long v = 0;
      for (byte x : b) {
        v = v << 8 | x & 0xFF;
      }
      return v;
    }

    void closeQuietly() {
      try {
        in.close();
      } catch (IOException e) {
        // closing a stream we only read
      }
    }
  }
}
