// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import dev.chatstore.signal.SignalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.state.IdentityKeyStore.Direction;
import org.signal.libsignal.protocol.state.IdentityKeyStore.IdentityChange;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;

/** The adapter's own rules, on one device's store, with real libsignal records. */
abstract class ChatstoreSignalProtocolStoreTest {
  private SignalStore store;
  private ChatstoreSignalProtocolStore protocol;
  private final List<String> changes = new ArrayList<>();

  /** A fresh, empty device store. */
  abstract SignalStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    LocalIdentities.getOrCreate(store);
    protocol =
        ChatstoreSignalProtocolStore.builder(store)
            .identityChangeListener(
                (address, previous, current) -> changes.add(SignalAddresses.of(address)))
            .build();
  }

  // --- pre-keys ---------------------------------------------------------------------------------

  @Test
  void absentKeys_throwInvalidKeyIdNamingTheId() {
    assertThatThrownBy(() -> protocol.loadPreKey(41))
        .isInstanceOf(InvalidKeyIdException.class)
        .hasMessageContaining("41");
    assertThatThrownBy(() -> protocol.loadSignedPreKey(42))
        .isInstanceOf(InvalidKeyIdException.class)
        .hasMessageContaining("42");
    assertThatThrownBy(() -> protocol.loadKyberPreKey(43))
        .isInstanceOf(InvalidKeyIdException.class)
        .hasMessageContaining("43");
    assertThat(protocol.containsPreKey(41)).isFalse();
    assertThat(protocol.containsSignedPreKey(42)).isFalse();
    assertThat(protocol.containsKyberPreKey(43)).isFalse();
  }

  @Test
  void preKey_roundTripsAndIsGoneOnceRemoved() throws Exception {
    PreKeyRecord record = new PreKeyRecord(7, ECKeyPair.generate());
    protocol.storePreKey(7, record);
    assertThat(protocol.containsPreKey(7)).isTrue();
    assertThat(protocol.loadPreKey(7).serialize()).isEqualTo(record.serialize());
    protocol.removePreKey(7);
    assertThat(protocol.containsPreKey(7)).isFalse();
    assertThatThrownBy(() -> protocol.loadPreKey(7)).isInstanceOf(InvalidKeyIdException.class);
  }

  @Test
  void storePreKeys_storesAllAndTellsWhereToContinueNumbering() throws Exception {
    assertThat(protocol.preKeys().maxPreKeyId()).isZero();
    List<PreKeyRecord> batch = new ArrayList<>();
    for (int id = 100; id < 110; id++) {
      batch.add(new PreKeyRecord(id, ECKeyPair.generate()));
    }
    protocol.preKeys().storePreKeys(batch);
    for (PreKeyRecord record : batch) {
      assertThat(protocol.loadPreKey(record.getId()).serialize()).isEqualTo(record.serialize());
    }
    assertThat(protocol.preKeys().maxPreKeyId()).isEqualTo(109);
  }

  @Test
  void signedAndKyberPreKeys_listedByAscendingId() {
    Party self = new Party("self", 1, store);
    self.publishBundle(1, 30, 300);
    self.publishBundle(2, 10, 100);
    self.publishBundle(3, 20, 200);
    assertThat(protocol.loadSignedPreKeys()).extracting(r -> r.getId()).containsExactly(10, 20, 30);
    assertThat(protocol.loadKyberPreKeys()).extracting(r -> r.getId()).containsExactly(100, 200, 300);
    protocol.removeSignedPreKey(20);
    assertThat(protocol.loadSignedPreKeys()).extracting(r -> r.getId()).containsExactly(10, 30);
  }

  // --- Kyber replay -----------------------------------------------------------------------------

  @Test
  void markKyberPreKeyUsed_replayOfTheSameCombinationIsRefused() throws Exception {
    new Party("self", 1, store).publishBundle(1, 5, 9);
    ECPublicKey baseKey = ECKeyPair.generate().getPublicKey();
    protocol.markKyberPreKeyUsed(9, 5, baseKey);
    assertThatThrownBy(() -> protocol.markKyberPreKeyUsed(9, 5, baseKey))
        .isInstanceOf(ReusedBaseKeyException.class)
        .hasMessageContaining("9");
    // another base key, or another signed pre-key, is a new session setup
    protocol.markKyberPreKeyUsed(9, 5, ECKeyPair.generate().getPublicKey());
    protocol.markKyberPreKeyUsed(9, 6, baseKey);
    assertThat(protocol.containsKyberPreKey(9)).as("a last-resort key stays").isTrue();
  }

  @Test
  void markKyberPreKeyUsed_ofRacingThreads_acceptsExactlyOne() throws Exception {
    new Party("self", 1, store).publishBundle(1, 5, 9);
    ECPublicKey baseKey = ECKeyPair.generate().getPublicKey();
    int threads = 8;
    var start = new CountDownLatch(1);
    var accepted = new AtomicInteger();
    var refused = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    protocol.markKyberPreKeyUsed(9, 5, baseKey);
                    accepted.incrementAndGet();
                  } catch (ReusedBaseKeyException e) {
                    refused.incrementAndGet();
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertThat(accepted.get()).as("session setups accepted").isEqualTo(1);
    assertThat(refused.get()).as("replays refused").isEqualTo(threads - 1);
  }

  @Test
  void markKyberPreKeyUsed_removesOneTimeKeysOnly() throws Exception {
    var oneTimeAbove1000 =
        ChatstoreSignalProtocolStore.builder(store).oneTimeKyberPreKeys(id -> id > 1000).build();
    Party self = new Party("self", 1, store);
    self.publishBundle(1, 5, 9);
    self.publishBundle(2, 6, 1001);
    oneTimeAbove1000.markKyberPreKeyUsed(1001, 6, ECKeyPair.generate().getPublicKey());
    oneTimeAbove1000.markKyberPreKeyUsed(9, 5, ECKeyPair.generate().getPublicKey());
    assertThat(oneTimeAbove1000.containsKyberPreKey(1001)).isFalse();
    assertThat(oneTimeAbove1000.containsKyberPreKey(9)).isTrue();
  }

  // --- identities -------------------------------------------------------------------------------

  @Test
  void saveIdentity_reportsAReplacedKeyAndTellsTheListener() {
    var bob = new SignalProtocolAddress("bob", 1);
    IdentityKey first = IdentityKeyPair.generate().getPublicKey();
    IdentityKey second = IdentityKeyPair.generate().getPublicKey();
    assertThat(protocol.getIdentity(bob)).isNull();
    assertThat(protocol.saveIdentity(bob, first)).isEqualTo(IdentityChange.NEW_OR_UNCHANGED);
    assertThat(protocol.saveIdentity(bob, first)).isEqualTo(IdentityChange.NEW_OR_UNCHANGED);
    assertThat(changes).isEmpty();
    assertThat(protocol.saveIdentity(bob, second)).isEqualTo(IdentityChange.REPLACED_EXISTING);
    assertThat(changes).containsExactly("bob.1");
    assertThat(protocol.getIdentity(bob)).isEqualTo(second);
  }

  @Test
  void saveIdentity_aFailingListenerDoesNotUndoTheChange() {
    var failing =
        ChatstoreSignalProtocolStore.builder(store)
            .identityChangeListener(
                (address, previous, current) -> {
                  throw new IllegalStateException("listener bug");
                })
            .build();
    var bob = new SignalProtocolAddress("bob", 1);
    IdentityKey second = IdentityKeyPair.generate().getPublicKey();
    failing.saveIdentity(bob, IdentityKeyPair.generate().getPublicKey());
    assertThat(failing.saveIdentity(bob, second)).isEqualTo(IdentityChange.REPLACED_EXISTING);
    assertThat(failing.getIdentity(bob)).isEqualTo(second);
  }

  @Test
  void isTrustedIdentity_trustsOnFirstUseThenOnlyTheStoredKeyForSending() {
    var bob = new SignalProtocolAddress("bob", 1);
    IdentityKey known = IdentityKeyPair.generate().getPublicKey();
    IdentityKey other = IdentityKeyPair.generate().getPublicKey();
    assertThat(protocol.isTrustedIdentity(bob, other, Direction.SENDING)).isTrue();
    protocol.saveIdentity(bob, known);
    assertThat(protocol.isTrustedIdentity(bob, known, Direction.SENDING)).isTrue();
    assertThat(protocol.isTrustedIdentity(bob, other, Direction.SENDING)).isFalse();
    assertThat(protocol.isTrustedIdentity(bob, other, Direction.RECEIVING)).isTrue();
    assertThat(protocol.isTrustedIdentity(new SignalProtocolAddress("bob", 2), other, Direction.SENDING))
        .as("identities are per device").isTrue();
  }

  @Test
  void reinstalledPeer_isRefusedForSendingButHeardWhenItWritesFirst() throws Exception {
    List<IdentityKey> seen = new ArrayList<>();
    Party alice =
        new Party("alice", 1, store, (address, previous, current) -> seen.add(current));
    Party bob = new Party("bob", 1, newStore());
    alice.startSession(bob, bob.publishBundle(1, 1, 1));
    var hello = alice.encrypt(bob, "hello");
    assertThat(bob.decrypt(alice, hello.getType(), hello.serialize())).isEqualTo("hello");

    Party newBob = new Party("bob", 1, newStore()); // reinstalled: a new identity
    assertThatThrownBy(() -> alice.startSession(newBob, newBob.publishBundle(2, 2, 2)))
        .as("alice must not encrypt to bob's new identity unasked")
        .isInstanceOf(UntrustedIdentityException.class);
    assertThat(seen).isEmpty();

    newBob.startSession(alice, alice.publishBundle(3, 3, 3));
    var again = newBob.encrypt(alice, "it's me again");
    assertThat(alice.decrypt(newBob, again.getType(), again.serialize())).isEqualTo("it's me again");
    IdentityKey newIdentity = newBob.protocol.getIdentityKeyPair().getPublicKey();
    assertThat(seen).containsExactly(newIdentity);
    assertThat(alice.protocol.getIdentity(newBob.address)).isEqualTo(newIdentity);
    var reply = alice.encrypt(newBob, "welcome back");
    assertThat(newBob.decrypt(alice, reply.getType(), reply.serialize())).isEqualTo("welcome back");
  }

  @Test
  void localIdentity_absentIsAClearError_thenCreatedOnce() {
    SignalStore empty = newStore();
    var fresh = ChatstoreSignalProtocolStore.on(empty);
    assertThatThrownBy(fresh::getIdentityKeyPair)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("LocalIdentities.getOrCreate")
        .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    SignalStore.LocalIdentity created = LocalIdentities.getOrCreate(empty);
    assertThat(LocalIdentities.getOrCreate(empty).keyPair()).isEqualTo(created.keyPair());
    assertThat(fresh.getIdentityKeyPair().serialize()).isEqualTo(created.keyPair());
    assertThat(fresh.getLocalRegistrationId()).isEqualTo(created.registrationId()).isBetween(1, 16380);
  }

  // --- sessions ---------------------------------------------------------------------------------

  @Test
  void subDeviceSessions_seeOnlyTheirOwnNameEvenWithDotsAndSharedPrefixes() {
    String[][] stored = {
      {"alice", "1"}, {"alice", "2"}, {"alice", "10"}, {"alice2", "5"},
      {"alice.1", "2"}, {"alice.1", "7"}, {"alice.", "3"}, {"ali", "4"}
    };
    for (String[] a : stored) {
      protocol.storeSession(new SignalProtocolAddress(a[0], Integer.parseInt(a[1])), new SessionRecord());
    }
    store.putSession("alice.0", new SessionRecord().serialize()); // not a libsignal device id
    store.putSession("alice.200", new SessionRecord().serialize());
    assertThat(protocol.getSubDeviceSessions("alice")).containsExactly(2, 10);
    assertThat(protocol.getSubDeviceSessions("alice.1")).containsExactly(2, 7);
    assertThat(protocol.getSubDeviceSessions("alice.")).containsExactly(3);
    assertThat(protocol.getSubDeviceSessions("alice2")).containsExactly(5);
    assertThat(protocol.getSubDeviceSessions("nobody")).isEmpty();

    protocol.deleteAllSessions("alice");
    assertThat(store.listSessions(""))
        .containsExactlyInAnyOrder("alice2.5", "alice.1.2", "alice.1.7", "alice..3", "ali.4");
    protocol.deleteAllSessions("alice.1");
    assertThat(store.listSessions("")).containsExactlyInAnyOrder("alice2.5", "alice..3", "ali.4");
  }

  @Test
  void loadSession_absentIsAFreshRecord_butLoadExistingSessionsFails() throws Exception {
    var bob = new SignalProtocolAddress("bob", 1);
    var carol = new SignalProtocolAddress("carol", 1);
    assertThat(protocol.containsSession(bob)).isFalse();
    assertThat(protocol.loadSession(bob).serialize()).isEqualTo(new SessionRecord().serialize());
    protocol.storeSession(bob, new SessionRecord());
    assertThat(protocol.containsSession(bob)).isTrue();
    assertThat(protocol.loadExistingSessions(List.of(bob))).hasSize(1);
    assertThatThrownBy(() -> protocol.loadExistingSessions(List.of(bob, carol)))
        .isInstanceOf(NoSessionException.class)
        .hasMessageContaining("carol.1");
    protocol.deleteSession(bob);
    assertThat(protocol.containsSession(bob)).isFalse();
  }

  @Test
  void damagedRecord_isASerializationError_neverAFreshSession() {
    store.putSession("bob.1", new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> protocol.loadSession(new SignalProtocolAddress("bob", 1)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("bob.1")
        .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.SERIALIZATION));
  }

  // --- sender keys ------------------------------------------------------------------------------

  @Test
  void senderKeys_arePerSenderAndDistribution() {
    var alice = new SignalProtocolAddress("alice", 1);
    UUID group = UUID.randomUUID();
    UUID otherGroup = UUID.randomUUID();
    assertThat(protocol.loadSenderKey(alice, group)).isNull();
    new GroupSessionBuilder(protocol).create(alice, group);
    assertThat(protocol.loadSenderKey(alice, group)).isNotNull();
    assertThat(protocol.loadSenderKey(alice, otherGroup)).isNull();
    assertThat(protocol.loadSenderKey(new SignalProtocolAddress("alice", 2), group)).isNull();
    protocol.senderKeys().deleteSenderKey(alice, group);
    assertThat(protocol.loadSenderKey(alice, group)).isNull();
  }
}
