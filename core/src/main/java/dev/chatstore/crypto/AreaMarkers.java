package dev.chatstore.crypto;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.EnumMap;
import java.util.Map;

/**
 * The system records {@code (0, "encryption", area-tag) -> state} that say which areas of a store
 * are encrypted and whether they may still hold plaintext written before encryption was enabled.
 */
final class AreaMarkers {
  /** Encrypted; values without the envelope magic are plaintext written before (to re-seal). */
  static final byte MIXED = 1;
  /** Encrypted; every value is sealed, and a value without the envelope is corrupt. */
  static final byte SEALED = 2;

  private static final Subspace MARKERS = Subspace.of(Keyspace.SYSTEM_TAG, "encryption");

  private AreaMarkers() {}

  /** The markers of {@code store}, by area. */
  static Map<Area, Byte> read(KvStore store) {
    Map<Area, Byte> out = new EnumMap<>(Area.class);
    for (KvEntry e : store.scanAll(MARKERS.range())) {
      Tuple t;
      Area area;
      try {
        t = MARKERS.unpack(e.key());
        area = Area.ofTag(t.getLong(0));
      } catch (RuntimeException bad) {
        throw corrupt(e, "its key is not (0, \"encryption\", area-tag)");
      }
      if (e.value().length != 1 || (e.value()[0] != MIXED && e.value()[0] != SEALED)) {
        throw corrupt(e, "expected one byte, 1 (mixed) or 2 (sealed)");
      }
      out.put(area, e.value()[0]);
    }
    return out;
  }

  static byte[] key(Area area) {
    return MARKERS.pack(area.tag());
  }

  /** Whether {@code store} holds any tenant data at all. */
  static boolean hasTenantData(KvStore store) {
    return !store.scan(Subspace.of(Keyspace.TENANTS_TAG).range(), Direction.ASCENDING, 1)
        .entries().isEmpty();
  }

  private static StoreException corrupt(KvEntry e, String why) {
    return new StoreException(StoreException.Kind.SERIALIZATION, "encryption marker "
        + Bytes.show(e.key()) + " = " + Bytes.show(e.value()) + " is corrupt: " + why);
  }

  static KeyRange range() {
    return MARKERS.range();
  }
}
