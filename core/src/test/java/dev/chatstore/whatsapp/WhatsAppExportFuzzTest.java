package dev.chatstore.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.testing.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat-export parser against seeded mutations of valid exports (Android, iOS, 12-hour
 * clocks, attachments), as text and as bytes of a text file or a zip: a chat or a
 * {@link WhatsAppParseException} naming a line; for a damaged zip, an {@link UncheckedIOException}
 * naming the file; never another exception, never a hang. (The timeout only guards against a
 * hang.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WhatsAppExportFuzzTest {
  private static final String[] VALID = {
      "20/06/2019, 15:58 - Loris: hello\n20/06/2019, 15:59 - Ann: <Media omitted>\nmore text\n",
      "[20.06.19, 15:58:47] Loris: hi\n[20.06.19, 15:59:01] \u200EAnn: \u200E<attached: a.jpg>\n",
      "1/30/19, 8:49\u202FPM - Jahn Doe: text\n1/30/19, 8:50\u202FPM - Jahn Doe created group\n",
      "2019/01/30, 20:49 - Jahn: x\r\n2019/01/30, 20:50 - Bob: IMG-1.jpg (file attached)\r\n",
      "01/30/2019, 08:49 p. m. - Jahn Doe: text\n"};

  private static void parseText(String text) {
    try {
      WhatsAppChat c = WhatsAppExportParser.parse(text, "fuzz", null);
      assertThat(c.messages()).allSatisfy(m -> assertThat(m.time()).isNotNull());
    } catch (WhatsAppParseException e) {
      assertThat(e.getMessage()).startsWith("line ");
    }
  }

  @Test
  void mutatedTexts_parseOrNameALine() {
    Fuzz.run("chat export text fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(20_000); i++) {
        byte[] valid = VALID[r.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
        String text = new String(Fuzz.mutate(r, Fuzz.mutate(r, valid)), StandardCharsets.UTF_8);
        try {
          parseText(text);
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError("parsing " + text.replace("\n", "\\n") + " threw " + e, e);
        }
      }
    });
  }

  @Test
  void hugeLines_andManyHeaders_parseOrNameALine() {
    Fuzz.run("chat export size fuzz", (Random r) -> {
      parseText("20/06/2019, 15:58 - A: " + "x".repeat(WhatsAppExportParser.MAX_LINE_CHARS + 10));
      parseText("x".repeat(3_000_000));
      parseText("20/06/2019, 15:58 - A: y\n".repeat(100_000));
      parseText("1".repeat(100_000) + "/1/1, 1:11 - A: x\n");
      parseText("[" + "1/".repeat(50_000) + "\n");
    });
  }

  @Test
  void mutatedFiles_andZips_parseNameALine_orFailToRead(@TempDir Path dir) {
    Fuzz.run("chat export file fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(300); i++) {
        byte[] text = VALID[r.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
        byte[] bytes = r.nextBoolean() ? zip(text, r.nextBoolean()) : text;
        byte[] bad = Fuzz.mutate(r, bytes);
        Path file = dir.resolve("chat-" + i + (r.nextBoolean() ? ".zip" : ".txt"));
        try {
          Files.write(file, bad);
          WhatsAppExportParser.parse(file, null, null);
        } catch (WhatsAppParseException | UncheckedIOException expected) {
          assertThat(expected.getMessage()).isNotBlank();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
          throw new AssertionError("parsing " + Fuzz.hex(bad) + " threw " + e, e);
        }
      }
    });
  }

  private static byte[] zip(byte[] text, boolean ios) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(ios ? "_chat.txt" : "WhatsApp Chat with Ann.txt"));
      z.write(text);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("IMG-1.jpg"));
      z.write(new byte[] {1, 2, 3});
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
