package dev.chatstore.signal;

import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@link AppSyncStore} part of a device's backend. */
abstract class AppSyncPart extends SignalPart implements AppSyncStore {

  AppSyncPart(Devices devices, int deviceId) {
    super(devices, deviceId);
  }

  @Override
  public Optional<AppStateSyncKey> getSyncKey(byte[] keyId) {
    Checks.notEmpty(keyId, "keyId");
    return read(RecordCodec::syncKey, Rec.SYNC_KEY, keyId);
  }

  @Override
  public void setSyncKey(byte[] keyId, AppStateSyncKey key) {
    Checks.notEmpty(keyId, "keyId");
    Checks.notNull(key, "key");
    byte[] value = RecordCodec.syncKey(key);
    upsertIndexed(key(Rec.SYNC_KEY, keyId), old -> value, raw -> key(Rec.SYNC_KEY_BY_TIME,
        RecordCodec.syncKey(raw, describe(Rec.SYNC_KEY, keyId)).timestamp(), keyId));
  }

  @Override
  public Optional<byte[]> getLatestSyncKeyId() {
    Tuple last = last(Rec.SYNC_KEY_BY_TIME, space(Rec.SYNC_KEY_BY_TIME).range());
    return last == null ? Optional.empty() : Optional.of(last.getBytes(1));
  }

  @Override
  public HashState getVersion(String name) {
    Checks.notEmpty(name, "collection name");
    return read(RecordCodec::hashState, Rec.VERSION, name).orElse(HashState.empty());
  }

  @Override
  public void setVersion(String name, HashState state) {
    Checks.notEmpty(name, "collection name");
    Checks.notNull(state, "state");
    write(WriteBatch.builder().put(key(Rec.VERSION, name), RecordCodec.hashState(state)).build());
  }

  @Override
  public void putMutationMacs(String name, long version, List<AppStateMutationMAC> mutations) {
    Checks.notEmpty(name, "collection name");
    Checks.notNull(mutations, "mutations");
    if (version < 0) {
      throw new IllegalArgumentException("version " + version + " is negative; expected >= 0");
    }
    WriteBatch.Builder b = WriteBatch.builder();
    for (AppStateMutationMAC m : mutations) {
      Checks.notNull(m, "mutation");
      byte[] valueMac = m.valueMac();
      b.put(key(Rec.MUTATION_MAC, name, m.indexMac()), ByteBuffer.allocate(8 + valueMac.length)
          .putLong(version).put(valueMac).array());
    }
    write(b.build());
  }

  @Override
  public Optional<byte[]> getMutationMac(String name, byte[] indexMac) {
    Checks.notEmpty(name, "collection name");
    Checks.notEmpty(indexMac, "indexMac");
    byte[] v = kv.get(key(Rec.MUTATION_MAC, name, indexMac));
    if (v == null) {
      return Optional.empty();
    }
    if (v.length < 8) {
      throw RecordCodec.corrupt(describe(Rec.MUTATION_MAC, name, indexMac), v.length
          + " bytes, expected a version and a MAC", null);
    }
    return Optional.of(Arrays.copyOfRange(v, 8, v.length));
  }

  @Override
  public void deleteMutationMacs(String name, List<byte[]> indexMacs) {
    Checks.notEmpty(name, "collection name");
    Checks.notNull(indexMacs, "indexMacs");
    WriteBatch.Builder b = WriteBatch.builder();
    for (byte[] m : indexMacs) {
      b.delete(key(Rec.MUTATION_MAC, name, Checks.notEmpty(m, "indexMac")));
    }
    write(b.build());
  }
}
