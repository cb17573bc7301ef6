package dev.chatstore.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Snapshots taken while a writer runs are consistent cuts: a writer that saves the device state
 * (credentials area) and then a session (signal area) with the same counter never leaves a
 * snapshot whose session is ahead of its device state, although the snapshot copies the
 * credentials before the sessions.
 */
@Timeout(120)
class SnapshotConsistencyTest {

  @Test
  void snapshotsDuringWrites_areConsistentCuts() throws Exception {
    try (ChatStore store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()))) {
      Devices devices = Devices.open(store);
      Backend b = devices.device(devices.create());
      Device base = Device.unpaired(1, new byte[32], new byte[32], 1, new byte[8], new byte[8]);
      b.save(base.withNextPrekeyId(0));
      b.putSession("counter", ByteBuffer.allocate(4).putInt(0).array());
      Thread writer = Thread.ofPlatform().start(() -> {
        for (int i = 1; i <= 2000; i++) {
          b.save(base.withNextPrekeyId(i));
          b.putSession("counter", ByteBuffer.allocate(4).putInt(i).array());
        }
      });
      List<String> names = new ArrayList<>();
      while (writer.isAlive() || names.isEmpty()) {
        String name = "s" + names.size();
        b.snapshotDb(name, null);
        names.add(name);
      }
      writer.join();
      for (String name : names) {
        b.restoreSnapshot(name);
        int device = b.load().orElseThrow().nextPrekeyId();
        int session = ByteBuffer.wrap(b.getSession("counter").orElseThrow()).getInt();
        assertThat(session).as("snapshot " + name + ": session " + session + ", device "
            + device).isBetween(device - 1, device);
      }
    }
  }
}
