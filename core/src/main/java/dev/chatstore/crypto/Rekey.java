package dev.chatstore.crypto;

import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of {@link EncryptingKvStore#rekey}: finds every (tenant, encrypted area) range of the
 * store by skipping from one area to the next, counts them, then re-seals page by page.
 */
final class Rekey {
  private static final int PAGE = 500;
  /** Most bytes of values re-sealed in one batch, well below the batch limit. */
  private static final long CHUNK_BYTES = 8L * 1024 * 1024;

  private final EncryptingKvStore enc;
  private final KvStore inner;
  private final String current;

  Rekey(EncryptingKvStore enc, KvStore inner, KeyProvider keys) {
    this.enc = enc;
    this.inner = inner;
    this.current = keys.currentKeyId();
  }

  RekeyProgress run(RekeyListener listener) {
    List<KeyRange> segments = segments();
    long total = 0;
    for (KeyRange r : segments) {
      total += inner.count(r);
    }
    long scanned = 0;
    long resealed = 0;
    listener.progress(new RekeyProgress(0, total, 0));
    for (KeyRange segment : segments) {
      KeyRange rest = segment;
      while (rest != null) {
        ScanPage page = inner.scanWithExpiry(rest, Direction.ASCENDING, PAGE);
        resealed += reseal(page.entries());
        scanned += page.entries().size();
        rest = page.rest();
        listener.progress(new RekeyProgress(scanned, total, resealed));
      }
    }
    return new RekeyProgress(scanned, total, resealed);
  }

  /** The prefix range of every (tenant, area) of an encrypted area holding data, in key order. */
  private List<KeyRange> segments() {
    KeyRange tenants = Subspace.of(Keyspace.TENANTS_TAG).range();
    List<KeyRange> out = new ArrayList<>();
    KeyRange rest = tenants;
    while (rest != null && !rest.isEmpty()) {
      ScanPage page = inner.scan(rest, Direction.ASCENDING, 1);
      if (page.entries().isEmpty()) {
        break;
      }
      byte[] k = page.entries().get(0).key();
      int n = AreaKeys.areaPrefixLength(k);
      byte[] next;
      if (n < 0) {
        next = Bytes.successor(k); // not an area key: step over it
      } else {
        byte[] prefix = Arrays.copyOf(k, n);
        if (enc.encrypted(k)) {
          out.add(KeyRange.prefix(prefix));
        }
        next = Bytes.prefixEnd(prefix);
      }
      rest = new KeyRange(next, tenants.end());
    }
    return out;
  }

  /** Re-seals the entries of one page that need it; returns how many it re-sealed. */
  private long reseal(List<KvEntry> entries) {
    long done = 0;
    List<KvEntry> todo = entries;
    while (!todo.isEmpty()) {
      List<KvEntry> changed = new ArrayList<>();
      WriteBatch.Builder b = WriteBatch.builder();
      List<KvEntry> inBatch = new ArrayList<>();
      long bytes = 0;
      for (KvEntry e : todo) {
        byte[] key = e.key();
        byte[] raw = e.value();
        // plaintext written before encryption keeps the expiry the store reports for it
        long expiry = e.expiresAtMillis() == KvEntry.NO_EXPIRY ? Long.MAX_VALUE
            : e.expiresAtMillis();
        if (Envelope.looksSealed(raw)) {
          Envelope.Header h = Envelope.header(key, raw);
          if (h.keyId().equals(current)) {
            continue;
          }
          expiry = h.expiresAtMillis();
        }
        byte[] plain = enc.open(key, raw);
        b.check(key, raw).put(key, enc.seal(key, plain, expiry),
            expiry == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expiry));
        inBatch.add(e);
        bytes += 2L * raw.length + key.length;
        if (bytes >= CHUNK_BYTES) {
          done += commit(b, inBatch, changed);
          b = WriteBatch.builder();
          inBatch = new ArrayList<>();
          bytes = 0;
        }
      }
      done += commit(b, inBatch, changed);
      todo = changed;
    }
    return done;
  }

  /**
   * Writes one batch of re-sealed entries; when a writer changed one of them meanwhile, adds
   * their current state to {@code changed} (to examine again) and returns 0.
   */
  private long commit(WriteBatch.Builder b, List<KvEntry> inBatch, List<KvEntry> changed) {
    if (inBatch.isEmpty()) {
      return 0;
    }
    if (inner.write(b.build())) {
      return inBatch.size();
    }
    for (KvEntry e : inBatch) {
      // read again with its expiry; gone (deleted or expired) leaves nothing to re-seal
      byte[] k = e.key();
      changed.addAll(inner.scanWithExpiry(new KeyRange(k, Bytes.successor(k)),
          Direction.ASCENDING, 1).entries());
    }
    return 0;
  }
}
