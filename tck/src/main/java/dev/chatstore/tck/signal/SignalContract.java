package dev.chatstore.tck.signal;

import static dev.chatstore.tck.signal.BackendContract.assertCorrupt;
import static dev.chatstore.tck.signal.BackendContract.assertRefused;
import static dev.chatstore.tck.signal.BackendContract.b;
import static dev.chatstore.tck.signal.BackendContract.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.keyspace.Area;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.SignalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The {@link SignalStore} contract: identities, sessions, pre-keys, sender keys. */
public interface SignalContract extends BackendContract {

  @Test
  default void identity_roundTripsAndUpserts() {
    Backend s = backend();
    assertEquals(Optional.empty(), s.loadIdentity("alice.0"), "no identity before a put");
    s.putIdentity("alice.0", filled(32, 1));
    s.putIdentity("alice.0", filled(32, 2));
    assertArrayEquals(filled(32, 2), s.loadIdentity("alice.0").orElseThrow(),
        "a second put should replace the identity");
    s.deleteIdentity("alice.0");
    s.deleteIdentity("alice.0");
    assertEquals(Optional.empty(), s.loadIdentity("alice.0"), "deleted identity should be gone");
  }

  @Test
  default void putIdentity_refusesOtherLengths_andChangesNothing() {
    Backend s = backend();
    s.putIdentity("bob.1", filled(32, 7));
    for (int n : new int[] {0, 31, 33}) {
      assertRefused("putIdentity of " + n + " bytes", n + " bytes",
          () -> s.putIdentity("bob.1", new byte[n]));
    }
    assertArrayEquals(filled(32, 7), s.loadIdentity("bob.1").orElseThrow(),
        "refused puts should leave the identity as it was");
  }

  @Test
  default void loadIdentity_ofStoredValueOfOtherLength_isSerializationError() {
    plant(Area.SIGNAL, filled(33, 1), 1, "carol.2");
    assertCorrupt("loadIdentity", "carol.2", () -> backend().loadIdentity("carol.2"));
    assertCorrupt("loadIdentity again", "carol.2", () -> backend().loadIdentity("carol.2"));
  }

  @Test
  default void sessions_putGetHasDelete() {
    Backend s = backend();
    assertFalse(s.hasSession("alice.1"), "no session before a put");
    s.putSession("alice.1", b("one"));
    s.putSession("alice.1", b("two"));
    assertTrue(s.hasSession("alice.1"), "hasSession after a put");
    assertArrayEquals(b("two"), s.getSession("alice.1").orElseThrow(), "the last put wins");
    s.putSession("alice.2", new byte[0]);
    assertArrayEquals(new byte[0], s.getSession("alice.2").orElseThrow(),
        "an empty session record is a record");
    s.deleteSession("alice.1");
    s.deleteSession("nobody.1");
    assertFalse(s.hasSession("alice.1"), "deleted session should be gone");
    assertTrue(s.hasSession("alice.2"), "other sessions stay");
  }

  @Test
  default void listSessions_byPlainPrefix() {
    Backend s = backend();
    for (String a : List.of("alice.1", "alice.2", "alicex.1", "bob.1", "al\0ice.1")) {
      s.putSession(a, b(a));
    }
    assertEquals(List.of("alice.1", "alice.2"), s.listSessions("alice."));
    assertEquals(List.of("al\0ice.1", "alice.1", "alice.2", "alicex.1"), s.listSessions("al"));
    assertEquals(5, s.listSessions("").size(), "the empty prefix lists every session");
  }

  @Test
  default void records_returnedAreCopies() {
    Backend s = backend();
    byte[] rec = b("session");
    s.putSession("a.1", rec);
    rec[0] = 'X';
    byte[] got = s.getSession("a.1").orElseThrow();
    got[1] = 'Y';
    assertArrayEquals(b("session"), s.getSession("a.1").orElseThrow(),
        "neither the caller's array nor a returned one may change the stored session");
  }

  @Test
  default void prekeys_storeLoadUpsertRemove() {
    Backend s = backend();
    s.storePrekey(5, b("p5"), false);
    s.storePrekey(5, b("p5b"), true);
    assertArrayEquals(b("p5b"), s.loadPrekey(5).orElseThrow(), "a second store replaces");
    assertEquals(Optional.of(true), s.isPrekeyUploaded(5), "the uploaded flag of the last store");
    s.removePrekey(5);
    s.removePrekey(5);
    assertEquals(Optional.empty(), s.loadPrekey(5), "removed pre-key should be gone");
    assertEquals(Optional.empty(), s.isPrekeyUploaded(5), "no flag for an absent pre-key");
  }

