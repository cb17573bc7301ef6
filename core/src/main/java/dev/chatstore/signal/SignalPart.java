package dev.chatstore.signal;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link SignalStore} part of a device's backend. */
abstract class SignalPart extends StoreBase implements SignalStore {
  /** The length of an identity key. */
  static final int IDENTITY_BYTES = 32;

  private static final byte NOT_UPLOADED = 0;
  private static final byte UPLOADED = 1;

  SignalPart(Devices devices, int deviceId) {
    super(devices, deviceId);
  }

  // ---- identities ----

  @Override
  public void putIdentity(String address, byte[] key) {
    Checks.notEmpty(address, "address");
    Checks.notNull(key, "identity key");
    if (key.length != IDENTITY_BYTES) {
      throw new IllegalArgumentException("identity key of " + address + " has " + key.length
          + " bytes; expected " + IDENTITY_BYTES);
    }
    cache.write(cacheKey(Rec.IDENTITY, address), key,
        () -> write(WriteBatch.builder().put(key(Rec.IDENTITY, address), key).build()));
  }

  @Override
  public Optional<byte[]> loadIdentity(String address) {
    Checks.notEmpty(address, "address");
    return cache.get(cacheKey(Rec.IDENTITY, address), () -> {
      byte[] v = kv.get(key(Rec.IDENTITY, address));
      if (v != null && v.length != IDENTITY_BYTES) {
        throw RecordCodec.corrupt(describe(Rec.IDENTITY, address), "identity key of " + v.length
            + " bytes, expected " + IDENTITY_BYTES, null);
      }
      return Optional.ofNullable(v);
    });
  }

  @Override
  public void deleteIdentity(String address) {
    Checks.notEmpty(address, "address");
    cache.write(cacheKey(Rec.IDENTITY, address), null,
        () -> write(WriteBatch.builder().delete(key(Rec.IDENTITY, address)).build()));
  }

  // ---- sessions ----

  @Override
  public Optional<byte[]> getSession(String address) {
    Checks.notEmpty(address, "address");
    return cache.get(cacheKey(Rec.SESSION, address),
        () -> Optional.ofNullable(kv.get(key(Rec.SESSION, address))));
  }

  @Override
  public void putSession(String address, byte[] session) {
    Checks.notEmpty(address, "address");
    Checks.notNull(session, "session");
    cache.write(cacheKey(Rec.SESSION, address), session,
        () -> write(WriteBatch.builder().put(key(Rec.SESSION, address), session).build()));
  }

  @Override
  public void deleteSession(String address) {
    Checks.notEmpty(address, "address");
    cache.write(cacheKey(Rec.SESSION, address), null,
        () -> write(WriteBatch.builder().delete(key(Rec.SESSION, address)).build()));
  }

  @Override
  public boolean hasSession(String address) {
    return getSession(address).isPresent();
  }

  @Override
  public List<String> listSessions(String addressPrefix) {
    Checks.notNull(addressPrefix, "addressPrefix");
    byte[] packed = key(Rec.SESSION, addressPrefix);
    // the packed string without its terminator is a byte prefix of every longer string
    byte[] prefix = Arrays.copyOf(packed, packed.length - 1);
    List<String> out = new ArrayList<>();
    for (KvEntry e : kv.scanAll(KeyRange.prefix(prefix))) {
      out.add(space(Rec.SESSION).unpack(e.key()).getString(0));
    }
    return out;
  }

  // ---- one-time pre-keys ----

  @Override
  public void storePrekey(int id, byte[] record, boolean uploaded) {
    storePrekeysBatch(List.of(Map.entry(id, Checks.notNull(record, "pre-key record"))), uploaded);
  }

  @Override
  public void storePrekeysBatch(List<Map.Entry<Integer, byte[]>> keys, boolean uploaded) {
    Checks.notNull(keys, "keys");
    WriteBatch.Builder b = WriteBatch.builder(keys.size());
    for (Map.Entry<Integer, byte[]> k : keys) {
      Checks.notNull(k, "pre-key entry");
      int id = Checks.id(Checks.notNull(k.getKey(), "pre-key id"), "pre-key id");
      byte[] record = Checks.notNull(k.getValue(), "record of pre-key", id);
      byte[] value = new byte[record.length + 1];
      value[0] = uploaded ? UPLOADED : NOT_UPLOADED;
      System.arraycopy(record, 0, value, 1, record.length);
      // key and value are fresh arrays of this call: added as they are, not copied again
      b.add(new WriteOp.Put(idKey(Rec.PREKEY, id), value, null));
    }
    write(b.build());
  }

