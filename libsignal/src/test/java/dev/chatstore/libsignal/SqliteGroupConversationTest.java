// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;

/**
 * Three real libsignal parties, each with its state in its own SQLite chatstore, exchange group
 * messages through sender keys: each hands the others its sender key distribution message, then
 * they send in random order, each message decrypted by both others, some out of order, with the
 * stores closed and reopened halfway. Every message must decrypt to what was sent.
 */
class SqliteGroupConversationTest {
  private static final int MESSAGES = 300;

  @TempDir Path folder;

  private record Posted(Party from, byte[] bytes, String plaintext) {}

  @Test
  void threePartiesExchangeGroupMessagesThroughSenderKeys() {
    Seeded.run("group conversation", this::converse);
  }

  private void converse(Random random) throws Exception {
    String[] names = {"alice", "bob", "carol"};
    List<DeviceStorage> homes = new ArrayList<>();
    List<Party> parties = new ArrayList<>();
    try {
      for (int i = 0; i < names.length; i++) {
        homes.add(new SqliteDeviceStorage(folder.resolve(names[i])));
        parties.add(new Party(names[i], i + 1, homes.get(i).open()));
      }
      UUID group = UUID.randomUUID();
      for (Party sender : parties) {
        byte[] distribution =
            new GroupSessionBuilder(sender.protocol).create(sender.address, group).serialize();
        for (Party member : parties) {
          if (member != sender) {
            new GroupSessionBuilder(member.protocol)
                .process(sender.address, new SenderKeyDistributionMessage(distribution));
          }
        }
      }

      // one inbox per party; messages arrive in sending order, but now and then out of order
      List<List<Posted>> inboxes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      int decrypted = 0;
      for (int n = 0; n < MESSAGES; n++) {
        if (n == MESSAGES / 2) {
          for (int i = 0; i < parties.size(); i++) {
            homes.get(i).close();
            parties.set(i, parties.get(i).reopened(homes.get(i).open()));
          }
        }
        int s = random.nextInt(parties.size());
        Party sender = parties.get(s);
        String text = sender.address.getName() + " to the group #" + n + " " + random.nextLong();
        Posted posted = new Posted(sender, sender.groupEncrypt(group, text), text);
        for (int r = 0; r < parties.size(); r++) {
          if (r != s) {
            inboxes.get(r).add(posted);
          }
        }
        for (int r = 0; r < parties.size(); r++) {
          decrypted += drain(inboxes.get(r), parties, r, random.nextInt(3) == 0 ? 0 : 3, random);
        }
      }
      for (int r = 0; r < parties.size(); r++) {
        decrypted += drain(inboxes.get(r), parties, r, 0, random);
      }
      assertThat(decrypted).as("messages decrypted, each by two members").isEqualTo(2 * MESSAGES);
    } finally {
      for (DeviceStorage home : homes) {
        home.close();
      }
    }
  }

  /**
   * Lets party {@code r} read its inbox down to {@code keep} messages, taking now and then the
   * second message before the first; returns how many it decrypted.
   */
  private static int drain(List<Posted> inbox, List<Party> parties, int r, int keep, Random random)
      throws Exception {
    int count = 0;
    while (inbox.size() > keep) {
      int index = inbox.size() > 1 && random.nextInt(4) == 0 ? 1 : 0;
      Posted posted = inbox.remove(index);
      Party sender = parties.stream().filter(p -> p.address.equals(posted.from().address)).findFirst().orElseThrow();
      assertThat(parties.get(r).groupDecrypt(sender, posted.bytes()))
          .as("what %s reads", parties.get(r).address)
          .isEqualTo(posted.plaintext());
      count++;
    }
    return count;
  }
}
