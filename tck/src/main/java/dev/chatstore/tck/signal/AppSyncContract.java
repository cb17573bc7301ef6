package dev.chatstore.tck.signal;

import static dev.chatstore.tck.signal.BackendContract.assertCorrupt;
import static dev.chatstore.tck.signal.BackendContract.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstore.keyspace.Area;
import dev.chatstore.signal.AppStateMutationMAC;
import dev.chatstore.signal.AppStateSyncKey;
import dev.chatstore.signal.AppSyncStore;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.HashState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@link AppSyncStore} contract: sync keys, collection versions, mutation MACs. */
public interface AppSyncContract extends BackendContract {

  @Test
  default void syncKeys_roundTripAndUpsert() {
    Backend s = backend();
    assertEquals(Optional.empty(), s.getSyncKey(b("k1")));
    s.setSyncKey(b("k1"), new AppStateSyncKey(b("data"), b("fp"), 10));
    s.setSyncKey(b("k1"), new AppStateSyncKey(b("data2"), b("fp2"), 11));
    assertEquals(new AppStateSyncKey(b("data2"), b("fp2"), 11), s.getSyncKey(b("k1"))
        .orElseThrow(), "a second set replaces the key");
  }

  @Test
  default void latestSyncKeyId_isTheNewestTimestamp() {
    Backend s = backend();
    assertEquals(Optional.empty(), s.getLatestSyncKeyId(), "no key, no latest");
    s.setSyncKey(b("old"), new AppStateSyncKey(b("d"), b("f"), 100));
    s.setSyncKey(b("new"), new AppStateSyncKey(b("d"), b("f"), 200));
    s.setSyncKey(b("mid"), new AppStateSyncKey(b("d"), b("f"), 150));
    assertArrayEquals(b("new"), s.getLatestSyncKeyId().orElseThrow());
    s.setSyncKey(b("new"), new AppStateSyncKey(b("d"), b("f"), 50));
    assertArrayEquals(b("mid"), s.getLatestSyncKeyId().orElseThrow(),
        "an update to an older timestamp should move the key back");
  }

  @Test
  default void version_ofUnknownCollection_isEmptyHashState() {
    Backend s = backend();
    assertEquals(HashState.empty(), s.getVersion("regular"));
    assertEquals(0, s.getVersion("regular").version());
    HashState st = new HashState(7, new byte[128], Map.of("idx", b("mac")));
    s.setVersion("regular", st);
    s.setVersion("critical_block", new HashState(1, new byte[128], Map.of()));
    assertEquals(st, s.getVersion("regular"));
    HashState next = new HashState(8, b("h"), Map.of());
    s.setVersion("regular", next);
    assertEquals(next, s.getVersion("regular"), "set replaces the version");
    assertEquals(1, s.getVersion("critical_block").version(), "collections are independent");
  }

  @Test
  default void version_corrupt_isSerializationErrorNamingTheKey() {
    plant(Area.APP_STATE, b("\u0009garbage"), 3, "regular_low");
    assertCorrupt("getVersion", "regular_low", () -> backend().getVersion("regular_low"));
  }

  @Test
  default void mutationMacs_upsertOnNameAndIndexMac() {
    Backend s = backend();
    s.putMutationMacs("regular", 1, List.of(new AppStateMutationMAC(b("i1"), b("v1")),
        new AppStateMutationMAC(b("i2"), b("v2"))));
    s.putMutationMacs("regular", 2, List.of(new AppStateMutationMAC(b("i1"), b("v1b"))));
    s.putMutationMacs("regular_high", 1, List.of(new AppStateMutationMAC(b("i1"), b("other"))));
    s.putMutationMacs("regular", 3, List.of());
    assertArrayEquals(b("v1b"), s.getMutationMac("regular", b("i1")).orElseThrow(),
        "a MAC for the same (name, index MAC) replaces the old one");
    assertArrayEquals(b("v2"), s.getMutationMac("regular", b("i2")).orElseThrow());
    assertArrayEquals(b("other"), s.getMutationMac("regular_high", b("i1")).orElseThrow());
    s.deleteMutationMacs("regular", List.of(b("i1"), b("absent")));
    assertEquals(Optional.empty(), s.getMutationMac("regular", b("i1")));
    assertArrayEquals(b("v2"), s.getMutationMac("regular", b("i2")).orElseThrow());
    assertArrayEquals(b("other"), s.getMutationMac("regular_high", b("i1")).orElseThrow(),
        "deleting in one collection leaves the others");
  }
}
