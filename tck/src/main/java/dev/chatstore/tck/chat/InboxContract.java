package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.chat.InboxCursor;
import dev.chatstore.chat.InboxItem;
import dev.chatstore.chat.InboxPage;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.kv.StoreException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inboxes: one entry per (user, chat), newest first, pages, previews, unread counts. */
public interface InboxContract extends ChatDbTck {

  private static List<byte[]> chats(InboxPage page) {
    List<byte[]> out = new ArrayList<>();
    for (InboxItem i : page.items()) {
      out.add(i.chatId());
    }
    return out;
  }

  @Test
  default void inbox_hasOneEntryPerChat_newestActivityFirst() {
    List<byte[]> both = List.of(user(1), user(2));
    db().putMessage(message(chat(1), msg(1), at(100), "a1"), both);
    db().putMessage(message(chat(2), msg(2), at(200), "b1"), both);
    db().putMessage(message(chat(1), msg(3), at(300), "a2"), both);
    db().putMessage(message(chat(3), msg(4), at(250), "c1"), List.of(user(2)));
    assertThat(chats(db().listUserChats(user(1), null, 10)))
        .containsExactly(chat(1), chat(2));
    InboxPage p = db().listUserChats(user(2), null, 10);
    assertThat(chats(p)).containsExactly(chat(1), chat(3), chat(2));
    assertThat(p.items().get(0).preview()).isEqualTo("a2");
    assertThat(p.items().get(0).activity()).isEqualTo(at(300));
    assertThat(p.next()).isNull();
  }

  @Test
  default void inbox_oneCallWithManyMessagesOfAChat_leavesOneEntryAtItsNewest() {
    List<byte[]> both = List.of(user(1), user(2));
    db().putMessages(List.of(
        new MessageWrite(message(chat(1), msg(1), at(100), "a1"), both),
        new MessageWrite(message(chat(1), msg(2), at(300), "a3"), both),
        new MessageWrite(message(chat(2), msg(3), at(250), "b1"), both),
        new MessageWrite(message(chat(1), msg(4), at(200), "a2"), both),
        new MessageWrite(message(chat(1), msg(5), at(400), "a4"), List.of(user(2)))));
    InboxPage p1 = db().listUserChats(user(1), null, 10);
    assertThat(chats(p1)).containsExactly(chat(1), chat(2));
    assertThat(p1.items().get(0).activity()).isEqualTo(at(300));
    InboxPage p2 = db().listUserChats(user(2), null, 10);
    assertThat(chats(p2)).containsExactly(chat(1), chat(2));
    assertThat(p2.items().get(0).activity()).isEqualTo(at(400));
    assertThat(p2.items().get(0).preview()).isEqualTo("a4");
    // and again across calls: an older message moves nothing, a newer one moves the one entry
    db().putMessages(List.of(new MessageWrite(message(chat(2), msg(6), at(50), "b0"), both),
        new MessageWrite(message(chat(2), msg(7), at(500), "b2"), both)));
    assertThat(chats(db().listUserChats(user(1), null, 10))).containsExactly(chat(2), chat(1));
    assertThat(chats(db().listUserChats(user(2), null, 10))).containsExactly(chat(2), chat(1));
  }

  @Test
  default void inbox_pagesByCursorAndByOffset() {
    for (int c = 0; c < 9; c++) {
      db().putMessage(message(chat(c), msg(c), at(1000 + c), "m" + c), List.of(user(1)));
    }
    List<byte[]> seen = new ArrayList<>();
    InboxCursor cursor = null;
    do {
      InboxPage p = db().listUserChats(user(1), cursor, 4);
      seen.addAll(chats(p));
      cursor = p.next();
    } while (cursor != null);
    List<byte[]> expected = new ArrayList<>();
    for (int c = 8; c >= 0; c--) {
      expected.add(chat(c));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(chats(db().listUserChats(user(1), 4, 3)))
        .containsExactly(chat(4), chat(3), chat(2));
    assertThat(db().listUserChats(user(1), 20, 3).items()).isEmpty();
  }

  @Test
  default void unread_isComputedFromReadProgress_whichOnlyMovesForward() {
    for (int i = 1; i <= 5; i++) {
      db().putMessage(message(chat(1), msg(i), at(100 + i), "m" + i), List.of(user(1)));
    }
    assertThat(db().listUserChats(user(1), null, 10).items().get(0).unread()).isEqualTo(5);
    assertThat(db().setUserReadProgress(user(1), chat(1), 2)).isTrue();
    assertThat(db().listUserChats(user(1), null, 10).items().get(0).unread()).isEqualTo(3);
    assertThat(db().setUserReadProgress(user(1), chat(1), 1)).as("backwards").isFalse();
    assertThat(db().setUserReadProgress(user(1), chat(1), 2)).as("same").isFalse();
    assertThat(db().readProgress(user(1), chat(1))).isEqualTo(2);
    db().putMessage(message(chat(1), msg(6), at(50), "late old message"));
    InboxItem item = db().listUserChats(user(1), null, 10).items().get(0);
    assertThat(item.unread()).as("every arrival counts").isEqualTo(4);
    assertThat(item.readSeq()).isEqualTo(2);
    db().setUserReadProgress(user(1), chat(1), 6);
    assertThat(db().listUserChats(user(1), null, 10).items().get(0).unread()).isZero();
    assertThatThrownBy(() -> db().setUserReadProgress(user(1), chat(1), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  default void upsertInboxForMembers_createsAndMoves_butNeverBack() {
    db().putMessage(message(chat(1), msg(1), at(500), "x"));
    assertThat(db().upsertInboxForMembers(chat(1), List.of(user(1), user(2)))).isEqualTo(2);
    assertThat(db().upsertInboxForMembers(chat(1), List.of(user(1), user(2)))).isZero();
    assertThat(db().upsertInboxForMembers(chat(1), List.of(user(1)), at(100))).isZero();
    assertThat(db().listUserChats(user(1), null, 10).items().get(0).activity())
        .isEqualTo(at(500));
    assertThat(db().upsertInboxForMembers(chat(1), List.of(user(1)), at(900))).isEqualTo(1);
    InboxPage p = db().listUserChats(user(1), null, 10);
    assertThat(p.items()).hasSize(1);
    assertThat(p.items().get(0).activity()).isEqualTo(at(900));
  }

  @Test
  default void upsertInbox_ofAChatWithoutMessages_isNotFound() {
    assertThatThrownBy(() -> db().upsertInboxForMembers(chat(9), List.of(user(1))))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
  }

  @Test
  default void deleteUserInboxEntry_removesOnlyThatEntry() {
    db().putMessage(message(chat(1), msg(1), at(1), "x"), List.of(user(1)));
    db().putMessage(message(chat(2), msg(2), at(2), "y"), List.of(user(1)));
    assertThat(db().deleteUserInboxEntry(user(1), chat(2))).isTrue();
    assertThat(db().deleteUserInboxEntry(user(1), chat(2))).isFalse();
    assertThat(chats(db().listUserChats(user(1), null, 10))).containsExactly(chat(1));
    db().putMessage(message(chat(2), msg(3), at(3), "z"), List.of(user(1)));
    assertThat(chats(db().listUserChats(user(1), null, 10))).containsExactly(chat(2), chat(1));
  }
}
