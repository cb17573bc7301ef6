package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.MessageKey;
import dev.chatstore.chat.PutResult;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import dev.chatstore.chat.MemberRole;
import org.junit.jupiter.api.Test;

/** Concurrent writers, in one process and through two handles on the same data. */
public interface ChatConcurrencyContract extends ChatDbTck {

  @Test
  default void concurrentDuplicates_areStoredExactlyOnce() throws Exception {
    ChatDb second = secondWriter();
    List<Callable<PutResult>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      ChatDb handle = t % 2 == 0 ? db() : second;
      int n = t;
      tasks.add(() -> handle.putMessage(message(chat(1), msg(1), at(100 + n), "copy " + n),
          List.of(user(1))));
    }
    List<PutResult> results = ChatDbTck.runConcurrently(tasks);
    assertThat(results).filteredOn(PutResult::inserted).hasSize(1);
    assertThat(db().range(chat(1), null, 10).items()).hasSize(1);
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(1);
    assertThat(db().listUserChats(user(1), null, 10).items()).hasSize(1);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
  }

  @Test
  default void alternatingHandles_eachDecideOnTheOthersWrites() {
    ChatDb second = secondWriter();
    db().putMessage(message(chat(1), msg(1), at(100), "a"), List.of(user(1)));
    second.putMessage(message(chat(1), msg(2), at(200), "b"), List.of(user(1)));
    PutResult third = db().putMessage(message(chat(1), msg(3), at(300), "c"), List.of(user(1)));
    assertThat(third.key().seq()).isEqualTo(3);
    assertThat(db().putMessage(message(chat(1), msg(2), at(200), "b"), List.of(user(1)))
        .inserted()).isFalse();
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(3);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();

    assertThat(db().setUserReadProgress(user(1), chat(1), 1)).isTrue();
    assertThat(second.setUserReadProgress(user(1), chat(1), 3)).isTrue();
    assertThat(db().setUserReadProgress(user(1), chat(1), 2)).isFalse(); // never backwards
    assertThat(db().readProgress(user(1), chat(1))).isEqualTo(3);

    assertThat(db().deleteUserInboxEntry(user(1), chat(1))).isTrue();
    assertThat(db().deleteUserInboxEntry(user(1), chat(1))).isFalse();
    assertThat(second.upsertInboxForMembers(chat(1), List.of(user(1)), at(400))).isEqualTo(1);
    assertThat(db().deleteUserInboxEntry(user(1), chat(1))).isTrue(); // the other's new entry
    assertThat(db().listUserChats(user(1), null, 10).items()).isEmpty();
  }

  @Test
  default void concurrentMessagesOfOneChat_getDistinctSequenceNumbers() throws Exception {
    ChatDb second = secondWriter();
    int threads = 6;
    int each = 15;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ChatDb handle = t % 2 == 0 ? db() : second;
      int base = t * each;
      tasks.add(() -> {
        for (int i = 0; i < each; i++) {
          handle.putMessage(message(chat(1), msg(base + i), at(1000 + base + i), "m"),
              List.of(user(1), user(2)));
        }
        return null;
      });
    }
    ChatDbTck.runConcurrently(tasks);
    List<StoredMessage> all = db().range(chat(1), null, 1000).items();
    assertThat(all).hasSize(threads * each);
    Set<Long> seqs = new HashSet<>();
    for (StoredMessage m : all) {
      seqs.add(m.key().seq());
    }
    assertThat(seqs).hasSize(threads * each);
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(threads * each);
    assertThat(db().listUserChats(user(2), null, 10).items()).singleElement()
        .satisfies(i -> assertThat(i.activity()).isEqualTo(at(1000 + threads * each - 1)));
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
    MessageKey last = all.get(all.size() - 1).key();
    assertThat(last.hlc()).isEqualTo(at(1000 + threads * each - 1));
  }

  @Test
  default void concurrentMembershipAndIdentityWrites_keepTheMerkleTreesExact() throws Exception {
    ChatDb second = secondWriter();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      ChatDb handle = t % 2 == 0 ? db() : second;
      int base = t * 100;
      tasks.add(() -> {
        for (int i = 0; i < 12; i++) {
          handle.addMember(chat(base + i), user(i), MemberRole.PARTICIPANT,
              at(10 + i));
          handle.removeMember(chat(base + i), user(i), at(20 + i));
          handle.putIdentity(user(base + i), at(5 + i), new byte[] {(byte) i});
        }
        return null;
      });
    }
    ChatDbTck.runConcurrently(tasks);
    assertThat(db().merkle(SyncDomain.MEMBERS).verify()).isEmpty();
    assertThat(db().merkle(SyncDomain.IDENTITY).verify()).isEmpty();
    List<byte[]> ids = new ArrayList<>();
    db().forEachMemberRecordId(ids::add);
    assertThat(ids).hasSize(48);
  }

  @Test
  default void concurrentMessagesAndInboxWrites_leaveOneEntryPerUserAndChat() throws Exception {
    ChatDb second = secondWriter();
    int chats = 3;
    int users = 4;
    List<byte[]> members = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      members.add(user(u));
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      ChatDb handle = t % 2 == 0 ? db() : second;
      int base = t * 1000;
      int kind = t % 3;
      tasks.add(() -> {
        for (int i = 0; i < 20; i++) {
          byte[] c = chat(i % chats);
          switch (kind) {
            case 0 -> handle.putMessage(message(c, msg(base + i), at(base + i + 1), "m"),
                members);
            case 1 -> handle.upsertInboxForMembers(c, members.subList(0, 1 + i % users),
                at(base + i + 1));
            default -> handle.deleteUserInboxEntry(user(i % users), c);
          }
        }
        return null;
      });
    }
    ChatDbTck.runConcurrently(tasks);
    for (int u = 0; u < users; u++) {
      List<String> seen = new ArrayList<>();
      db().listUserChats(user(u), null, 100).items()
          .forEach(item -> seen.add(java.util.HexFormat.of().formatHex(item.chatId())));
      assertThat(seen).doesNotHaveDuplicates();
      for (int c = 0; c < chats; c++) {
        db().deleteUserInboxEntry(user(u), chat(c));
      }
      // an entry without its position (or a second one) would survive the deletes
      assertThat(db().listUserChats(user(u), null, 100).items()).isEmpty();
    }
  }

  @Test
  default void handlesPlanningFromWhatTheyLastWrote_seeTheOthersWrites() {
    // each handle may plan a chat's next message from what it itself last committed; the
    // other handle's writes in between must still be seen (meta, sequence, inbox positions)
    ChatDb second = secondWriter();
    db().putMessage(message(chat(1), msg(1), at(100), "a"), List.of(user(1), user(2)));
    second.putMessage(message(chat(1), msg(2), at(200), "b"), List.of(user(1)));
    PutResult third = db().putMessage(message(chat(1), msg(3), at(300), "c"),
        List.of(user(1), user(2)));
    assertThat(third.key().seq()).isEqualTo(3);
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(3);
    for (int u = 1; u <= 2; u++) {
      assertThat(db().listUserChats(user(u), null, 10).items()).singleElement()
          .satisfies(i -> assertThat(i.activity()).isEqualTo(at(300)));
    }

    // an inbox write of the other handle (no message, no meta change) moves a position ahead
    assertThat(second.upsertInboxForMembers(chat(1), List.of(user(1)), at(900))).isEqualTo(1);
    db().putMessage(message(chat(1), msg(4), at(400), "d"), List.of(user(1), user(2)));
    assertThat(db().listUserChats(user(1), null, 10).items()).singleElement()
        .satisfies(i -> assertThat(i.activity()).isEqualTo(at(900)));
    assertThat(db().listUserChats(user(2), null, 10).items()).singleElement()
        .satisfies(i -> assertThat(i.activity()).isEqualTo(at(400)));

    // the other handle deletes an entry; the next message brings it back, once
    assertThat(second.deleteUserInboxEntry(user(2), chat(1))).isTrue();
    db().putMessage(message(chat(1), msg(5), at(500), "e"), List.of(user(2)));
    assertThat(db().listUserChats(user(2), null, 10).items()).singleElement()
        .satisfies(i -> assertThat(i.activity()).isEqualTo(at(500)));
    assertThat(db().deleteUserInboxEntry(user(2), chat(1))).isTrue();
    assertThat(db().listUserChats(user(2), null, 10).items()).isEmpty();
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(5);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
  }

  /**
   * Two handles put and delete messages whose ids fall into the same few Merkle leaves, in a
   * random order: each handle may flip a leaf from what it last committed there, so each must
   * still see the other's flips in between (a leaf flipped from a stale value would be wrong
   * for good).
   */
  @Test
  default void randomlyInterleavedHandles_keepTheMessageLeavesExact() {
    long seed = seed();
    System.out.println("randomlyInterleavedHandles leaves seed " + seed);
    java.util.Random r = random();
    ChatDb[] handles = {db(), secondWriter()};
    int[] buckets = {0x0101, 0x0102, 0x0203};
    List<byte[]> live = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      ChatDb h = handles[r.nextInt(2)];
      if (live.isEmpty() || r.nextInt(3) > 0) {
        byte[] id = new byte[32];
        r.nextBytes(id);
        int b = buckets[r.nextInt(buckets.length)];
        id[0] = (byte) (b >>> 8);
        id[1] = (byte) b;
        assertThat(h.putMessage(message(chat(r.nextInt(3)), id, at(step + 1), "m")).inserted())
            .as("seed %d step %d", seed, step).isTrue();
        live.add(id);
      } else {
        byte[] id = live.remove(r.nextInt(live.size()));
        assertThat(h.deleteMessage(id)).as("seed %d step %d", seed, step).isTrue();
      }
    }
    for (int b : buckets) {
      byte[] want = new byte[32];
      for (byte[] id : live) {
        if (((id[0] & 0xFF) << 8 | (id[1] & 0xFF)) == b) {
          for (int i = 0; i < 32; i++) {
            want[i] ^= id[i];
          }
        }
      }
      for (ChatDb h : handles) {
        assertThat(h.merkle(SyncDomain.MESSAGES).leaf(b)).as("seed %d, leaf %04x", seed, b)
            .isEqualTo(want);
      }
    }
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).as("seed %d", seed).isEmpty();
  }

  @Test
  default void randomlyInterleavedHandles_keepMetaAndInboxesExact() {
    long seed = seed();
    System.out.println("randomlyInterleavedHandles seed " + seed);
    java.util.Random r = random();
    ChatDb[] handles = {db(), secondWriter()};
    int chats = 3;
    int users = 4;
    long[] count = new long[chats];
    // the expected inbox position of (user, chat): the highest activity written, or none
    Long[][] expected = new Long[users][chats];
    int stamp = 1;
    for (int step = 0; step < 300; step++) {
      ChatDb h = handles[r.nextInt(2)];
      int c = r.nextInt(chats);
      int op = r.nextInt(10);
      if (op < 7) {
        List<byte[]> to = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          if (r.nextBoolean()) {
            to.add(user(u));
            expected[u][c] = expected[u][c] == null ? stamp : Math.max(expected[u][c], stamp);
          }
        }
        assertThat(h.putMessage(message(chat(c), msg(step), at(stamp), "m"), to).key().seq())
            .as("seed %d step %d", seed, step).isEqualTo(++count[c]);
        stamp++;
      } else if (op < 9) {
        int u = r.nextInt(users);
        long act = Math.max(1, stamp + r.nextInt(5) - 2);
        h.upsertInboxForMembers(chat(c), List.of(user(u)), at(act));
        expected[u][c] = expected[u][c] == null ? act : Math.max(expected[u][c], act);
      } else {
        int u = r.nextInt(users);
        assertThat(h.deleteUserInboxEntry(user(u), chat(c))).as("seed %d step %d", seed, step)
            .isEqualTo(expected[u][c] != null);
        expected[u][c] = null;
      }
    }
    for (int c = 0; c < chats; c++) {
      assertThat(db().chatMeta(chat(c)).map(m -> m.lastSeq()).orElse(0L)).as("seed %d", seed)
          .isEqualTo(count[c]);
    }
    for (int u = 0; u < users; u++) {
      java.util.Map<String, Long> inbox = new java.util.TreeMap<>();
      for (var item : db().listUserChats(user(u), null, 100).items()) {
        assertThat(inbox.put(java.util.HexFormat.of().formatHex(item.chatId()),
            item.activity().physicalMs())).as("seed %d: a second entry", seed).isNull();
      }
      java.util.Map<String, Long> want = new java.util.TreeMap<>();
      for (int c = 0; c < chats; c++) {
        if (expected[u][c] != null) {
          want.put(java.util.HexFormat.of().formatHex(chat(c)), at(expected[u][c]).physicalMs());
        }
      }
      assertThat(inbox).as("seed %d, inbox of user %d", seed, u).isEqualTo(want);
    }
  }
}