  @Override
  public Optional<byte[]> loadPrekey(int id) {
    Checks.id(id, "pre-key id");
    byte[] v = kv.get(idKey(Rec.PREKEY, id));
    return v == null ? Optional.empty() : Optional.of(prekeyRecord(id, v));
  }

  /** See {@link Backend#isPrekeyUploaded}. */
  public Optional<Boolean> isPrekeyUploaded(int id) {
    Checks.id(id, "pre-key id");
    byte[] v = kv.get(idKey(Rec.PREKEY, id));
    if (v == null) {
      return Optional.empty();
    }
    prekeyRecord(id, v);
    return Optional.of(v[0] == UPLOADED);
  }

  private byte[] prekeyRecord(int id, byte[] v) {
    if (v.length == 0 || (v[0] != UPLOADED && v[0] != NOT_UPLOADED)) {
      throw RecordCodec.corrupt(describe(Rec.PREKEY, id), "no uploaded flag", null);
    }
    return Arrays.copyOfRange(v, 1, v.length);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round of reads, the result in the order of {@code ids}. Ids that lie close together
   * (at most twice as many ids between the smallest and the largest as asked for, the usual case
   * of a batch of consecutive pre-keys) are read with one range scan, which costs much less than
   * a lookup per id on every backend; other sets with one multi-get.
   */
  @Override
  public List<Map.Entry<Integer, byte[]>> loadPrekeysBatch(List<Integer> ids) {
    Checks.notNull(ids, "ids");
    // one pass over the list (any List, not only random access), and the caller's Integer
    // objects are the keys of the result rather than boxed again
    Object[] boxed = ids.toArray();
    if (boxed.length == 0) {
      return List.of();
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (Object o : boxed) {
      int id = Checks.id(Checks.notNull((Integer) o, "pre-key id"), "pre-key id");
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
    long span = (long) max - min + 1;
    byte[][] values = span <= 2L * boxed.length && span <= KvLimits.MAX_SCAN_LIMIT
        ? prekeysInRange(min, max, boxed)
        : prekeysByKey(boxed);
    List<Map.Entry<Integer, byte[]>> out = new ArrayList<>(boxed.length);
    for (int i = 0; i < boxed.length; i++) {
      byte[] v = values[i];
      if (v != null) {
        Integer id = (Integer) boxed[i];
        out.add(new AbstractMap.SimpleImmutableEntry<>(id, prekeyRecord(id, v)));
      }
    }
    return out;
  }

  /** The stored values of the pre-keys {@code ids} (null where absent), one lookup per id. */
  private byte[][] prekeysByKey(Object[] ids) {
    byte[][] values = new byte[ids.length][];
    for (int from = 0; from < ids.length; from += KvLimits.MAX_MULTI_GET_KEYS) {
      int to = Math.min(ids.length, from + KvLimits.MAX_MULTI_GET_KEYS);
      byte[][] keys = new byte[to - from][];
      for (int i = from; i < to; i++) {
        keys[i - from] = idKey(Rec.PREKEY, (Integer) ids[i]);
      }
      List<byte[]> got = kv.getAll(Arrays.asList(keys));
      for (int i = from; i < to; i++) {
        values[i] = got.get(i - from);
      }
    }
    return values;
  }

  /**
   * The stored values of the pre-keys {@code ids}, all between {@code min} and {@code max}
   * (null where absent), read with one scan of the ids {@code min..max}.
   */
  private byte[][] prekeysInRange(int min, int max, Object[] ids) {
    byte[][] byId = new byte[max - min + 1][];
    KeyRange range = new KeyRange(idKey(Rec.PREKEY, min), idKey(Rec.PREKEY, (long) max + 1));
    Subspace prekeys = space(Rec.PREKEY);
    while (range != null) {
      ScanPage page = kv.scan(range, Direction.ASCENDING, byId.length);
      for (KvEntry e : page.entries()) {
        long id;
        try {
          id = prekeys.unpackLong(e.key());
        } catch (IllegalArgumentException bad) {
          throw RecordCodec.corrupt("device " + deviceId + " " + Rec.PREKEY + " key",
              bad.getMessage(), bad);
        }
        byId[(int) (id - min)] = e.value();
      }
      range = page.rest();
    }
    byte[][] values = new byte[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      values[i] = byId[(Integer) ids[i] - min];
    }
    return values;
  }

  @Override
  public void removePrekey(int id) {
    Checks.id(id, "pre-key id");
    write(WriteBatch.builder().delete(idKey(Rec.PREKEY, id)).build());
  }

  @Override
  public int getMaxPrekeyId() {
    Tuple last = last(Rec.PREKEY, space(Rec.PREKEY).range());
    return last == null ? 0 : (int) last.getLong(0);
  }

  // ---- signed and Kyber pre-keys ----

  @Override
  public void storeSignedPrekey(int id, byte[] record) {
    putById(Rec.SIGNED_PREKEY, id, record);
  }

  @Override
  public Optional<byte[]> loadSignedPrekey(int id) {
    return getById(Rec.SIGNED_PREKEY, id);
  }

  @Override
  public List<Map.Entry<Integer, byte[]>> loadAllSignedPrekeys() {
    return allById(Rec.SIGNED_PREKEY);
  }

  @Override
  public void removeSignedPrekey(int id) {
    deleteById(Rec.SIGNED_PREKEY, id);
  }

  @Override
  public void storeKyberPrekey(int id, byte[] record) {
    putById(Rec.KYBER_PREKEY, id, record);
  }

  @Override
  public Optional<byte[]> loadKyberPrekey(int id) {
    return getById(Rec.KYBER_PREKEY, id);
  }

  @Override
  public List<Map.Entry<Integer, byte[]>> loadAllKyberPrekeys() {
    return allById(Rec.KYBER_PREKEY);
  }

  @Override
  public void removeKyberPrekey(int id) {
    deleteById(Rec.KYBER_PREKEY, id);
  }

  @Override
  public boolean markKyberPrekeyUsed(int id, int signedPrekeyId, byte[] baseKey) {
    Checks.id(id, "Kyber pre-key id");
    Checks.id(signedPrekeyId, "signed pre-key id");
    Checks.notNull(baseKey, "baseKey");
    byte[] k = key(Rec.KYBER_USED, id, signedPrekeyId, baseKey);
    return write(WriteBatch.builder().checkAbsent(k).put(k, new byte[0]).build());
  }

  /** {@link Checks#id}, naming {@code r} in the message only when it fails. */
  private static void checkId(Rec r, int id) {
    if (id < 0) {
      Checks.id(id, r + " id");
    }
  }

  private void putById(Rec r, int id, byte[] record) {
    checkId(r, id);
    Checks.notNull(record, r + " record");
    write(WriteBatch.builder().put(idKey(r, id), record).build());
  }

  private Optional<byte[]> getById(Rec r, int id) {
    checkId(r, id);
    return Optional.ofNullable(kv.get(idKey(r, id)));
  }

  private void deleteById(Rec r, int id) {
    checkId(r, id);
    write(WriteBatch.builder().delete(idKey(r, id)).build());
  }

  private List<Map.Entry<Integer, byte[]>> allById(Rec r) {
    List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
    for (KvEntry e : scanAll(r)) {
      out.add(new AbstractMap.SimpleImmutableEntry<>((int) space(r).unpack(e.key()).getLong(0),
          e.value()));
    }
    return out;
  }

  // ---- sender keys ----

  @Override
  public void putSenderKey(String address, byte[] record) {
    Checks.notEmpty(address, "address");
    Checks.notNull(record, "sender key record");
    write(WriteBatch.builder().put(key(Rec.SENDER_KEY, address), record).build());
  }

  @Override
  public Optional<byte[]> getSenderKey(String address) {
    Checks.notEmpty(address, "address");
    return Optional.ofNullable(kv.get(key(Rec.SENDER_KEY, address)));
  }

  @Override
  public void deleteSenderKey(String address) {
    Checks.notEmpty(address, "address");
    write(WriteBatch.builder().delete(key(Rec.SENDER_KEY, address)).build());
  }

  // ---- local identity ----

  @Override
  public Optional<LocalIdentity> loadLocalIdentity() {
    return read(RecordCodec::localIdentity, Rec.LOCAL_IDENTITY);
  }

  @Override
  public void putLocalIdentity(LocalIdentity identity) {
    Checks.notNull(identity, "identity");
    write(WriteBatch.builder().put(key(Rec.LOCAL_IDENTITY), RecordCodec.localIdentity(identity))
        .build());
  }
}
