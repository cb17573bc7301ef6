package dev.chatstore.signal;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app-state version of one collection (specification 001): its version number, its
 * running LT-hash, and the value MAC of each index it holds. Immutable: arrays are copied in
 * and out, the map is an unmodifiable copy ordered by index.
 *
 * @param version the collection version, 0 before the first sync
 * @param hash the LT-hash of the collection ({@value #HASH_BYTES} bytes in the protocol; any
 *     length is kept as given)
 * @param indexValueMap the value MAC of each index (base64 of the index MAC, as the protocol
 *     keys it)
 */
public record HashState(long version, byte[] hash, Map<String, byte[]> indexValueMap) {
  /** The length of the protocol's LT-hash. */
  public static final int HASH_BYTES = 128;

  private static final HashState EMPTY = new HashState(0, new byte[HASH_BYTES], Map.of());

  public HashState {
    if (version < 0) {
      throw new IllegalArgumentException("version " + version + " is negative; expected >= 0");
    }
    hash = Checks.notNull(hash, "hash").clone();
    TreeMap<String, byte[]> copy = new TreeMap<>();
    Checks.notNull(indexValueMap, "indexValueMap").forEach((k, v) -> copy.put(
        Checks.notNull(k, "indexValueMap key"),
        Checks.notNull(v, "indexValueMap value").clone()));
    indexValueMap = Collections.unmodifiableMap(copy);
  }

  /** The state of a collection never synced: version 0, a zero hash, no index. */
  public static HashState empty() {
    return EMPTY;
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** The value MAC of each index; the arrays are the record's own, do not modify them. */
  @Override
  public Map<String, byte[]> indexValueMap() {
    return indexValueMap;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof HashState s) || version != s.version || !Arrays.equals(hash, s.hash)
        || !indexValueMap.keySet().equals(s.indexValueMap.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : indexValueMap.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.indexValueMap.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "HashState[version " + version + ", " + indexValueMap.size() + " indexes]";
  }
}
