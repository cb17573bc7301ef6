package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.Messages;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.signal.Devices;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore demo}, run as a user runs it: through main's entry, twice. */
class DemoCommandTest {

  @Test
  void demo_onSqlite_writesReadsAndReports_andASecondRunAddsNothing(@TempDir Path dir) {
    String uri = "sqlite:" + dir.resolve("data");
    Cli first = Cli.run("demo", "--uri", uri);
    assertThat(first.exit()).as(first.toString()).isZero();
    assertFirstRun(first);
    Map<String, Long> before = keyCounts(uri);

    Cli second = Cli.run("demo", "--uri", uri);
    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.out()).contains("Signal devices: 0 of 3 created")
        .contains("0 Engine documents written").contains("0 of 2,250 messages stored")
        .contains("0 read marks moved").contains("0 messages indexed")
        .contains("this was a re-run: everything was already stored, nothing was added")
        .contains("inbox page: 7 chats, " + unreadOfAlice() + " unread messages");
    assertThat(keyCounts(uri)).as("a second run changes no count").isEqualTo(before);

    try (ChatStore store = ChatStore.open(uri); ChatDb db = ChatDb.open(store,
        DemoCommand.CHAT_TENANT)) {
      assertThat(Devices.open(store).ids()).as("one device per account").hasSize(3);
      DemoData.Chat family = DemoData.CHATS.get(0);
      assertThat(db.chatMeta(DemoData.chatId(family)).orElseThrow().lastSeq()).isEqualTo(300);
      KvEngine bob = KvEngine.of(store, "demo-bob");
      assertThat(Messages.on(bob).count(family.groupJid())).isEqualTo(300);
      assertThat(bob.get(EngineKeys.contactIndex(DemoData.ACCOUNTS.get(0).jid())))
          .contains("\"name\":\"Alice\"");
    }
  }

  @Test
  void demo_onMemory_runsTwice_eachTimeOnAFreshStore() {
    for (int run = 0; run < 2; run++) {
      Cli r = Cli.run("demo", "--uri", "memory:");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("chatstore demo on memory:");
      assertFirstRun(r);
    }
  }

  @Test
  void badUri_isExitCode2_withTheReason() {
    Cli r = Cli.run("demo", "--uri", "nosuch:x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown store URI scheme 'nosuch'").contains("sqlite");
  }

  @Test
  void unknownCommand_isExitCode2() {
    assertThat(Cli.run("frobnicate").exit()).isEqualTo(2);
  }

  private static void assertFirstRun(Cli r) {
    int docs = 0;
    for (int a = 0; a < 3; a++) {
      docs += DemoData.addressBook(a).size()
          + DemoData.chatsOf(DemoData.ACCOUNTS.get(a).jid()).size();
    }
    assertThat(r.out()).contains("Signal devices: 3 of 3 created")
        .contains(docs + " Engine documents written")
        .contains("2,250 of 2,250 messages stored")
        .contains("session with Bob (1,200 bytes, as written), 50 of 50 pre-keys")
        .contains("inbox page: 7 chats, " + unreadOfAlice() + " unread messages")
        .contains("latest 20 of 300 messages in Family")
        .contains("latest 20 of 300 index entries of 120363000000000001@g.us")
        .contains("contacts by key prefix \"contact/49151\": " + germanContactsOfAlice()
            + " found")
        .contains(" ms").doesNotContain("re-run");
  }

  private static long germanContactsOfAlice() {
    return DemoData.addressBook(0).stream().filter(j -> j.startsWith("49151")).count();
  }

  private static long unreadOfAlice() {
    String alice = DemoData.ACCOUNTS.get(0).jid();
    return DemoData.chatsOf(alice).stream().mapToLong(c -> DemoData.unreadBy(c, alice)).sum();
  }

  /** Every tenant's key count per area, and the system records'. */
  private static Map<String, Long> keyCounts(String uri) {
    Map<String, Long> out = new TreeMap<>();
    try (ChatStore store = ChatStore.open(uri)) {
      out.put("system", store.keyspace().system().count(KeyRange.all()));
      for (String t : store.tenants()) {
        for (Map.Entry<Area, Long> e : store.tenant(t).counts().entrySet()) {
          out.put(t + "/" + e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }
}
