package dev.chatstore.tck.signal;

import static dev.chatstore.tck.signal.BackendContract.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.signal.Backend;
import dev.chatstore.signal.DeviceInfo;
import dev.chatstore.signal.DeviceListRecord;
import dev.chatstore.signal.IdentityChange;
import dev.chatstore.signal.LidPnMappingEntry;
import dev.chatstore.signal.ProtocolStore;
import dev.chatstore.signal.TcTokenEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The {@link ProtocolStore} contract. */
public interface ProtocolContract extends BackendContract {

  @Test
  default void senderKeyDevices_setReadAndClearPerGroup() {
    Backend s = backend();
    s.setSenderKeyStatus("g1@g.us", List.of(Map.entry("b:1@lid", true), Map.entry("a:0@lid",
        false)));
    s.setSenderKeyStatus("g1@g.us", List.of(Map.entry("a:0@lid", true)));
    s.setSenderKeyStatus("g10@g.us", List.of(Map.entry("a:0@lid", false)));
    assertEquals(List.of(Map.entry("a:0@lid", true), Map.entry("b:1@lid", true)),
        s.getSenderKeyDevices("g1@g.us"), "statuses by device, the last set winning");
    s.clearSenderKeyDevices("g1@g.us");
    assertEquals(List.of(), s.getSenderKeyDevices("g1@g.us"));
    assertEquals(List.of(Map.entry("a:0@lid", false)), s.getSenderKeyDevices("g10@g.us"),
        "clearing one group should not touch another, even one whose JID extends it");
  }

  @Test
  default void lidMapping_updateKeepsCreatedAt() {
    Backend s = backend();
    s.putLidMapping(new LidPnMappingEntry("100", "555", 10, 10, "usync"));
    s.putLidMapping(new LidPnMappingEntry("100", "555", 99, 20, "peer_pn_message"));
    assertEquals(new LidPnMappingEntry("100", "555", 10, 20, "peer_pn_message"),
        s.getLidMapping("100").orElseThrow(), "an update keeps the first createdAt");
    assertEquals(Optional.empty(), s.getLidMapping("101"));
  }

  @Test
  default void pnMapping_isTheNewestUpdatedAt_andFollowsAMove() {
    Backend s = backend();
    assertEquals(Optional.empty(), s.getPnMapping("555"));
    s.putLidMapping(new LidPnMappingEntry("200", "555", 1, 30, "usync"));
    s.putLidMapping(new LidPnMappingEntry("100", "555", 1, 20, "usync"));
    assertEquals("200", s.getPnMapping("555").orElseThrow().lid(), "the newest updatedAt wins");
    s.putLidMapping(new LidPnMappingEntry("200", "777", 1, 40, "usync"));
    assertEquals("100", s.getPnMapping("555").orElseThrow().lid(),
        "a LID that moved away no longer answers for its old number");
    assertEquals("200", s.getPnMapping("777").orElseThrow().lid());
    s.putLidMapping(new LidPnMappingEntry("100", "777", 1, 50, "usync"));
    assertEquals(Optional.empty(), s.getPnMapping("555"), "no LID is left on the old number");
    assertEquals("100", s.getPnMapping("777").orElseThrow().lid());
    assertEquals(List.of("100", "200"), s.getAllLidMappings().stream()
        .map(LidPnMappingEntry::lid).toList());
  }

  @Test
  default void pnMapping_passesOverAnIndexEntryWithoutItsMapping() {
    Backend s = backend();
    s.putLidMapping(new LidPnMappingEntry("100", "555", 1, 20, "usync"));
    plant(dev.chatstore.keyspace.Area.PROTOCOL, new byte[0], 3, "555", 99L, "ghost");
    assertEquals("100", s.getPnMapping("555").orElseThrow().lid(),
        "an index entry whose LID has no mapping should be passed over, not loop or fail");
  }

  @Test
  default void baseKeys_saveCompareDelete() {
    Backend s = backend();
    assertFalse(s.hasSameBaseKey("a.1", "m1", b("k")), "nothing saved, not the same");
    s.saveBaseKey("a.1", "m1", b("k"));
    assertTrue(s.hasSameBaseKey("a.1", "m1", b("k")));
    assertFalse(s.hasSameBaseKey("a.1", "m1", b("k2")));
    assertFalse(s.hasSameBaseKey("a.1", "m2", b("k")), "keys are per message");
    s.deleteBaseKey("a.1", "m1");
    assertFalse(s.hasSameBaseKey("a.1", "m1", b("k")));
  }

