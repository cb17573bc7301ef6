// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.message.CiphertextMessage;

/**
 * Two real libsignal parties, each with its state in its own SQLite chatstore, hold a conversation:
 * a session from a pre-key bundle with a Kyber pre-key, then 1,000 messages in both directions,
 * interleaved at random and sometimes delivered out of order, with both stores closed and
 * reopened halfway while messages are still in flight. Every message must decrypt to what was
 * sent.
 */
class SqliteConversationTest {
  private static final int MESSAGES = 1_000;

  @TempDir Path folder;

  private record Envelope(int type, byte[] bytes, String plaintext) {}

  @Test
  void thousandMessagesBothWays_surviveACloseAndReopenHalfway() {
    Seeded.run("conversation", this::converse);
  }

  private void converse(Random random) throws Exception {
    try (DeviceStorage aliceHome = new SqliteDeviceStorage(folder.resolve("alice"));
        DeviceStorage bobHome = new SqliteDeviceStorage(folder.resolve("bob"))) {
      Party alice = new Party("+14155550101.uuid-a", 1, aliceHome.open());
      Party bob = new Party("+14155550102.uuid-b", 2, bobHome.open());
      alice.startSession(bob, bob.publishBundle(31, 7, 1_000_003));

      List<Envelope> toBob = new ArrayList<>();
      List<Envelope> toAlice = new ArrayList<>();
      int sent = 0;
      int fromAlice = 0;
      int delivered = 0;
      int outOfOrder = 0;
      boolean bobHasSession = false;
      boolean reopened = false;
      while (delivered < MESSAGES) {
        if (!reopened && sent == MESSAGES / 2) {
          byte[] aliceIdentity = alice.protocol.getIdentityKeyPair().serialize();
          aliceHome.close();
          bobHome.close();
          alice = alice.reopened(aliceHome.open());
          bob = bob.reopened(bobHome.open());
          assertThat(alice.protocol.getIdentityKeyPair().serialize())
              .as("alice's own identity after the reopen").isEqualTo(aliceIdentity);
          assertThat(bob.protocol.getIdentity(alice.address))
              .as("alice's identity as bob stored it").isEqualTo(alice.protocol.getIdentityKeyPair().getPublicKey());
          reopened = true;
        }
        int action = random.nextInt(4);
        if (action == 0 && sent < MESSAGES) {
          toBob.add(send(alice, bob, sent++, random));
          fromAlice++;
        } else if (action == 1 && sent < MESSAGES && bobHasSession) {
          toAlice.add(send(bob, alice, sent++, random));
        } else if (action == 2 && !toBob.isEmpty()) {
          outOfOrder += deliver(toBob, alice, bob, random);
          delivered++;
          bobHasSession = true;
        } else if (action == 3 && !toAlice.isEmpty()) {
          outOfOrder += deliver(toAlice, bob, alice, random);
          delivered++;
        }
      }
      assertThat(reopened).isTrue();
      assertThat(fromAlice).as("messages from alice").isBetween(MESSAGES / 4, 3 * MESSAGES / 4);
      assertThat(outOfOrder).as("messages delivered out of order").isPositive();
      assertThat(bob.protocol.containsKyberPreKey(1_000_003))
          .as("the Kyber pre-key is a last-resort key, kept after use").isTrue();
      assertThat(bob.protocol.containsPreKey(31)).as("the one-time pre-key is used up").isFalse();
    }
  }

  private static Envelope send(Party from, Party to, int n, Random random) throws Exception {
    StringBuilder text = new StringBuilder(from.address.getName()).append(" #").append(n).append(' ');
    int extra = random.nextInt(10) == 0 ? 2_000 : random.nextInt(64);
    for (int i = 0; i < extra; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    CiphertextMessage message = from.encrypt(to, text.toString());
    return new Envelope(message.getType(), message.serialize(), text.toString());
  }

  /** Delivers the oldest message, or now and then one of the next two; 1 if out of order. */
  private static int deliver(List<Envelope> queue, Party from, Party to, Random random)
      throws Exception {
    int index = random.nextInt(5) == 0 ? random.nextInt(Math.min(3, queue.size())) : 0;
    Envelope envelope = queue.remove(index);
    assertThat(to.decrypt(from, envelope.type(), envelope.bytes()))
        .as("what %s receives", to.address)
        .isEqualTo(envelope.plaintext());
    return index == 0 ? 0 : 1;
  }
}
