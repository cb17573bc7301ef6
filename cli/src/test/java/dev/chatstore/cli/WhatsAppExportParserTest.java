package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatstore.whatsapp.WhatsAppChat;
import dev.chatstore.whatsapp.WhatsAppExportParser;
import dev.chatstore.whatsapp.WhatsAppExportParser.DateOrder;
import dev.chatstore.whatsapp.WhatsAppMessage;
import dev.chatstore.whatsapp.WhatsAppParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WhatsApp export parser on the project's own fixtures (every line format), and on the
 * public samples of the shared data folder with their documented counts.
 */
class WhatsAppExportParserTest {
  /**
   * The shared samples: {@code -Dchatstore.whatsapp.samples=DIR}, else the first
   * {@code shared/data/whatsapp-exports} found beside the module or one of its parents.
   */
  static final Path SAMPLES = samples();

  private static Path samples() {
    String given = System.getProperty("chatstore.whatsapp.samples");
    if (given != null) {
      return Path.of(given);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/whatsapp-exports");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of("../shared/data/whatsapp-exports").toAbsolutePath().normalize();
  }

  static Path fixture(String name) {
    try {
      return Path.of(WhatsAppExportParserTest.class.getResource("/whatsapp/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WhatsAppChat parse(String name) {
    return WhatsAppExportParser.parse(fixture(name), null, null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "android-24h-day-first.txt,       8, 3, 2, 2, DAY_FIRST,   true",
      "android-12h-month-first.txt,     5, 1, 0, 1, MONTH_FIRST, true",
      "android-12h-a-m-day-first.txt,   3, 0, 1, 0, DAY_FIRST,   true",
      "ios-24h-seconds.txt,             6, 2, 1, 2, DAY_FIRST,   true",
      "ios-12h.txt,                     3, 0, 0, 1, MONTH_FIRST, true",
      "year-first.txt,                  2, 0, 0, 0, YEAR_FIRST,  true",
      "ambiguous-dates.txt,             2, 0, 0, 0, DAY_FIRST,   false"})
  void fixtures_giveTheirDocumentedCounts(String file, int messages, int system, int multiLine,
      int attachments, DateOrder order, boolean fromData) {
    WhatsAppChat chat = parse(file);
    assertThat(chat.messages()).hasSize(messages);
    assertThat(chat.systemCount()).as("system lines").isEqualTo(system);
    assertThat(chat.messages().stream().filter(WhatsAppMessage::multiLine).count())
        .as("multi-line messages").isEqualTo(multiLine);
    assertThat(chat.attachmentCount()).as("attachments").isEqualTo(attachments);
    assertThat(chat.dateOrder()).isEqualTo(order);
    assertThat(chat.dateOrderFromData()).isEqualTo(fromData);
  }

  @Test
  void android24h_readsAuthorsTextsAndAttachments() {
    WhatsAppChat chat = parse("android-24h-day-first.txt");
    WhatsAppMessage welcome = chat.messages().get(3);
    assertThat(welcome.author()).isEqualTo("Marta");
    assertThat(welcome.text()).isEqualTo("Welcome! First book: \"Solaris\".");
    assertThat(welcome.time()).isEqualTo(LocalDateTime.of(2024, 3, 14, 9, 5));
    assertThat(chat.messages().get(1).system()).isTrue();
    assertThat(chat.messages().get(1).text()).isEqualTo("Marta created group \"Book club\"");
    assertThat(chat.messages().get(4).text())
        .isEqualTo("Great choice.\nI read it years ago,\n\nhappy to read it again.");
    WhatsAppMessage photo = chat.messages().get(5);
    assertThat(photo.attachment()).isEqualTo(new WhatsAppMessage.Attachment(
        "IMG-20240315-WA0001.jpg"));
    assertThat(photo.line()).isEqualTo(9);
    assertThat(chat.messages().get(6).attachment().omitted()).isTrue();
    assertThat(chat.messages().get(7).author()).isEqualTo("+48 600 100 200");
    assertThat(chat.messages().get(7).text()).endsWith("https://example.org/club");
  }

  @Test
  void twelveHourClocks_incl_aDotMDot_andNarrowNoBreakSpace() {
    WhatsAppChat us = parse("android-12h-month-first.txt");
    assertThat(us.messages()).extracting(WhatsAppMessage::time).containsExactly(
        LocalDateTime.of(2024, 3, 14, 9, 0), LocalDateTime.of(2024, 3, 14, 12, 0),
        LocalDateTime.of(2024, 3, 14, 0, 30), LocalDateTime.of(2024, 3, 15, 23, 45),
        LocalDateTime.of(2024, 3, 15, 23, 46));
    WhatsAppChat es = parse("android-12h-a-m-day-first.txt");
    assertThat(es.messages()).extracting(WhatsAppMessage::time).containsExactly(
        LocalDateTime.of(2023, 12, 25, 10, 15), LocalDateTime.of(2023, 12, 25, 22, 16),
        LocalDateTime.of(2023, 12, 26, 0, 5));
    assertThat(es.messages().get(2).text()).isEqualTo("Ya es tarde:\na dormir");
  }

  @Test
  void ios_marksAreRemoved_andCrLfEndingsDropped() {
    WhatsAppChat chat = parse("ios-24h-seconds.txt");
    assertThat(chat.messages().get(0).system()).isTrue();
    assertThat(chat.messages().get(0).text()).startsWith("Messages and calls");
    WhatsAppMessage photo = chat.messages().get(2);
    assertThat(photo.author()).isEqualTo("Kai");
    assertThat(photo.attachment().fileName()).isEqualTo("00000001-PHOTO-2024-06-20-16-00-15.jpg");
    assertThat(photo.time()).isEqualTo(LocalDateTime.of(2024, 6, 20, 16, 0, 15));
    assertThat(chat.messages().get(3).text()).isEqualTo("Nice photo\nwhere was it taken?");
    assertThat(chat.messages().get(5).text()).isEqualTo("Noor left");
    assertThat(chat.messages()).allSatisfy(m -> assertThat(m.text()).doesNotContain("\r", "\u200E"));
  }

  @Test
  void zip_readsChatTxt_ignoringMediaAndMacMetadata(@TempDir Path dir) throws IOException {
    Path zip = dir.resolve("WhatsApp Chat - Trip.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("00000001-PHOTO-2024-06-20-16-00-15.jpg"));
      z.write(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
      z.putNextEntry(new ZipEntry("__MACOSX/._chat.txt"));
      z.write("not a chat".getBytes());
      z.putNextEntry(new ZipEntry("_chat.txt"));
      z.write(Files.readAllBytes(fixture("ios-24h-seconds.txt")));
    }
    WhatsAppChat chat = WhatsAppExportParser.parse(zip, null, null);
    assertThat(chat.name()).isEqualTo("Trip");
    assertThat(chat.messages()).hasSize(6);
  }

  @Test
  void unreadableFiles_nameTheLine() {
    assertThatThrownBy(() -> parse("bad-first-line.txt"))
        .isInstanceOf(WhatsAppParseException.class)
        .hasMessageStartingWith("line 1: expected a message header")
        .hasMessageContaining("This is not a chat export");
    assertThatThrownBy(() -> parse("mixed-date-orders.txt"))
        .isInstanceOf(WhatsAppParseException.class).hasMessageStartingWith("line 2:")
        .hasMessageContaining("line 1 has a day above 12 first");
    assertThatThrownBy(() -> parse("bad-time.txt"))
        .isInstanceOf(WhatsAppParseException.class).hasMessageStartingWith("line 2:")
        .hasMessageContaining("HourOfDay");
    assertThatThrownBy(() -> WhatsAppExportParser.parse(fixture("android-24h-day-first.txt"),
        null, DateOrder.MONTH_FIRST))
        .isInstanceOf(WhatsAppParseException.class).hasMessageStartingWith("line 1:");
  }

  @Test
  void forcedOrder_isUsedForAmbiguousDates() {
    WhatsAppChat chat = WhatsAppExportParser.parse(fixture("ambiguous-dates.txt"), "x",
        DateOrder.MONTH_FIRST);
    assertThat(chat.messages().get(0).time()).isEqualTo(LocalDateTime.of(2024, 1, 2, 10, 0));
    assertThat(parse("ambiguous-dates.txt").messages().get(0).time())
        .isEqualTo(LocalDateTime.of(2024, 2, 1, 10, 0));
  }

  // ---- the public samples of the shared data folder, with the counts its README documents

  private static Path sample(String name) {
    Path p = SAMPLES.resolve(name);
    assumeTrue(Files.isRegularFile(p), "SKIPPED: the WhatsApp export sample " + p
        + " is absent (set -Dchatstore.whatsapp.samples=DIR to the shared samples)");
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "test_[mmddyy]_24hrs.txt,  MONTH_FIRST",
      "test_ddmmyy_24hrs.txt,    DAY_FIRST",
      "test_mmddyy_24hrs.txt,    MONTH_FIRST",
      "test_mmddyyyy_12hrs.txt,  MONTH_FIRST",
      "test_yyyymmdd_24hrs.txt,  YEAR_FIRST"})
  void chatMinerSamples_hold9Messages_2System_2MultiLine(String file, DateOrder order) {
    WhatsAppChat chat = WhatsAppExportParser.parse(sample(file), null, null);
    assertThat(chat.messages()).hasSize(9);
    assertThat(chat.systemCount()).isEqualTo(2);
    assertThat(chat.messages().stream().filter(WhatsAppMessage::multiLine).count()).isEqualTo(2);
    assertThat(chat.dateOrder()).isEqualTo(order);
    assertThat(chat.messages().get(0).time()).isEqualTo(LocalDateTime.of(2019, 1, 1, 11, 25));
    assertThat(chat.messages().get(8).time()).isEqualTo(LocalDateTime.of(2021, 12, 30, 22, 1));
    assertThat(chat.messages().get(1).author()).isEqualTo("John Doe");
    assertThat(chat.messages().get(1).text()).isEqualTo(".");
    assertThat(chat.messages().get(2).time()).isEqualTo(LocalDateTime.of(2019, 1, 30, 20, 49));
    assertThat(chat.messages().get(4).time().getHour()).as("00:08 a. m. is just after midnight")
        .isZero();
  }

  @Test
  void exampleZip_holds52Messages_4System_4Attachments_notTheNestedExport() {
    WhatsAppChat chat = WhatsAppExportParser.parse(sample("whatsapp-chat-parser-example.zip"),
        null, null);
    assertThat(chat.messages()).hasSize(52);
    assertThat(chat.systemCount()).isEqualTo(4);
    assertThat(chat.attachmentCount()).isEqualTo(4);
    assertThat(chat.messages().stream().filter(WhatsAppMessage::multiLine).count()).isEqualTo(4);
    assertThat(chat.messages().stream().map(WhatsAppMessage::author).distinct()
        .filter(a -> a != null)).containsExactlyInAnyOrder("Loris", "John", "Emily");
    assertThat(chat.dateOrder()).isEqualTo(DateOrder.DAY_FIRST);
  }

  @Test
  void nestedExampleExport_holds100Messages_3System_evenWithAMarkBeforeTheFirstLine(
      @TempDir Path dir) throws IOException {
    Path inner = dir.resolve("inner.zip");
    try (java.util.zip.ZipFile outer = new java.util.zip.ZipFile(
        sample("whatsapp-chat-parser-example.zip").toFile())) {
      Files.copy(outer.getInputStream(outer.getEntry("00000004-whatsapp-chat-parser-example.zip")),
          inner);
    }
    WhatsAppChat chat = WhatsAppExportParser.parse(inner, null, null);
    assertThat(chat.messages()).hasSize(100);
    assertThat(chat.systemCount()).isEqualTo(3);
    assertThat(chat.messages().stream().filter(WhatsAppMessage::multiLine).count()).isEqualTo(3);
  }

  @Test
  void shortChat_holds5Messages_withAmbiguousDates_readDayFirst() {
    WhatsAppChat chat = WhatsAppExportParser.parse(sample("short-chat.txt"), null, null);
    assertThat(chat.messages()).hasSize(5);
    assertThat(chat.systemCount()).isEqualTo(2);
    assertThat(chat.dateOrderFromData()).isFalse();
    assertThat(chat.messages().get(4).author()).isEqualTo("+410123456789");
    assertThat(chat.messages().get(4).text()).isEqualTo("How are you?\n\nIs everything alright?");
  }

  @Test
  void emptySample_holdsNoMessage() {
    assertThat(WhatsAppExportParser.parse(sample("empty.txt"), null, null).messages()).isEmpty();
  }
}
