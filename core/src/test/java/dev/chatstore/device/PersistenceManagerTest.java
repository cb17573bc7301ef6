package dev.chatstore.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Device;
import dev.chatstore.signal.Devices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PersistenceManager} on a real memory store, and on one made to fail. */
@Timeout(60)
class PersistenceManagerTest {
  /** A saver that is only ever woken, never on its interval. */
  private static final PersistenceOptions WAKE_ONLY = PersistenceOptions.defaults()
      .withSaveInterval(Duration.ofHours(1)).withBackoff(Duration.ofMillis(5),
          Duration.ofMillis(20));

  private ChatStore store;
  private Backend backend;

  static Device fresh() {
    return Device.unpaired(42, new byte[32], new byte[64], 1, new byte[100], new byte[32]);
  }

  @BeforeEach
  void open() {
    store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
    Devices devices = Devices.open(store);
    backend = devices.device(devices.create());
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Waits for {@code condition}, failing after 30 s (a bound on a hang, not a speed check). */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still waiting for: " + what);
      }
      Thread.sleep(2);
    }
  }

  @Test
  void newDevice_isSavedByTheSaver_andLoadedNextTime() throws Exception {
    try (PersistenceManager pm = PersistenceManager.open(backend, PersistenceManagerTest::fresh,
        WAKE_ONLY)) {
      assertThat(pm.getDeviceSnapshot()).isEqualTo(fresh());
      pm.processCommand(new DeviceCommand.SetPushName("Alice"));
      await("the change to be saved", () -> !pm.isDirty());
      assertThat(backend.load()).contains(fresh().withPushName("Alice"));
    }
    try (PersistenceManager again = PersistenceManager.open(backend, () -> {
      throw new AssertionError("a saved device must be loaded, not made anew");
    }, WAKE_ONLY)) {
      assertThat(again.getDeviceSnapshot().pushName()).isEqualTo("Alice");
      assertThat(again.isDirty()).isFalse();
    }
  }

  @Test
  void everyCommand_changesItsField() {
    try (PersistenceManager pm = PersistenceManager.open(backend, PersistenceManagerTest::fresh,
        WAKE_ONLY)) {
      List<DeviceCommand> commands = List.of(new DeviceCommand.SetId("1555:3@s.whatsapp.net"),
          new DeviceCommand.SetLid("99:3@lid"), new DeviceCommand.SetPushName("Bob"),
          new DeviceCommand.SetAccount(new byte[] {1, 2}), new DeviceCommand.SetPlatform("WEB"),
          new DeviceCommand.SetPropsHash("h"), new DeviceCommand.SetNextPrekeyId(500),
          new DeviceCommand.SetSignedPrekey(9, new byte[] {7}));
      for (DeviceCommand c : commands) {
        pm.processCommand(c);
      }
      Device d = pm.getDeviceSnapshot();
      assertThat(d).isEqualTo(fresh().withJid("1555:3@s.whatsapp.net").withLid("99:3@lid")
          .withPushName("Bob").withAccount(new byte[] {1, 2}).withPlatform("WEB")
          .withPropsHash("h").withNextPrekeyId(500).withSignedPrekey(9, new byte[] {7}));
    }
    assertThat(backend.load().orElseThrow().nextPrekeyId()).as("saved on close").isEqualTo(500);
  }

  @Test
  void concurrentChanges_areAllKept_andTheLastStateIsSavedOnClose() throws Exception {
    PersistenceManager pm = PersistenceManager.open(backend, PersistenceManagerTest::fresh,
        WAKE_ONLY);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 200; i++) {
          pm.modifyDevice(d -> d.withNextPrekeyId(d.nextPrekeyId() + 1));
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    pm.close();
    assertThat(pm.getDeviceSnapshot().nextPrekeyId()).isEqualTo(1 + 8 * 200);
    assertThat(backend.load().orElseThrow().nextPrekeyId())
        .as("close saves the last state").isEqualTo(1 + 8 * 200);
    assertThatThrownBy(() -> pm.processCommand(new DeviceCommand.SetPushName("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void failingSaves_stayDirty_becomeUnhealthy_andRecover() throws Exception {
    try (PersistenceManager pm = PersistenceManager.open(backend, PersistenceManagerTest::fresh,
        WAKE_ONLY)) {
      pm.flush();
      // a state larger than the store's value limit cannot be saved: a real store failure
      byte[] huge = new byte[KvLimits.MAX_VALUE_BYTES + 1];
      pm.processCommand(new DeviceCommand.SetAccount(huge));
      await("three failed saves", () -> pm.health() == PersistenceManager.Health.UNHEALTHY);
      assertThat(pm.consecutiveFailures()).isGreaterThanOrEqualTo(3);
      assertThat(pm.isDirty()).isTrue();
      assertThat(pm.lastFailure()).get().asString().contains("limit");
      assertThat(backend.load().orElseThrow().account()).as("the stored state is the old one")
          .isNull();

      pm.processCommand(new DeviceCommand.SetAccount(new byte[] {5}));
      await("a retry to succeed", () -> pm.health() == PersistenceManager.Health.HEALTHY
          && !pm.isDirty());
      assertThat(pm.consecutiveFailures()).isZero();
      assertThat(pm.lastFailure()).isEmpty();
      assertThat(backend.load().orElseThrow().account()).containsExactly(5);
    }
  }

  @Test
  void closedStore_makesSavesFail_andCloseReportsTheLostChange() throws Exception {
    PersistenceManager pm = PersistenceManager.open(backend, PersistenceManagerTest::fresh,
        WAKE_ONLY.withUnhealthyAfter(2));
    pm.flush();
    store.close();
    pm.processCommand(new DeviceCommand.SetPushName("never saved"));
    await("the saver to give up", () -> pm.health() == PersistenceManager.Health.UNHEALTHY);
    assertThat(pm.lastFailure()).get().isInstanceOf(StoreException.class);
    assertThat(((StoreException) pm.lastFailure().orElseThrow()).kind())
        .isEqualTo(StoreException.Kind.CLOSED);
    assertThatThrownBy(pm::close).as("the last save on close fails loudly")
        .isInstanceOf(StoreException.class);
    assertThat(pm.getDeviceSnapshot().pushName()).isEqualTo("never saved");
    pm.close(); // closing twice is harmless
  }

  @Test
  void options_refuseNonsense() {
    assertThatThrownBy(() -> PersistenceOptions.defaults().withUnhealthyAfter(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unhealthyAfter 0");
    assertThatThrownBy(() -> PersistenceOptions.defaults().withBackoff(Duration.ofSeconds(2),
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> PersistenceOptions.defaults().withSaveInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saveInterval");
  }
}
