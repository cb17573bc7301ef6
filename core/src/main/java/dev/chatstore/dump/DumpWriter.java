package dev.chatstore.dump;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvLimits;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Writes a dump (format in the {@linkplain dev.chatstore.dump package} overview) to a stream,
 * one record at a time, in constant memory.
 *
 * <pre>{@code
 * try (DumpWriter w = new DumpWriter(Files.newOutputStream(file), "")) {
 *   for (KvEntry e : entries) w.write(new DumpRecord(e.key(), e.value(), null));
 *   w.finish();
 * }
 * }</pre>
 * Records must come in strictly ascending key order and, in a tenant dump, inside the tenant;
 * a record that breaks that or a size limit is an {@link IllegalArgumentException} and is not
 * written. {@link #finish()} writes the trailer; closing without it leaves a file that every
 * reader refuses as truncated, which is what an interrupted export should leave. I/O failures
 * are {@link UncheckedIOException}s. Not thread-safe.
 */
public final class DumpWriter implements AutoCloseable {
  private final OutputStream sink;
  private final MessageDigest sha = DumpFormat.sha256();
  private final DataOutputStream out;
  private final KeyRange scope;
  private byte[] last;
  private long count;
  private boolean finished;
  private boolean closed;

  /**
   * Starts a dump of {@code scope} (empty: a whole store; else a tenant id) on {@code sink},
   * writing the header. The writer owns the stream and closes it.
   */
  public DumpWriter(OutputStream sink, String scope) {
    byte[] scopeBytes = DumpFormat.scopeBytes(scope);
    this.sink = sink;
    this.scope = DumpFormat.range(scope);
    this.out = new DataOutputStream(new DigestOutputStream(
        new BufferedOutputStream(sink, 1 << 16), sha));
    try {
      out.write(DumpFormat.MAGIC);
      out.writeShort(DumpFormat.VERSION);
      out.writeShort(0);
      out.writeShort(scopeBytes.length);
      out.write(scopeBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dump header", e);
    }
  }

  /**
   * Appends one record.
   *
   * @throws IllegalArgumentException when the key is not after the previous one, lies outside
   *     the scope, or a size breaks {@link KvLimits}
   * @throws IllegalStateException after {@link #finish()}
   */
  public void write(DumpRecord r) {
    if (finished) {
      throw new IllegalStateException("the dump is finished; no record can follow the trailer");
    }
    KvLimits.checkKey(r.key());
    KvLimits.checkValue(r.value());
    if (last != null && Bytes.compare(r.key(), last) <= 0) {
      throw new IllegalArgumentException("dump record key " + Bytes.show(r.key())
          + " is not after the previous key " + Bytes.show(last)
          + "; expected strictly ascending keys");
    }
    if (!scope.contains(r.key())) {
      throw new IllegalArgumentException("dump record key " + Bytes.show(r.key())
          + " is outside the dump's scope " + scope);
    }
    try {
      DumpFormat.writeRecord(out, r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dump record " + (count + 1), e);
    }
    last = r.key();
    count++;
  }

  /** Records written so far. */
  public long count() {
    return count;
  }

  /** Writes the trailer (count and digest) and flushes; the dump is then complete. */
  public void finish() {
    if (finished) {
      return;
    }
    try {
      out.writeByte(DumpFormat.TAG_TRAILER);
      out.writeLong(count);
      out.flush();
      byte[] digest = sha.digest();
      out.write(digest); // after digest(): hashed into a fresh state nobody reads
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dump trailer", e);
    }
    finished = true;
  }

  /** Closes the stream; without {@link #finish()} the file stays incomplete on purpose. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.flush();
      sink.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the dump", e);
    }
  }
}
