package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.texts;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.ChatMeta;
import dev.chatstore.chat.MessageKey;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.chat.PutResult;
import dev.chatstore.chat.RangePage;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Messages: fixed ids, atomic idempotent put, chat meta, chronological pages. */
public interface MessageContract extends ChatDbTck {

  @Test
  default void ids_ofWrongLength_areRefusedNamingTheExpectedLength() {
    assertThatThrownBy(() -> message(new byte[31], msg(1), at(1), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat id")
        .hasMessageContaining("expected exactly 32 bytes");
    assertThatThrownBy(() -> message(chat(1), new byte[33], at(1), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message id")
        .hasMessageContaining("expected exactly 32 bytes");
    assertThatThrownBy(() -> db().putMessage(message(chat(1), msg(1), at(1), "x"),
        List.of(user(1), new byte[19])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19 bytes long")
        .hasMessageContaining("expected exactly 20 bytes");
    assertThatThrownBy(() -> db().listUserChats(new byte[21], null, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected exactly 20");
    assertThat(db().chatMeta(chat(1))).as("a refused put should write nothing").isEmpty();
  }

  @Test
  default void putMessage_storesMessageSeenEntryAndMetaTogether() {
    ChatMessage m = ChatMessage.text(chat(1), msg(1), user(2), at(1000), "hello");
    PutResult r = db().putMessage(m);
    assertThat(r.inserted()).isTrue();
    assertThat(r.key()).isEqualTo(new MessageKey(chat(1), at(1000), 1));
    StoredMessage back = db().getMessage(msg(1)).orElseThrow();
    assertThat(back.message()).isEqualTo(m);
    assertThat(back.key()).isEqualTo(r.key());
    ChatMeta meta = db().chatMeta(chat(1)).orElseThrow();
    assertThat(meta.lastSeq()).isEqualTo(1);
    assertThat(meta.lastMsgId()).isEqualTo(msg(1));
    assertThat(meta.lastSender()).isEqualTo(user(2));
    assertThat(meta.lastPreview()).isEqualTo("hello");
    assertThat(other().getMessage(msg(1))).as("another tenant sees nothing").isEmpty();
  }

  /**
   * A tenant's database keeps every key in the tenant's chat area, in the very layout of a
   * database on that area alone: a {@code ChatDb} on the area's view reads what {@link #db()}
   * wrote (messages, inboxes, members, identities, Merkle roots), and no key lands outside it.
   */
  @Test
  default void tenantDatabase_keepsItsKeysInItsChatArea_inTheLayoutOfADatabaseOnTheArea() {
    KvStore kv = store().kv();
    KeyRange area = KeyRange.prefix(store().tenant(ChatDbConformanceSuite.TENANT)
        .subspace(Area.CHAT).prefix());
    long outside = kv.count(KeyRange.all()) - kv.count(area);
    for (int i = 0; i < 20; i++) {
      db().putMessage(ChatMessage.text(chat(i % 3), msg(i), user(i % 4), at(1000 + i), "m" + i),
          List.of(user(0), user(1)));
    }
    db().addMember(chat(0), user(2), dev.chatstore.chat.MemberRole.PARTICIPANT, hlc().now());
    db().putIdentity(user(3), hlc().now(), new byte[] {1, 2, 3});
    db().setUserReadProgress(user(0), chat(1), 2);
    assertThat(kv.count(KeyRange.all()) - kv.count(area)).as("keys outside the tenant's area")
        .isEqualTo(outside);
    ChatDb onArea = ChatDb.on(store().tenant(ChatDbConformanceSuite.TENANT).area(Area.CHAT));
    for (int c = 0; c < 3; c++) {
      assertThat(onArea.latest(chat(c), null, 50)).isEqualTo(db().latest(chat(c), null, 50));
      assertThat(onArea.chatMeta(chat(c))).isEqualTo(db().chatMeta(chat(c)));
    }
    for (int u = 0; u < 4; u++) {
      assertThat(onArea.listUserChats(user(u), null, 10))
          .isEqualTo(db().listUserChats(user(u), null, 10));
    }
    assertThat(onArea.listMembers(chat(0))).containsExactly(user(2));
    assertThat(onArea.getIdentity(user(3))).isEqualTo(db().getIdentity(user(3)));
    for (SyncDomain d : SyncDomain.values()) {
      assertThat(onArea.merkle(d).root()).isEqualTo(db().merkle(d).root());
    }
    assertThat(onArea.merkle(SyncDomain.MESSAGES).root())
        .isNotEqualTo(other().merkle(SyncDomain.MESSAGES).root());
  }

  @Test
  default void putMessage_sameIdAgain_changesNothing() {
    PutResult first = db().putMessage(message(chat(1), msg(1), at(1000), "one"), List.of(user(1)));
    List<String> roots = ChatDbTck.roots(db());
    PutResult again = db().putMessage(message(chat(1), msg(1), at(5000), "changed"),
        List.of(user(1), user(2)));
    assertThat(again.inserted()).isFalse();
    assertThat(again.key()).as("a duplicate reports the first key").isEqualTo(first.key());
    assertThat(texts(db().range(chat(1), null, 10).items())).containsExactly("one");
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).as("no meta bump").isEqualTo(1);
    assertThat(db().listUserChats(user(1), null, 10).items().get(0).activity())
        .as("no inbox bump").isEqualTo(at(1000));
    assertThat(db().listUserChats(user(2), null, 10).items()).as("no new inbox entry").isEmpty();
    assertThat(ChatDbTck.roots(db())).as("no Merkle change").isEqualTo(roots);
  }

  /**
   * A batch mixing new messages with messages stored before (by this handle or another one)
   * stores only the new ones and reports the stored ones with their first key, batch after
   * batch, whichever way round the batches come.
   */
  @Test
  default void putMessages_mixingNewAndStoredMessages_storesOnlyTheNewOnes() {
    ChatDb second = secondWriter();
    List<PutResult> first = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ChatDb h = i % 2 == 0 ? second : db();
      first.add(h.putMessage(message(chat(1), msg(i), at(100 * i), "m" + i)));
    }
    List<MessageWrite> mixed = new ArrayList<>();
    for (int i : new int[] {5, 2, 6, 4}) {
      mixed.add(new MessageWrite(message(chat(1), msg(i), at(100 * i), "m" + i), List.of()));
    }
    List<PutResult> r = db().putMessages(mixed);
    assertThat(r).extracting(PutResult::inserted).containsExactly(true, false, true, false);
    assertThat(r.get(1).key()).isEqualTo(first.get(1).key());
    assertThat(r.get(3).key()).isEqualTo(first.get(3).key());
    // then new ones only, then stored ones only, then a mix again
    List<MessageWrite> fresh = List.of(
        new MessageWrite(message(chat(1), msg(7), at(700), "m7"), List.of()),
        new MessageWrite(message(chat(2), msg(8), at(800), "m8"), List.of()));
    assertThat(db().putMessages(fresh)).extracting(PutResult::inserted).containsExactly(true, true);
    assertThat(second.putMessages(fresh)).extracting(PutResult::inserted)
        .containsExactly(false, false);
    assertThat(db().putMessages(List.of(fresh.get(0),
        new MessageWrite(message(chat(2), msg(9), at(900), "m9"), List.of()))))
        .extracting(PutResult::inserted).containsExactly(false, true);
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(7);
    assertThat(db().chatMeta(chat(2)).orElseThrow().lastSeq()).isEqualTo(2);
    assertThat(texts(db().range(chat(1), null, 100).items()))
        .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7");
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
  }

  @Test
  default void putMessages_duplicateWithinOneCall_isStoredOnce() {
    List<PutResult> r = db().putMessages(List.of(
        MessageWrite.of(message(chat(1), msg(1), at(10), "a")),
        MessageWrite.of(message(chat(1), msg(2), at(11), "b")),
        MessageWrite.of(message(chat(1), msg(1), at(12), "a again"))));
    assertThat(r).extracting(PutResult::inserted).containsExactly(true, true, false);
    assertThat(texts(db().range(chat(1), null, 10).items())).containsExactly("a", "b");
    assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(2);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
  }

  @Test
  default void putMessages_tooLargeWrite_isRefusedWhole() {
    byte[] huge = new byte[5 * 1024 * 1024];
    assertThatThrownBy(() -> db().putMessages(List.of(
        MessageWrite.of(message(chat(1), msg(1), at(10), "small")),
        MessageWrite.of(new ChatMessage(chat(2), msg(2), user(1), at(11), "big", huge)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
    assertThat(db().getMessage(msg(1))).as("nothing of the refused write").isEmpty();
    assertThat(db().chatMeta(chat(1))).isEmpty();
  }

  @Test
  default void chatMeta_keepsNewestByStamp_whileSeqCountsArrivals() {
    db().putMessage(message(chat(1), msg(1), at(2000), "new"));
    db().putMessage(message(chat(1), msg(2), at(1000), "late but old"));
    ChatMeta meta = db().chatMeta(chat(1)).orElseThrow();
    assertThat(meta.lastPreview()).isEqualTo("new");
    assertThat(meta.lastHlc()).isEqualTo(at(2000));
    assertThat(meta.lastSeq()).isEqualTo(2);
  }

  @Test
  default void preview_isTheFirst80CodePoints() {
    String text = "\uD83D\uDE00".repeat(100);
    db().putMessage(message(chat(1), msg(1), at(1), text));
    String preview = db().chatMeta(chat(1)).orElseThrow().lastPreview();
    assertThat(preview.codePointCount(0, preview.length())).isEqualTo(80);
    assertThat(text).startsWith(preview);
  }

  @Test
  default void range_isChronological_withAnExclusiveCursor() {
    Random rnd = random();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    for (int i : order) {
      db().putMessage(message(chat(1), msg(i), at(1000 + i), "m" + i));
    }
    db().putMessage(message(chat(2), msg(100), at(1005), "other chat"));
    List<String> all = new ArrayList<>();
    MessageKey cursor = null;
    int pages = 0;
    do {
      RangePage p = db().range(chat(1), cursor, 7);
      all.addAll(texts(p.items()));
      cursor = p.next();
      pages++;
    } while (cursor != null);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      expected.add("m" + i);
    }
    assertThat(all).as("seed %s", seed()).isEqualTo(expected);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  default void range_cursorSurvivesConcurrentInserts() {
    for (int i = 0; i < 10; i++) {
      db().putMessage(message(chat(1), msg(i), at(1000 + 10 * i), "m" + i));
    }
    RangePage first = db().range(chat(1), null, 5);
    assertThat(texts(first.items())).containsExactly("m0", "m1", "m2", "m3", "m4");
    db().putMessage(message(chat(1), msg(50), at(1001), "before cursor"));
    db().putMessage(message(chat(1), msg(51), at(1041), "just after cursor"));
    db().putMessage(message(chat(1), msg(52), at(1055), "after cursor"));
    db().putMessage(message(chat(1), msg(53), at(1040), "same stamp as cursor, later seq"));
    RangePage second = db().range(chat(1), first.next(), 100);
    assertThat(texts(second.items())).containsExactly("same stamp as cursor, later seq",
        "just after cursor", "m5",
        "after cursor", "m6", "m7", "m8", "m9");
  }

  @Test
  default void range_timeWindow_isInclusiveOnBothEnds() {
    for (int i = 0; i < 10; i++) {
      db().putMessage(message(chat(1), msg(i), at(1000 + i), "m" + i));
    }
    assertThat(texts(db().range(chat(1), null, 1003, 1006, 100).items()))
        .containsExactly("m3", "m4", "m5", "m6");
    MessageKey cursor = db().range(chat(1), null, 1003, 1006, 2).next();
    assertThat(texts(db().range(chat(1), cursor, 1003, 1006, 100).items()))
        .containsExactly("m5", "m6");
    assertThatThrownBy(() -> db().range(chat(1), null, 10, 5, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10..5");
  }

  @Test
  default void range_refusesCursorOfAnotherChat() {
    PutResult r = db().putMessage(message(chat(1), msg(1), at(1), "x"));
    assertThatThrownBy(() -> db().range(chat(2), r.key(), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another chat");
  }

  @Test
  default void latest_givesTheNewestInChronologicalOrder_andPagesBack() {
    for (int i = 0; i < 12; i++) {
      db().putMessage(message(chat(1), msg(i), at(1000 + i), "m" + i));
    }
    RangePage newest = db().latest(chat(1), null, 5);
    assertThat(texts(newest.items())).containsExactly("m7", "m8", "m9", "m10", "m11");
    RangePage before = db().latest(chat(1), newest.next(), 5);
    assertThat(texts(before.items())).containsExactly("m2", "m3", "m4", "m5", "m6");
    RangePage start = db().latest(chat(1), before.next(), 5);
    assertThat(texts(start.items())).containsExactly("m0", "m1");
    assertThat(start.next()).isNull();
  }

  @Test
  default void messageKey_bytesAndBase64_roundTrip() {
    PutResult r = db().putMessage(message(chat(1), msg(1), at(77), "x"));
    assertThat(r.key().toBytes()).hasSize(44);
    assertThat(MessageKey.fromBytes(r.key().toBytes())).isEqualTo(r.key());
    assertThat(MessageKey.fromBase64(r.key().toBase64())).isEqualTo(r.key());
    assertThat(texts(db().range(chat(1), MessageKey.fromBase64(r.key().toBase64()), 10).items()))
        .isEmpty();
  }

  @Test
  default void deleteMessage_removesRowSeenEntryAndMerkleBit_once() {
    db().putMessage(message(chat(1), msg(1), at(1), "x"));
    List<String> empty = ChatDbTck.roots(other());
    assertThat(db().deleteMessage(msg(1))).isTrue();
    assertThat(db().deleteMessage(msg(1))).as("deleting twice").isFalse();
    assertThat(db().getMessage(msg(1))).isEmpty();
    assertThat(db().range(chat(1), null, 10).items()).isEmpty();
    assertThat(ChatDbTck.roots(db())).as("back to the empty tree").isEqualTo(empty);
  }

  @Test
  default void putMessageAsync_completesWhenStored_andIsRefusedAfterClose() throws Exception {
    PutResult r = db().putMessageAsync(message(chat(1), msg(1), at(1), "x"), List.of(user(1)))
        .get(STUCK_SECONDS, TimeUnit.SECONDS);
    assertThat(r.inserted()).isTrue();
    assertThat(db().getMessage(msg(1))).isPresent();
    ChatDb db2 = ChatDb.open(store(), "chat-async");
    db2.close();
    assertThatThrownBy(() -> db2.putMessageAsync(message(chat(1), msg(2), at(2), "y"), List.of()))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).kind())
        .isEqualTo(StoreException.Kind.CLOSED);
  }
}
