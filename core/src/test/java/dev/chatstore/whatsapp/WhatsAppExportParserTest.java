package dev.chatstore.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser on inline text: edge cases of the grammar, and random input. */
class WhatsAppExportParserTest {

  private static WhatsAppChat parse(String text) {
    return WhatsAppExportParser.parse(text, "t", null);
  }

  @Test
  void authorSplit_timesAndUrlsInTextDoNotMakeAuthors() {
    WhatsAppChat c = parse("""
        13/01/2024, 10:00 - Ann: meet at 10:30: ok?
        13/01/2024, 10:01 - Meeting at 10:30 was moved
        13/01/2024, 10:02 - Bob changed the subject to "Plans: 2024"
        13/01/2024, 10:03 - see https://example.org: Ann
        """);
    assertThat(c.messages()).extracting(WhatsAppMessage::author)
        .containsExactly("Ann", null, null, "see https://example.org");
    assertThat(c.messages().get(0).text()).isEqualTo("meet at 10:30: ok?");
  }

  @Test
  void bomAndLoneMarksAndTrailingBlankLines_areHandled() {
    WhatsAppChat c = parse("\uFEFF\n[13.01.24, 10:00:00] \u200EAnn: \u200E<attached: a.pdf>\r\n\r\n");
    assertThat(c.messages()).hasSize(1);
    assertThat(c.messages().get(0).author()).isEqualTo("Ann");
    assertThat(c.messages().get(0).attachment().fileName()).isEqualTo("a.pdf");
    assertThat(c.messages().get(0).text()).isEqualTo("<attached: a.pdf>\n");
    assertThat(c.messages().get(0).time()).isEqualTo(LocalDateTime.of(2024, 1, 13, 10, 0));
  }

  @Test
  void hourAbove12WithAMarker_isRefused_namingTheLine() {
    assertThatThrownBy(() -> parse("13/01/2024, 10:00 - A: x\n13/01/2024, 13:00 PM - A: y\n"))
        .isInstanceOf(WhatsAppParseException.class)
        .hasMessage("line 2: hour 13 with an AM/PM marker; expected 0..12");
  }

  @Test
  void randomInput_parsesOrFailsWithALineNumber_only() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    String[] pieces = {"13/01/2024, ", "1/2/24, ", "[20.06.19, ", "2024-03-14, ", "10:00", "9:5",
        " PM", "\u202Fa. m.", " - ", "] ", "Ann: ", ": ", "\n", "\r\n", "\u200E", "x", "99/99/99, ",
        "<attached: f>", "<Media omitted>", "\uFEFF", " ", "\uD83E\uDD13"};
    for (int n = 0; n < 5000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(30); i > 0; i--) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      try {
        WhatsAppChat c = parse(text);
        assertThat(c.messages()).as("seed %d: %s", seed, text)
            .allSatisfy(m -> assertThat(m.time()).isNotNull());
      } catch (WhatsAppParseException e) {
        assertThat(e.getMessage()).as("seed %d: %s", seed, text).startsWith("line ");
      }
    }
  }
}
