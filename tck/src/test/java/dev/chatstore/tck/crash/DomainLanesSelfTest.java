package dev.chatstore.tck.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chat and Signal lanes of the crash workload read back exactly what their writes leave,
 * and the chat lane's checks catch a chat database whose parts disagree.
 */
class DomainLanesSelfTest {
  private static final long SEED = 42;
  private static final int OPS = 300;
  private final CrashWorkload workload = CrashWorkload.mixed();
  private final ChatStore store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));

  private int firstLane(CrashWorkload.Kind kind) {
    for (int lane = 0; ; lane++) {
      if (workload.kind(lane) == kind) {
        return lane;
      }
    }
  }

  @Test
  void chatLane_readsBackItsModel_includingPutsOfMessagesStoredBefore() {
    int lane = firstLane(CrashWorkload.Kind.CHAT);
    ChatDb db = ChatDb.open(store, ChatLane.tenant(lane));
    for (int i = 0; i < OPS; i++) {
      ChatLane.write(db, workload.op(SEED, lane, i), i);
    }
    NavigableMap<String, String> found = ChatLane.read(store, workload, lane);
    assertThat(new LaneModel(workload, SEED, lane).match(found, OPS - 1)).isNull();
    assertThat(found).hasSizeGreaterThan(OPS);
  }

  @Test
  void chatLane_catchesAChatWhoseMessagesMetaAndInboxesDisagree() {
    int lane = firstLane(CrashWorkload.Kind.CHAT);
    ChatDb db = ChatDb.open(store, ChatLane.tenant(lane));
    for (int i = 0; i < 20; i++) {
      ChatLane.write(db, workload.op(SEED, lane, i), i);
    }
    String key = ChatLane.read(store, workload, lane).firstKey();
    db.deleteMessage(ChatLane.msgId(key));
    assertThatThrownBy(() -> ChatLane.read(store, workload, lane))
        .isInstanceOf(AssertionError.class)
        .hasMessageMatching("(?s).*(sequence numbers|meta).*");

    ChatDb other = ChatDb.open(store, ChatLane.tenant(lane + 1));
    for (int i = 0; i < 20; i++) {
      ChatLane.write(other, workload.op(SEED, lane + 1, i), i);
    }
    String prefix2 = workload.prefix(lane + 1);
    for (int c = 0; c < ChatLane.CHATS; c++) {
      other.deleteUserInboxEntry(ChatLane.userId(prefix2, c), ChatLane.chatId(prefix2, c));
    }
    assertThatThrownBy(() -> ChatLane.read(store, workload, lane + 1))
        .isInstanceOf(AssertionError.class).hasMessageContaining("inbox");
  }

  @Test
  void signalLane_readsBackItsModel_withWholeValuesAndIdentitiesOf32Bytes() {
    int lane = firstLane(CrashWorkload.Kind.SIGNAL);
    Devices devices = Devices.open(store);
    Backend device = SignalLane.ensure(devices, SignalLane.device(workload.ordinal(lane)));
    for (int i = 0; i < OPS; i++) {
      SignalLane.write(device, workload.op(SEED, lane, i));
    }
    NavigableMap<String, String> found = SignalLane.read(Devices.open(store),
        workload.prefix(lane), device.deviceId());
    assertThat(new LaneModel(workload, SEED, lane).match(found, OPS - 1)).isNull();
    for (Map.Entry<String, String> e : found.entrySet()) {
      assertThat(CrashWorkload.damage(e.getKey(), e.getValue())).as(e.getKey()).isNull();
    }
    assertThat(found.keySet()).anyMatch(k -> k.contains("/s")).anyMatch(k -> k.contains("/p"))
        .anyMatch(k -> k.contains("/t")).anyMatch(k -> k.contains("/i"));
    assertThat(SignalLane.identity("S01/i0", 7, new SplittableRandom(1))).hasSize(32);
  }
}
