package dev.chatstore.crypto;

import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.crypto.SecretKey;

/**
 * A {@link KvStore} over a keyspace store that seals the values of the encrypted areas of every
 * tenant ({@link EncryptionConfig#areas()}) on the way in and opens them on the way out. What
 * {@code ChatStore.open(uri, options, encryption)} puts under its keyspace; keys, counts, order
 * and expiry are those of the store underneath.
 *
 * <ul>
 *   <li>A key {@code (1, tenant, area-tag, ...)} of an encrypted area has its value sealed
 *       ({@link Envelope}) with the provider's current key at the time of the write; any other
 *       key (system records, other areas) is passed through unchanged.</li>
 *   <li>Reads ({@link #get}, {@link #getAll}, {@link #scan}, {@link #stream}) open each value
 *       with the key its envelope names. A value that cannot be opened (key missing, wrong key,
 *       altered or moved value, malformed envelope) is an {@link EncryptionException} naming the
 *       record's key and the key id; never other bytes, never absence.</li>
 *   <li>A {@link WriteOp.Check} on an encrypted key with an expected value reads the stored
 *       value, opens it, compares, and checks the exact stored bytes at commit; when a concurrent
 *       write changed them in between, it reads again.</li>
 *   <li>{@link #maxValueBytes()} is the store's limit less 73 bytes of
 *       envelope, for every area.</li>
 * </ul>
 *
 * <h2>Plaintext and sealed values</h2>
 * Each encrypted area has a marker among the system records ({@code (0, "encryption", tag)}).
 * When encryption is enabled on a store that already holds tenant data, the marker says
 * <em>mixed</em>: a value without the envelope's magic bytes is then plaintext written before, and
 * is returned as it is. {@link #rekey} seals every such value and turns the marker to
 * <em>sealed</em>; from then on (and at once on a store without tenant data) a value without the
 * envelope is a corrupt value, an error. A plaintext value written before that happens to start
 * with the magic bytes {@code 0xC5 0xE1} cannot be read in a mixed area (it fails to open).
 * An area once encrypted stays encrypted: opening the store without it in the configuration is
 * refused.
 *
 * <p>Thread-safe. Closing it closes the store underneath.
 */
public final class EncryptingKvStore implements KvStore {
  private final KvStore inner;
  private final KeyProvider keys;
  private final Set<Area> areas;
  /** The last {@link #writeAsync} of each thread, which a check that reads the store awaits. */
  private final ThreadLocal<CompletableFuture<Boolean>> lastAsync = new ThreadLocal<>();
  /** The marker state by area tag; 0 for an area that is not encrypted. Copied on change. */
  private volatile byte[] states;

  private EncryptingKvStore(KvStore inner, KeyProvider keys, Set<Area> areas, byte[] states) {
    this.inner = inner;
    this.keys = keys;
    this.areas = areas;
    this.states = states;
  }

