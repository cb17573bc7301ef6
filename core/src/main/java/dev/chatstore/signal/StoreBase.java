package dev.chatstore.signal;

import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.Lock;

/**
 * What every part of a device's backend shares: the keys of its records ({@link Rec}), the
 * store, the device lock that writes share, the write-through cache and the clock.
 */
abstract class StoreBase {
  /** How many entries a batched scan or delete handles at once. */
  static final int PAGE = 1000;
  /** The value of index entries. */
  static final byte[] EMPTY = {};

  final Devices devices;
  final int deviceId;
  final KvStore kv;
  final Tenant tenant;
  final WriteThroughCache cache;
  final Clock clock;
  private final EnumMap<Rec, Subspace> spaces = new EnumMap<>(Rec.class);
  final Devices.Slot slot;
  private final Lock shared;

  StoreBase(Devices devices, int deviceId) {
    this.devices = devices;
    this.deviceId = deviceId;
    this.kv = devices.store().kv();
    this.tenant = devices.store().tenant(Devices.TENANT_PREFIX + deviceId);
    this.cache = devices.cache();
    this.clock = devices.options().clock();
    this.slot = devices.slot(deviceId);
    this.shared = slot.lock().readLock();
    for (Rec r : Rec.values()) {
      spaces.put(r, tenant.subspace(r.area).subspace(r.tag));
    }
  }

  final Subspace space(Rec r) {
    return spaces.get(r);
  }

  final byte[] key(Rec r, Object... parts) {
    return spaces.get(r).pack(parts);
  }

  /**
   * The key of {@code r}'s record with the integer id {@code id}: the same bytes as {@code
   * key(r, id)}, built in one array (pre-key batches pack many of them per call).
   */
  final byte[] idKey(Rec r, long id) {
    return spaces.get(r).packLong(id);
  }

  /** Names a record in messages: {@code device 3 SESSION ("alice.1")}. */
  final String describe(Rec r, Object... parts) {
    return "device " + deviceId + " " + r + " " + Tuple.of(parts);
  }

  final WriteThroughCache.Key cacheKey(Rec r, String address) {
    return new WriteThroughCache.Key(deviceId, slot.epoch(), r.tag * 16 + r.area.tag(), address);
  }

  /** Applies {@code batch} while holding the device lock shared (snapshots take it whole). */
  final boolean write(WriteBatch batch) {
    if (batch.isEmpty()) {
      return true;
    }
    shared.lock();
    try {
      return kv.write(batch);
    } finally {
      shared.unlock();
    }
  }

  /** Decodes a stored record; throws a SERIALIZATION error naming {@code what}. */
  interface Decoder<T> {
    T decode(byte[] raw, String what);
  }

  /** The record {@code (r, parts...)} decoded, or empty. */
  final <T> Optional<T> read(Decoder<T> decoder, Rec r, Object... parts) {
    byte[] v = kv.get(key(r, parts));
    return v == null ? Optional.empty() : Optional.of(decoder.decode(v, describe(r, parts)));
  }

  /**
   * Sets record {@code k} to {@code value.apply(old)} and keeps its entry in a secondary index
   * ({@code indexKey} of a stored value): the old value's entry is deleted and the new one's put
   * in the same atomic write, which applies only if the record did not change since it was read
   * (else it is read and tried again).
   */
  final void upsertIndexed(byte[] k, UnaryOperator<byte[]> value, UnaryOperator<byte[]> indexKey) {
    while (true) {
      byte[] old = kv.get(k);
      byte[] next = value.apply(old);
      WriteBatch.Builder b = WriteBatch.builder().check(k, old);
      if (old != null) {
        b.delete(indexKey.apply(old));
      }
      b.put(k, next).put(indexKey.apply(next), EMPTY);
      if (write(b.build())) {
        return;
      }
    }
  }

  /**
   * Deletes record {@code k} and its index entry ({@code indexKey} of its value) in one atomic
   * write that applies only if the record is still the one read; returns that value, or null
   * when there was none. Of concurrent callers, exactly one gets the value.
   */
  final byte[] removeIndexed(byte[] k, UnaryOperator<byte[]> indexKey) {
    while (true) {
      byte[] old = kv.get(k);
      if (old == null) {
        return null;
      }
      if (write(WriteBatch.builder().check(k, old).delete(k).delete(indexKey.apply(old))
          .build())) {
        return old;
      }
    }
  }

  /** Every entry of {@code r}'s records extending {@code parts}, ascending. */
  final List<KvEntry> scanAll(Rec r, Object... parts) {
    return kv.scanAll(parts.length == 0 ? space(r).range() : space(r).range(Tuple.of(parts)));
  }

  /** The tuple after {@code r}'s prefix of the greatest key in {@code range}, or null. */
  final Tuple last(Rec r, KeyRange range) {
    ScanPage p = kv.scan(range, Direction.DESCENDING, 1);
    return p.entries().isEmpty() ? null : space(r).unpack(p.entries().get(0).key());
  }

  /** A range of {@code r}'s records: {@code (from...)} inclusive to {@code (to...)} exclusive. */
  final KeyRange between(Rec r, Tuple from, Tuple to) {
    return KeyRange.of(space(r).pack(from), space(r).pack(to));
  }
}
