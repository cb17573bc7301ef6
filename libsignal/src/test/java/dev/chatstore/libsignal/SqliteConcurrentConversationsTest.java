// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Devices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * One party talks with several peers at once, one thread per peer, every party a device of the
 * same SQLite database: the adapter serves concurrent conversations with different addresses,
 * and the devices of one database never see each other's keys.
 */
class SqliteConcurrentConversationsTest {
  private static final int PEERS = 4;
  private static final int ROUNDS = 40;

  @TempDir Path folder;

  @Test
  void conversationsWithSeveralPeersAtOnce_allDecrypt() throws Exception {
    try (ChatStore store = ChatStore.open("sqlite:" + folder)) {
      Devices devices = Devices.open(store);
      Party hub = new Party("hub", 1, devices.device(devices.create()));
      List<Party> peers = new ArrayList<>();
      for (int i = 0; i < PEERS; i++) {
        peers.add(new Party("peer" + i, 1, devices.device(devices.create())));
      }
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Integer>> talks = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
          Party peer = peers.get(i);
          int ids = 10 * (i + 1);
          talks.add(pool.submit(() -> talk(hub, peer, peer.publishBundle(ids, ids, ids))));
        }
        for (Future<Integer> talk : talks) {
          assertThat(talk.get()).isEqualTo(2 * ROUNDS);
        }
      }
      assertThat(hub.protocol.getSubDeviceSessions("peer0")).isEmpty();
      for (Party peer : peers) {
        assertThat(hub.protocol.containsSession(peer.address)).isTrue();
        assertThat(peer.protocol.containsSession(hub.address)).isTrue();
        for (Party other : peers) {
          if (other != peer) {
            assertThat(peer.protocol.containsSession(other.address))
                .as("%s sees no session of %s", peer.address, other.address).isFalse();
          }
        }
      }
    }
  }

  /** Alternating messages between the hub and one peer; returns how many decrypted. */
  private static int talk(Party hub, Party peer, PreKeyBundle bundle)
      throws Exception {
    hub.startSession(peer, bundle);
    int decrypted = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String out = "to " + peer.address.getName() + " #" + round;
      CiphertextMessage m = hub.encrypt(peer, out);
      assertThat(peer.decrypt(hub, m.getType(), m.serialize())).isEqualTo(out);
      String back = "from " + peer.address.getName() + " #" + round;
      CiphertextMessage r = peer.encrypt(hub, back);
      assertThat(hub.decrypt(peer, r.getType(), r.serialize())).isEqualTo(back);
      decrypted += 2;
    }
    return decrypted;
  }
}