  @Test
  default void prekeysBatch_isAtomicAndLoadsOnlyExistingIds() {
    Backend s = backend();
    List<Map.Entry<Integer, byte[]>> keys = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      keys.add(Map.entry(i, b("pk" + i)));
    }
    s.storePrekeysBatch(keys, true);
    List<Map.Entry<Integer, byte[]>> got = s.loadPrekeysBatch(List.of(100, 7, 1000, 3));
    assertEquals(List.of(100, 7, 3), got.stream().map(Map.Entry::getKey).toList(),
        "only existing ids, in the order asked");
    assertArrayEquals(b("pk7"), got.get(1).getValue());
    assertEquals(List.of(), s.loadPrekeysBatch(List.of()), "an empty batch reads nothing");
    s.storePrekeysBatch(List.of(), false);
    assertEquals(100, s.getMaxPrekeyId());
    List<Map.Entry<Integer, byte[]>> bad = new ArrayList<>(List.of(Map.entry(200, b("x"))));
    bad.add(Map.entry(-1, b("y")));
    assertRefused("storePrekeysBatch with id -1", "-1", () -> s.storePrekeysBatch(bad, false));
    assertEquals(Optional.empty(), s.loadPrekey(200), "a refused batch writes none of its keys");
    List<Map.Entry<Integer, byte[]>> noRecord = new ArrayList<>(List.of(Map.entry(202, b("z"))));
    noRecord.add(new java.util.AbstractMap.SimpleEntry<>(201, null));
    assertRefused("storePrekeysBatch with a null record", "record of pre-key 201",
        () -> s.storePrekeysBatch(noRecord, true));
    assertEquals(Optional.empty(), s.loadPrekey(202), "a refused batch writes none of its keys");
  }

  @Test
  default void prekeysBatch_closeAndScatteredIdsReadTheSame() {
    Backend s = backend();
    List<Map.Entry<Integer, byte[]>> keys = new ArrayList<>();
    for (int i = 0; i <= 300; i++) {
      if (i % 10 != 4) { // ids 4, 14, 24, ... are absent
        keys.add(Map.entry(i, b("pk" + i)));
      }
    }
    keys.add(Map.entry(Integer.MAX_VALUE, b("max")));
    s.storePrekeysBatch(keys, false);
    // close together (read by one range), in any order, with duplicates and absent ids, and
    // stored neighbours (99 and 115) that must not come back
    List<Integer> close = List.of(110, 100, 104, 106, 100, 109, 114, 105);
    assertEquals(List.of(110, 100, 106, 100, 109, 105),
        s.loadPrekeysBatch(close).stream().map(Map.Entry::getKey).toList(),
        "ids close together: the existing ones, in the order asked, duplicates kept");
    // scattered (read key by key), the same rules
    List<Integer> scattered = List.of(Integer.MAX_VALUE, 300, 0, 44, 7, 0);
    List<Map.Entry<Integer, byte[]>> got = s.loadPrekeysBatch(scattered);
    assertEquals(List.of(Integer.MAX_VALUE, 300, 0, 7, 0),
        got.stream().map(Map.Entry::getKey).toList(), "scattered ids: the same rules");
    assertArrayEquals(b("max"), got.get(0).getValue());
    for (Map.Entry<Integer, byte[]> e : s.loadPrekeysBatch(close)) {
      assertArrayEquals(b("pk" + e.getKey()), e.getValue(), "the record of pre-key " + e.getKey());
    }
    // every id of a dense run, and the run with its two ends only
    List<Integer> run = new ArrayList<>();
    for (int i = 0; i <= 300; i++) {
      run.add(i);
    }
    assertEquals(271, s.loadPrekeysBatch(run).size(), "301 ids asked, 30 of them absent");
    assertEquals(List.of(0, 300), s.loadPrekeysBatch(List.of(0, 300)).stream()
        .map(Map.Entry::getKey).toList(), "two far ids");
    List<Integer> withNull = new ArrayList<>(List.of(1, 2));
    withNull.add(null);
    assertRefused("loadPrekeysBatch with a null id", "pre-key id",
        () -> s.loadPrekeysBatch(withNull));
    assertRefused("loadPrekeysBatch with id -3", "-3", () -> s.loadPrekeysBatch(List.of(1, -3)));
  }

  @Test
  default void maxPrekeyId_isZeroWhenNone_andNumericMaximum() {
    Backend s = backend();
    assertEquals(0, s.getMaxPrekeyId(), "0 when there are no pre-keys");
    for (int id : new int[] {9, 10, 1000, 2, Integer.MAX_VALUE - 1}) {
      s.storePrekey(id, b("k"), false);
    }
    assertEquals(Integer.MAX_VALUE - 1, s.getMaxPrekeyId());
    s.removePrekey(Integer.MAX_VALUE - 1);
    assertEquals(1000, s.getMaxPrekeyId(), "ids compare as numbers, not as text");
  }

  @Test
  default void negativeIds_areRefused() {
    Backend s = backend();
    assertRefused("storePrekey(-1)", "-1", () -> s.storePrekey(-1, b("x"), false));
    assertRefused("loadSignedPrekey(-5)", "-5", () -> s.loadSignedPrekey(-5));
    assertRefused("storeKyberPrekey(-2)", "-2", () -> s.storeKyberPrekey(-2, b("x")));
    assertRefused("putSession(\"\")", "address", () -> s.putSession("", b("x")));
  }

  @Test
  default void signedAndKyberPrekeys_loadAllAscending() {
    Backend s = backend();
    for (int id : new int[] {30, 4, 100}) {
      s.storeSignedPrekey(id, b("s" + id));
      s.storeKyberPrekey(id, b("k" + id));
    }
    s.storeSignedPrekey(4, b("s4b"));
    assertEquals(List.of(4, 30, 100), s.loadAllSignedPrekeys().stream().map(Map.Entry::getKey)
        .toList());
    assertArrayEquals(b("s4b"), s.loadSignedPrekey(4).orElseThrow());
    assertEquals(List.of(4, 30, 100), s.loadAllKyberPrekeys().stream().map(Map.Entry::getKey)
        .toList());
    s.removeSignedPrekey(30);
    s.removeKyberPrekey(100);
    assertEquals(Optional.empty(), s.loadSignedPrekey(30));
    assertArrayEquals(b("k30"), s.loadKyberPrekey(30).orElseThrow());
    assertEquals(Optional.empty(), s.loadKyberPrekey(100));
  }

  @Test
  default void markKyberPrekeyUsed_oncePerCombination_evenUnderRace() throws Exception {
    Backend s = backend();
    assertTrue(s.markKyberPrekeyUsed(1, 2, b("base")), "first use");
    assertFalse(s.markKyberPrekeyUsed(1, 2, b("base")), "the same use again is a replay");
    assertTrue(s.markKyberPrekeyUsed(1, 2, b("base2")), "another base key is a new use");
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> s.markKyberPrekeyUsed(7, 8, b("raced")));
    }
    assertEquals(1, BackendContract.race(tasks).stream().filter(x -> x).count(),
        "of 8 racing callers exactly one should get true");
  }

  @Test
  default void senderKeys_putGetDelete() {
    Backend s = backend();
    s.putSenderKey("group@g.us::alice.1", b("sk1"));
    s.putSenderKey("group@g.us::alice.1", b("sk2"));
    assertArrayEquals(b("sk2"), s.getSenderKey("group@g.us::alice.1").orElseThrow());
    s.deleteSenderKey("group@g.us::alice.1");
    assertEquals(Optional.empty(), s.getSenderKey("group@g.us::alice.1"));
  }

  @Test
  default void localIdentity_roundTrips() {
    Backend s = backend();
    assertEquals(Optional.empty(), s.loadLocalIdentity());
    s.putLocalIdentity(new SignalStore.LocalIdentity(b("pair"), 4242));
    SignalStore.LocalIdentity id = s.loadLocalIdentity().orElseThrow();
    assertArrayEquals(b("pair"), id.keyPair());
    assertEquals(4242, id.registrationId());
  }

  @Test
  default void devices_seeOnlyTheirOwnData() {
    Backend a = backend();
    Backend other = devices().device(devices().create());
    a.putSession("alice.1", b("A"));
    a.putIdentity("alice.1", filled(32, 1));
    a.storePrekey(3, b("A"), false);
    other.putSession("alice.1", b("B"));
    assertArrayEquals(b("A"), a.getSession("alice.1").orElseThrow(),
        "a device should not see another's session");
    assertEquals(Optional.empty(), other.loadIdentity("alice.1"));
    assertEquals(0, other.getMaxPrekeyId(), "pre-keys of one device are not another's");
    assertEquals(List.of("alice.1"), other.listSessions(""));
  }
}