  /**
   * Encryption of {@code config}'s areas over {@code store} (a keyspace store with every fillable
   * feature). Marks newly encrypted areas among the system records.
   *
   * @throws IllegalArgumentException when the store holds an encrypted area that {@code config}
   *     leaves out
   */
  public static EncryptingKvStore open(KvStore store, EncryptionConfig config) {
    Map<Area, Byte> marked = AreaMarkers.read(store);
    Set<Area> left = EnumSet.noneOf(Area.class);
    for (Area a : marked.keySet()) {
      if (!config.areas().contains(a)) {
        left.add(a);
      }
    }
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("store " + store.name() + " holds encrypted areas "
          + left + " that the encryption configuration " + config.areas() + " leaves out;"
          + " an encrypted area stays encrypted: include it");
    }
    byte[] states = new byte[256];
    WriteBatch.Builder marks = WriteBatch.builder();
    byte fresh = AreaMarkers.hasTenantData(store) ? AreaMarkers.MIXED : AreaMarkers.SEALED;
    for (Area a : config.areas()) {
      Byte m = marked.get(a);
      if (m == null) {
        marks.checkAbsent(AreaMarkers.key(a)).put(AreaMarkers.key(a), new byte[] {fresh});
        m = fresh;
      }
      states[a.tag()] = m;
    }
    WriteBatch b = marks.build();
    if (!b.isEmpty() && !store.write(b)) {
      return open(store, config); // another process marked meanwhile: read its markers
    }
    return new EncryptingKvStore(store, config.keys(), config.areas(), states);
  }

  /**
   * The system records that say which areas are encrypted ({@code (0, "encryption", tag)}).
   * They describe the store itself, not its data: dumps and migrations leave them out, and
   * each store keeps its own.
   */
  public static KeyRange markerRange() {
    return AreaMarkers.range();
  }

  /**
   * Checks that {@code store} holds no encrypted area, for opening it without encryption.
   *
   * @throws IllegalArgumentException naming the encrypted areas when it does
   */
  public static void requireUnencrypted(KvStore store) {
    if (!store.scan(AreaMarkers.range(), Direction.ASCENDING, 1).entries().isEmpty()) {
      throw new IllegalArgumentException("store " + store.name() + " holds encrypted areas "
          + AreaMarkers.read(store).keySet() + "; open it with their encryption configuration");
    }
  }

  /** The encrypted areas. */
  public Set<Area> areas() {
    return areas;
  }

  /** The key provider. */
  public KeyProvider keys() {
    return keys;
  }

  /** Whether {@code area} may still hold plaintext written before it was encrypted. */
  public boolean mayHoldPlaintext(Area area) {
    return states[area.tag()] == AreaMarkers.MIXED;
  }

  /**
   * Re-seals, with the current key, every value of the encrypted areas that another key sealed or
   * that is plaintext written before encryption, then marks every encrypted area sealed. Runs
   * beside other writes (each page is one conditional batch, read again when a writer changed
   * it); new writes already use the current key. Calls {@code listener} after each page.
   *
   * @return the final progress: entries scanned, their total, and how many were re-sealed
   * @throws EncryptionException when a value cannot be opened (nothing of its page is written)
   */
  public RekeyProgress rekey(RekeyListener listener) {
    RekeyProgress done = new Rekey(this, inner, keys).run(listener == null ? p -> { } : listener);
    WriteBatch.Builder marks = WriteBatch.builder();
    byte[] next = states.clone();
    for (Area a : areas) {
      marks.put(AreaMarkers.key(a), new byte[] {AreaMarkers.SEALED});
      next[a.tag()] = AreaMarkers.SEALED;
    }
    inner.write(marks.build());
    states = next;
    return done;
  }

  // ---- sealing ----

  /** Whether {@code key} belongs to an encrypted area. */
  boolean encrypted(byte[] key) {
    int tag = AreaKeys.areaTag(key);
    return tag > 0 && states[tag] != 0;
  }

  byte[] seal(byte[] key, byte[] value, long expiresAtMillis) {
    String id = keys.currentKeyId();
    return Envelope.seal(key, value, id, keyOf(id, key), expiresAtMillis);
  }

  /** The value {@code raw} stored under {@code key}, opened when its area is encrypted. */
  byte[] open(byte[] key, byte[] raw) {
    if (raw == null) {
      return null;
    }
    int tag = AreaKeys.areaTag(key);
    if (tag <= 0 || states[tag] == 0) {
      return raw;
    }
    if (!Envelope.looksSealed(raw)) {
      if (states[tag] == AreaMarkers.MIXED) {
        return raw;
      }
      throw new EncryptionException(EncryptionException.Reason.MALFORMED, null, "the value of "
          + AreaKeys.describe(key) + " (" + raw.length + " bytes) is not sealed, but its area is"
          + " encrypted and was fully sealed: it is corrupt or was written around the encryption");
    }
    Envelope.Header h = Envelope.header(key, raw);
    return Envelope.open(key, raw, h, keyOf(h.keyId(), key));
  }

  SecretKey keyOf(String id, byte[] key) {
    return keys.key(id).orElseThrow(() -> new EncryptionException(
        EncryptionException.Reason.KEY_MISSING, id, "the value of " + AreaKeys.describe(key)
            + " is sealed with key id '" + id + "', which the key provider (" + keys
            + ") does not have"));
  }

  // ---- KvStore ----

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<KvFeature> features() {
    return inner.features();
  }

  @Override
  public int maxKeyBytes() {
    return inner.maxKeyBytes();
  }

  /** The store's value limit less the largest envelope, 73 bytes. */
  @Override
  public int maxValueBytes() {
    return inner.maxValueBytes() - Envelope.MAX_OVERHEAD;
  }

  @Override
  public byte[] get(byte[] key) {
    return open(key, inner.get(key));
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keyList) {
    List<byte[]> raw = inner.getAll(keyList);
    List<byte[]> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(open(keyList.get(i), raw.get(i)));
    }
    return out;
  }

  @Override
  public ScanPage scan(KeyRange range, Direction direction, int limit) {
    return open(inner.scan(range, direction, limit));
  }

  /** Like {@link #scan}; the expiry instants are those of the store underneath. */
  @Override
  public ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
    return open(inner.scanWithExpiry(range, direction, limit));
  }

  private ScanPage open(ScanPage p) {
    List<KvEntry> out = new ArrayList<>(p.entries().size());
    for (KvEntry e : p.entries()) {
      out.add(new KvEntry(e.key(), open(e.key(), e.value()), e.expiresAtMillis()));
    }
    return new ScanPage(out, p.rest());
  }

  @Override
  public long count(KeyRange range) {
    return inner.count(range);
  }

  @Override
  public boolean write(WriteBatch batch) {
    check(batch);
    if (readsChecks(batch)) {
      awaitOwnAsyncWrites();
    }
    while (true) {
      Translated t = translate(batch);
      if (t.checkFailed()) {
        return false;
      }
      boolean applied = inner.write(t.batch());
      if (applied || !t.readChecks()) {
        return applied;
      }
      // a checked value was rewritten between reading and committing: compare again
    }
  }

  /**
   * Like {@link #write}. A batch that checks the value of an encrypted key is written at once,
   * after this thread's earlier asynchronous writes (its check reads the store), and the future
   * returned is already complete.
   */
  @Override
  public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    check(batch);
    if (readsChecks(batch)) {
      return CompletableFuture.completedFuture(write(batch));
    }
    CompletableFuture<Boolean> f = inner.writeAsync(translate(batch).batch());
    lastAsync.set(f);
    return f;
  }

  /** Lets this thread's queued writes land, so that a check reads what they wrote. */
  private void awaitOwnAsyncWrites() {
    CompletableFuture<Boolean> f = lastAsync.get();
    if (f != null) {
      lastAsync.remove();
      f.handle((r, e) -> null).join();
    }
  }

  @Override
  public long sweepExpired() {
    return inner.sweepExpired();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public String toString() {
    return name() + " (encrypted areas " + areas + ")";
  }

  private void check(WriteBatch batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    batch.validate(features(), name(), maxKeyBytes(), maxValueBytes());
  }

  private boolean readsChecks(WriteBatch batch) {
    if (batch.isConditional()) {
      for (WriteOp op : batch.ops()) {
        if (op instanceof WriteOp.Check c && c.expected() != null && encrypted(c.key())) {
          return true;
        }
      }
    }
    return false;
  }

  private record Translated(WriteBatch batch, boolean checkFailed, boolean readChecks) {}

  private Translated translate(WriteBatch batch) {
    WriteBatch.Builder out = WriteBatch.builder();
    boolean read = false;
    for (WriteOp op : batch.ops()) {
      switch (op) {
        case WriteOp.Put p -> out.add(encrypted(p.key())
            ? new WriteOp.Put(p.key(), seal(p.key(), p.value(), p.expiresAtMillis()), p.expiresAt())
            : p);
        case WriteOp.Check c -> {
          if (c.expected() == null || !encrypted(c.key())) {
            out.add(c);
          } else {
            byte[] raw = inner.get(c.key());
            if (!c.matches(open(c.key(), raw))) {
              return new Translated(null, true, true);
            }
            out.add(new WriteOp.Check(c.key(), raw));
            read = true;
          }
        }
        case WriteOp.Delete d -> out.add(d);
        case WriteOp.DeleteRange r -> out.add(r);
      }
    }
    return new Translated(out.build(), false, read);
  }
}
