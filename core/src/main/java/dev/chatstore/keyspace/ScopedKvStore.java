package dev.chatstore.keyspace;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link KvStore} confined to the keys under one prefix: its keys are relative to the prefix,
 * and no call through it can read, count, scan or delete a key outside. Closing it does
 * nothing; the store it views is closed by its owner.
 */
final class ScopedKvStore implements KvStore {
  private final KvStore inner;
  private final byte[] prefix;
  private final byte[] prefixEnd;
  private final String name;

  ScopedKvStore(KvStore inner, byte[] prefix, String name) {
    this.inner = inner;
    this.prefix = prefix.clone();
    this.prefixEnd = Bytes.prefixEnd(prefix);
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<KvFeature> features() {
    return inner.features();
  }

  /** The store's key limit less the length of this view's prefix. */
  @Override
  public int maxKeyBytes() {
    return inner.maxKeyBytes() - prefix.length;
  }

  @Override
  public int maxValueBytes() {
    return inner.maxValueBytes();
  }

  private byte[] abs(byte[] key) {
    KvLimits.checkKey(key, maxKeyBytes());
    return Bytes.concat(prefix, key);
  }

  private byte[] rel(byte[] key) {
    return Arrays.copyOfRange(key, prefix.length, key.length);
  }

  private KeyRange abs(KeyRange r) {
    if (r == null) {
      throw new IllegalArgumentException("range must not be null");
    }
    return new KeyRange(abs(r.start()), r.end() == null ? prefixEnd : abs(r.end()));
  }

  private KeyRange rel(KeyRange r, KeyRange asked) {
    if (r == null) {
      return null;
    }
    byte[] end = r.end() == null || Arrays.equals(r.end(), prefixEnd) && asked.end() == null
        ? null : rel(r.end());
    return new KeyRange(rel(r.start()), end);
  }

  @Override
  public byte[] get(byte[] key) {
    return inner.get(abs(key));
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys must not be null");
    }
    List<byte[]> a = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      a.add(abs(k));
    }
    return inner.getAll(a);
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    return rel(inner.scan(abs(range), direction, limit), range);
  }

  @Override
  public ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
    return rel(inner.scanWithExpiry(abs(range), direction, limit), range);
  }

  private ScanPage rel(ScanPage p, KeyRange asked) {
    List<KvEntry> out = new ArrayList<>(p.entries().size());
    for (KvEntry e : p.entries()) {
      out.add(new KvEntry(rel(e.key()), e.value(), e.expiresAtMillis()));
    }
    return new ScanPage(out, rel(p.rest(), asked));
  }

  @Override
  public long count(KeyRange range) {
    return inner.count(abs(range));
  }

  @Override
  public boolean write(WriteBatch batch) {
    return inner.write(abs(batch));
  }

  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    return inner.writeAsync(abs(batch));
  }

  /**
   * The batch with this view's prefix before every key, validated against the view's limits
   * (keys shorter by the prefix), so that a bad batch is refused naming the view's limit. The
   * moved batch fits the viewed store's limits; the store validates it again in constant time.
   */
  private WriteBatch abs(WriteBatch batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    batch.validate(features(), name, maxKeyBytes(), maxValueBytes());
    return batch.withKeyPrefix(prefix);
  }

  @Override
  public long sweepExpired() {
    return inner.sweepExpired();
  }

  /** Does nothing: the viewed store belongs to its owner. */
  @Override
  public void close() {
  }

  @Override
  public String toString() {
    return name;
  }
}