  @Test
  default void deviceList_reportsIdentityChangeWhenRawIdChanges() {
    Backend s = backend();
    List<DeviceInfo> devs = List.of(new DeviceInfo(0, null), new DeviceInfo(3, 7));
    DeviceListRecord first = new DeviceListRecord("alice", devs, 10, "ph", 5);
    assertEquals(Optional.empty(), s.updateDeviceList(first), "a first list is no change");
    assertEquals(first, s.getDevices("alice").orElseThrow());
    assertEquals(Optional.empty(), s.updateDeviceList(
        new DeviceListRecord("alice", devs, 11, "ph", 5)), "same rawId, no change");
    assertEquals(Optional.empty(), s.updateDeviceList(
        new DeviceListRecord("alice", devs, 12, null, null)), "no rawId, no change");
    s.updateDeviceList(new DeviceListRecord("alice", devs, 13, null, 5));
    assertEquals(Optional.of(new IdentityChange("alice", 5, 6)), s.updateDeviceList(
        new DeviceListRecord("alice", List.of(new DeviceInfo(0, null)), 14, null, 6)));
    assertEquals(1, s.getDevices("alice").orElseThrow().devices().size(),
        "the new list is stored");
    assertEquals(Optional.empty(), s.getDevices("bob"));
  }

  @Test
  default void tcTokens_putGetDeleteAndExpire() {
    Backend s = backend();
    s.putTcToken("a@lid", new TcTokenEntry(b("t1"), 100, null));
    s.putTcToken("b@lid", new TcTokenEntry(b("t2"), 200, 150L));
    s.putTcToken("c@lid", new TcTokenEntry(b("t3"), 300, null));
    s.putTcToken("a@lid", new TcTokenEntry(b("t1b"), 250, null));
    assertEquals(new TcTokenEntry(b("t2"), 200, 150L), s.getTcToken("b@lid").orElseThrow());
    assertEquals(List.of("a@lid", "b@lid", "c@lid"), s.getAllTcTokenJids());
    assertEquals(1, s.deleteExpiredTcTokens(250),
        "only b (200) is strictly older than 250; a was updated to 250");
    assertEquals(List.of("a@lid", "c@lid"), s.getAllTcTokenJids());
    s.deleteTcToken("c@lid");
    s.deleteTcToken("c@lid");
    assertEquals(0, s.deleteExpiredTcTokens(250), "c was deleted, a is not older than 250");
    assertEquals(1, s.deleteExpiredTcTokens(251));
    assertEquals(List.of(), s.getAllTcTokenJids());
  }

  @Test
  default void sentMessage_isTakenOnce() {
    Backend s = backend();
    s.storeSentMessage("chat@s.whatsapp.net", "m1", b("payload"));
    assertArrayEquals(b("payload"), s.takeSentMessage("chat@s.whatsapp.net", "m1")
        .orElseThrow());
    assertEquals(Optional.empty(), s.takeSentMessage("chat@s.whatsapp.net", "m1"),
        "a taken message is gone");
    s.storeSentMessage("chat@s.whatsapp.net", "m1", b("again"));
    assertArrayEquals(b("again"), s.takeSentMessage("chat@s.whatsapp.net", "m1").orElseThrow(),
        "a message stored again can be taken again");
  }

  @Test
  default void takeSentMessage_racedByEightThreads_exactlyOneGetsIt() throws Exception {
    Backend s = backend();
    for (int round = 0; round < 5; round++) {
      s.storeSentMessage("status@broadcast", "m" + round, b("p" + round));
      String id = "m" + round;
      List<Callable<Optional<byte[]>>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> s.takeSentMessage("status@broadcast", id));
      }
      List<Optional<byte[]>> got = BackendContract.race(tasks);
      assertEquals(1, got.stream().filter(Optional::isPresent).count(),
          "round " + round + ": exactly one of 8 racing takes should get the message");
    }
  }

  @Test
  default void expiredSentMessages_strictlyOlderThanCutoff() {
    Backend s = backend();
    long t0 = clock().instant().getEpochSecond();
    s.storeSentMessage("c", "old", b("1"));
    clock().advance(Duration.ofSeconds(10));
    s.storeSentMessage("c", "edge", b("2"));
    s.storeSentMessage("c", "refreshed", b("3"));
    clock().advance(Duration.ofSeconds(10));
    s.storeSentMessage("c", "refreshed", b("3b"));
    assertEquals(1, s.deleteExpiredSentMessages(t0 + 10),
        "only the message stored before the cutoff goes; one stored at it stays");
    assertEquals(Optional.empty(), s.takeSentMessage("c", "old"));
    assertEquals(1, s.deleteExpiredSentMessages(t0 + 11), "edge is older than t0+11");
    assertArrayEquals(b("3b"), s.takeSentMessage("c", "refreshed").orElseThrow(),
        "storing again refreshes the stamp");
    assertEquals(0, s.deleteExpiredSentMessages(Long.MAX_VALUE));
  }
}
