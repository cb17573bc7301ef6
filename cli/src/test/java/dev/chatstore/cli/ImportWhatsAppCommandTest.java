package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.InboxPage;
import dev.chatstore.chat.RangePage;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.whatsapp.WhatsAppImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore import-whatsapp}, run as a user runs it, into the chat database. */
class ImportWhatsAppCommandTest {
  @TempDir
  Path dir;

  private static String fixture(String name) {
    return WhatsAppExportParserTest.fixture(name).toString();
  }

  @Test
  void import_writesTheChat_membersAndInbox_andASecondImportAddsNothing() {
    String uri = "sqlite:" + dir.resolve("data");
    Cli first = Cli.run("import-whatsapp", "--zone", "UTC", "--chat", "Book club", uri,
        fixture("android-24h-day-first.txt"));
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).contains("imported chat 'Book club'")
        .contains("8 messages: 8 new, 0 already there; 3 system lines, 2 attachments, 3 members")
        .contains("dates read day-first (decided by the data)");

    Cli again = Cli.run("import-whatsapp", "--zone", "UTC", "--chat", "Book club", uri,
        fixture("android-24h-day-first.txt"));
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("8 messages: 0 new, 8 already there");

    try (ChatStore store = ChatStore.open(uri); ChatDb db = ChatDb.open(store, "whatsapp")) {
      byte[] chat = WhatsAppImporter.chatId("Book club");
      RangePage page = db.range(chat, null, 100);
      assertThat(page.items()).hasSize(8);
      StoredMessage photo = page.items().get(5);
      assertThat(photo.message().text()).startsWith("IMG-20240315-WA0001.jpg (file attached)");
      assertThat(new String(photo.message().payload(), StandardCharsets.UTF_8))
          .contains("\"author\":\"Tomasz\"").contains("\"file\":\"IMG-20240315-WA0001.jpg\"");
      assertThat(photo.message().hlc().physicalMs())
          .isEqualTo(Instant.parse("2024-03-15T18:30:00Z").toEpochMilli());
      assertThat(page.items().get(0).message().hlc().logical()).isZero();
      assertThat(db.listMembers(chat)).hasSize(3);
      InboxPage inbox = db.listUserChats(WhatsAppImporter.userId("Marta"), 0, 10);
      assertThat(inbox.items()).hasSize(1);
      assertThat(inbox.items().get(0).preview()).isEqualTo("Can I join? See https://example.org/club");
    }
  }

  @Test
  void sharedExampleZip_imports52Messages_4Attachments_3Members() {
    Path zip = WhatsAppExportParserTest.SAMPLES.resolve("whatsapp-chat-parser-example.zip");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(zip),
        "SKIPPED: the shared WhatsApp sample " + zip + " is absent");
    Cli r = Cli.run("import-whatsapp", "--zone", "UTC", "sqlite:" + dir.resolve("d"),
        zip.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("52 messages: 52 new, 0 already there; 4 system lines,"
        + " 4 attachments, 3 members");
  }

  @Test
  void zipExport_intoMemory_namesTheChatFromTheFile() throws Exception {
    Path zip = dir.resolve("WhatsApp Chat - Trip.zip");
    try (var out = java.nio.file.Files.newOutputStream(zip);
        var z = new java.util.zip.ZipOutputStream(out)) {
      z.putNextEntry(new java.util.zip.ZipEntry("_chat.txt"));
      z.write(java.nio.file.Files.readAllBytes(Path.of(fixture("ios-24h-seconds.txt"))));
    }
    Cli r = Cli.run("import-whatsapp", "--zone", "Europe/Berlin", "memory:", zip.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("imported chat 'Trip'").contains("6 messages: 6 new");
  }

  @Test
  void unreadableLine_isReportedWithItsNumber_andNothingIsImported() {
    String uri = "sqlite:" + dir.resolve("data");
    for (List<String> c : List.of(List.of("bad-first-line.txt", "line 1:"),
        List.of("bad-time.txt", "line 2:"), List.of("mixed-date-orders.txt", "line 2:"))) {
      Cli r = Cli.run("import-whatsapp", uri, fixture(c.get(0)));
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains(c.get(0) + ": " + c.get(1)).contains("nothing was imported");
    }
    try (ChatStore store = ChatStore.open(uri)) {
      assertThat(store.kv().count(KeyRange.all())).isZero();
    }
  }

  @Test
  void ambiguousDates_sayHowTheyWereRead() {
    Cli r = Cli.run("import-whatsapp", "--zone", "UTC", "memory:", fixture("ambiguous-dates.txt"));
    assertThat(r.out()).contains("dates read day-first (every date was ambiguous; use"
        + " --date-order to choose)");
    Cli m = Cli.run("import-whatsapp", "--zone", "UTC", "--date-order", "MONTH_FIRST", "memory:",
        fixture("ambiguous-dates.txt"));
    assertThat(m.out()).contains("dates read month-first (as asked)");
  }

  @Test
  void badZone_andMissingFile_areBadUsage() {
    assertThat(Cli.run("import-whatsapp", "--zone", "Mars/Base", "memory:",
        fixture("ambiguous-dates.txt")).exit()).isEqualTo(2);
    assertThat(Cli.run("import-whatsapp", "memory:", dir.resolve("none.txt").toString()).exit())
        .isEqualTo(2);
  }

  @Test
  void inspect_showsTheImportedRecordsDecoded() {
    String uri = "sqlite:" + dir.resolve("data");
    assertThat(Cli.run("import-whatsapp", "--zone", "UTC", uri, fixture("ios-12h.txt")).exit())
        .isZero();
    Cli i = Cli.run("inspect", "--limit", "100", uri, "whatsapp/chat");
    assertThat(i.exit()).as(i.toString()).isZero();
    assertThat(i.out()).contains("cbor").contains("\"t\" : \"New year, new chat\"");
    try (ChatStore store = ChatStore.open(uri)) {
      assertThat(store.tenant("whatsapp").counts()).containsKey(Area.CHAT);
    }
  }
}
