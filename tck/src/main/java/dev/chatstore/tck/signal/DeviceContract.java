package dev.chatstore.tck.signal;

import static dev.chatstore.tck.signal.BackendContract.assertCorrupt;
import static dev.chatstore.tck.signal.BackendContract.b;
import static dev.chatstore.tck.signal.BackendContract.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.StoreException;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Device;
import dev.chatstore.signal.DeviceStore;
import dev.chatstore.signal.HashState;
import dev.chatstore.signal.LidPnMappingEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The {@link DeviceStore} contract: device state, new devices, snapshots, and persistence. */
public interface DeviceContract extends BackendContract {

  /** A device with every field set. */
  static Device sampleDevice() {
    return Device.unpaired(77, filled(64, 1), filled(64, 2), 3, filled(100, 3), filled(32, 4))
        .withJid("15551234567:5@s.whatsapp.net").withLid("987:5@lid").withPushName("Alice")
        .withAccount(filled(200, 5)).withNextPrekeyId(812).withPlatform("CHROME")
        .withPropsHash("abc");
  }

  @Test
  default void device_saveLoadExists() {
    Backend s = backend();
    assertFalse(s.exists(), "a new device has no saved state");
    assertEquals(Optional.empty(), s.load());
    Device unpaired = Device.unpaired(1, b("n"), b("i"), 1, b("s"), b("a"));
    s.save(unpaired);
    assertEquals(unpaired, s.load().orElseThrow(), "nulls and empties round-trip");
    s.save(sampleDevice());
    assertTrue(s.exists());
    assertEquals(sampleDevice(), s.load().orElseThrow(), "save replaces the state");
  }

  @Test
  default void device_corrupt_isSerializationError() {
    plant(Area.CREDENTIALS, new byte[] {1, 0}, 2);
    assertCorrupt("load", "device " + backend().deviceId(), () -> backend().load());
  }

  @Test
  default void create_givesDistinctIds_evenUnderRace() throws Exception {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> backend().create());
    }
    List<Integer> ids = BackendContract.race(tasks);
    assertEquals(8, new HashSet<>(ids).size(), "8 racing creates should get 8 ids: " + ids);
    assertFalse(ids.contains(backend().deviceId()), "a new id is never an existing one");
    for (int id : ids) {
      assertTrue(devices().exists(id));
      assertFalse(devices().device(id).exists(), "a new device has no state");
    }
  }

  @Test
  default void unknownDevice_isNotFound() {
    StoreException e = assertThrows(StoreException.class, () -> devices().device(999_999));
    assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
  }

  @Test
  default void snapshot_change_restore_seesTheOldState() {
    Backend s = backend();
    s.save(sampleDevice());
    s.putSession("alice.1", b("s1"));
    s.putIdentity("alice.1", filled(32, 9));
    s.storePrekey(1, b("p1"), true);
    s.putLidMapping(new LidPnMappingEntry("1", "555", 1, 1, "usync"));
    s.setVersion("regular", new HashState(3, b("h"), Map.of()));
    s.snapshotDb("before-crash", b("failing message"));

    s.putSession("alice.1", b("s2"));
    s.putSession("bob.1", b("b"));
    s.deleteIdentity("alice.1");
    s.removePrekey(1);
    s.save(sampleDevice().withPushName("Changed"));
    s.putLidMapping(new LidPnMappingEntry("1", "777", 1, 2, "usync"));
    s.setVersion("regular", new HashState(4, b("h"), Map.of()));

    assertEquals(List.of("before-crash"), s.listSnapshots());
    assertArrayEquals(b("failing message"), s.snapshotExtra("before-crash").orElseThrow());
    s.restoreSnapshot("before-crash");
    assertArrayEquals(b("s1"), s.getSession("alice.1").orElseThrow(), "session restored");
    assertFalse(s.hasSession("bob.1"), "a session created after the snapshot is gone");
    assertArrayEquals(filled(32, 9), s.loadIdentity("alice.1").orElseThrow());
    assertArrayEquals(b("p1"), s.loadPrekey(1).orElseThrow());
    assertEquals(sampleDevice(), s.load().orElseThrow());
    assertEquals("1", s.getPnMapping("555").orElseThrow().lid(), "indexes restored too");
    assertEquals(Optional.empty(), s.getPnMapping("777"));
    assertEquals(3, s.getVersion("regular").version());
    assertArrayEquals(b("s1"), devices().device(s.deviceId()).getSession("alice.1")
        .orElseThrow(), "another view of the device sees the restored state");
  }

  @Test
  default void snapshots_replaceListAndDelete() {
    Backend s = backend();
    s.putSession("a.1", b("one"));
    s.snapshotDb("x", null);
    s.putSession("a.1", b("two"));
    s.snapshotDb("x", b("second"));
    s.snapshotDb("y", null);
    assertEquals(List.of("x", "y"), s.listSnapshots());
    assertEquals(Optional.empty(), s.snapshotExtra("y"), "no extra content saved");
    s.putSession("a.1", b("three"));
    s.restoreSnapshot("x");
    assertArrayEquals(b("two"), s.getSession("a.1").orElseThrow(),
        "a snapshot taken again under the same name replaces the first");
    s.deleteSnapshot("x");
    s.deleteSnapshot("x");
    assertEquals(List.of("y"), s.listSnapshots());
    StoreException e = assertThrows(StoreException.class, () -> s.restoreSnapshot("x"));
    assertEquals(StoreException.Kind.NOT_FOUND, e.kind(), "restoring a deleted snapshot");
    assertArrayEquals(b("two"), s.getSession("a.1").orElseThrow(),
        "a failed restore changes nothing");
    Backend other = devices().device(devices().create());
    assertEquals(List.of(), other.listSnapshots(), "snapshots belong to their device");
  }

  @Test
  default void drop_removesTheDeviceAndItsData() {
    int id = devices().create();
    Backend d = devices().device(id);
    d.putSession("a.1", b("x"));
    d.snapshotDb("s", null);
    devices().drop(id);
    assertFalse(devices().exists(id));
    assertFalse(devices().ids().contains(id));
    assertFalse(store().tenants().stream().anyMatch(t -> t.endsWith("/" + id)
        || t.contains("/" + id + "/")), "no tenant of the dropped device is left: "
        + store().tenants());
    assertTrue(devices().ids().contains(backend().deviceId()), "other devices stay");
  }

  @Test
  default void data_survivesReopen() {
    assumeTrue(persistent(), "the store does not keep data across a reopen");
    Backend s = backend();
    s.save(sampleDevice());
    s.putSession("alice.1", b("s"));
    s.storePrekey(9, b("p"), false);
    Backend again = reopen();
    assertEquals(sampleDevice(), again.load().orElseThrow());
    assertArrayEquals(b("s"), again.getSession("alice.1").orElseThrow());
    assertEquals(9, again.getMaxPrekeyId());
    assertTrue(devices().create() > again.deviceId(), "ids keep counting after a reopen");
  }
}
