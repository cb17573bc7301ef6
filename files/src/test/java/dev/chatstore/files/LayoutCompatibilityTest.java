package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.engine.Messages;
import dev.chatstore.engine.MessageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine reads folders exactly as the original Node.js FileEngine writes them, and writes
 * folders the original reads: {@code {base}/{session}/} then one file per key, {@code /} as
 * folders, {@code @} as {@code _at_}, the value as the file's whole UTF-8 text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LayoutCompatibilityTest {
  private static final String JID = "584144709840@s.whatsapp.net";
  private static final String FILE_JID = "584144709840_at_s.whatsapp.net";
  private static final long T0 = 1_767_366_759_000L;

  @TempDir
  Path base;

  /** The folder of the spec's example, written file by file as the original writes it. */
  private Path originalFixture() {
    Path root = base.resolve("5491112345678");
    Disk.write(root, "session/creds", "{\"me\":{\"id\":\"5491112345678:1@s.whatsapp.net\"}}", T0);
    Disk.write(root, "session/app-state-sync-key/AAAAAJfq", "{\"keyData\":\"x\"}", T0 + 1000);
    Disk.write(root, "session/pre-key/12", "{\"private\":\"p\"}", T0 + 2000);
    Disk.write(root, "lid/140913951141911_at_lid", JID, T0 + 3000);
    Disk.write(root, "contact/" + FILE_JID + "/index", "{\"id\":\"" + JID + "\",\"name\":\"Juan\"}",
        T0 + 4000);
    Disk.write(root, "chat/" + FILE_JID + "/index", "{\"id\":\"" + JID + "\"}", T0 + 5000);
    Disk.write(root, "chat/" + FILE_JID + "/messages",
        "1767366759000 AC07DE0D18FA8254897A26C90B2FFD98\n"
            + "1767366758000 BC18EF1D29GB9365908B37D01C3GGE09\n", T0 + 6000);
    Disk.write(root, "chat/" + FILE_JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/index",
        "{\"id\":\"AC07DE0D18FA8254897A26C90B2FFD98\",\"cid\":\"" + JID + "\"}", T0 + 7000);
    Disk.write(root, "chat/" + FILE_JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/content",
        "aGVsbG8=", T0 + 8000);
    Disk.write(root, "chat/" + FILE_JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/raw",
        "{\"key\":{}}", T0 + 9000);
    return root;
  }

  @Test
  void originalFolder_readsBackEveryKeyWithAtRestored() {
    Path root = originalFixture();
    try (FileEngine engine = FileEngine.open(base, "5491112345678")) {
      assertThat(engine.get("contact/" + JID + "/index"))
          .isEqualTo("{\"id\":\"" + JID + "\",\"name\":\"Juan\"}");
      assertThat(engine.get("lid/140913951141911@lid")).isEqualTo(JID);
      assertThat(engine.get("session/creds")).contains("5491112345678:1@s.whatsapp.net");
      assertThat(engine.get("chat/" + JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/content"))
          .isEqualTo("aGVsbG8=");
      assertThatThrownBy(() -> engine.get("contact/" + FILE_JID + "/index"))
          .as("the file name is not a key: '_at_' is how '@' is written")
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(engine.folder()).isEqualTo(root.toRealPath());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void originalFolder_listsNewestModificationFirst_asTheOriginalDoes() {
    Path root = originalFixture();
    try (FileEngine engine = FileEngine.open(base, "5491112345678")) {
      assertThat(engine.list("", 0, 100)).isEqualTo(Disk.originalListing(root));
      assertThat(engine.list("chat/" + JID + "/", 0, 2)).containsExactly(
          "chat/" + JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/raw",
          "chat/" + JID + "/message/AC07DE0D18FA8254897A26C90B2FFD98/content");
      assertThat(engine.list("session/", 1, 50))
          .containsExactly("session/app-state-sync-key/AAAAAJfq", "session/creds");
    }
  }

  @Test
  void writtenFolder_holdsExactlyTheOriginalsFiles_andNothingElse() {
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      engine.set("session/creds", "{\"a\":1}");
      engine.set("contact/" + JID + "/index", "{\"name\":\"Juan\"}");
      engine.set("chat/" + JID + "/messages", "1767366759000 AC07\n");
      engine.set("lid/1@lid", "");
      engine.set("chat/" + JID + "/message/M1/content", "ünïcødé ✓ 🎉");
    }
    assertThat(Disk.files(base.resolve("s1"))).isEqualTo(Map.of(
        "session/creds", "{\"a\":1}",
        "contact/" + FILE_JID + "/index", "{\"name\":\"Juan\"}",
        "chat/" + FILE_JID + "/messages", "1767366759000 AC07\n",
        "lid/1_at_lid", "",
        "chat/" + FILE_JID + "/message/M1/content", "ünïcødé ✓ 🎉"));
    assertThat(base.resolve(".s1.chatstore")).as("the engine's own files sit beside the session")
        .isDirectory();
  }

  @Test
  void writtenFolder_listsInWriteOrder_forTheOriginalToo() throws Exception {
    List<String> keys = List.of("chat/a@g.us/index", "session/creds", "chat/b@g.us/index",
        "contact/c@s.whatsapp.net/index", "chat/a@g.us/messages");
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      for (String k : keys) {
        engine.set(k, "v");
      }
      engine.set("session/creds", "again");
      List<String> expected = List.of("session/creds", "chat/a@g.us/messages",
          "contact/c@s.whatsapp.net/index", "chat/b@g.us/index", "chat/a@g.us/index");
      assertThat(engine.list("", 0, 10)).isEqualTo(expected);
      assertThat(Disk.originalListing(engine.folder()))
          .as("the files' modification times give the original the same order")
          .isEqualTo(expected);
    }
  }

  @Test
  void atMapping_bothWays_forEveryAtOfEverySegment() {
    String key = "contact/a@b@c/x@y";
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      engine.set(key, "1");
      engine.set("@/@@", "2");
    }
    assertThat(Disk.files(base.resolve("s1")))
        .containsEntry("contact/a_at_b_at_c/x_at_y", "1")
        .containsEntry("_at_/_at__at_", "2");
    Disk.write(base.resolve("s1"), "lid/9_at_lid_at_x", "3", T0);
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      assertThat(engine.get(key)).isEqualTo("1");
      assertThat(engine.get("@/@@")).isEqualTo("2");
      assertThat(engine.get("lid/9@lid@x")).isEqualTo("3");
      assertThat(engine.list("lid/")).containsExactly("lid/9@lid@x");
    }
  }

  @Test
  void literalAtToken_isRefused_ratherThanReadBackAsAnotherKey() {
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      assertThatThrownBy(() -> engine.set("contact/x_at_y", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"contact/x_at_y\"")
          .hasMessageContaining("reads back as \"x@y\"");
      assertThatThrownBy(() -> engine.set("contact/x_at@y", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reads back as \"x@at_y\"");
      assertThatThrownBy(() -> engine.get("a/_at_")).isInstanceOf(IllegalArgumentException.class);
      engine.set("contact/a@at_b", "fine: reads back as itself");
      engine.set("contact/_a_t_/at_@_at", "fine too");
      assertThat(engine.get("contact/a@at_b")).isEqualTo("fine: reads back as itself");
      assertThat(engine.list("contact/", 0, 10)).hasSize(2);
    }
    assertThat(Disk.files(base.resolve("s1"))).containsOnlyKeys("contact/a_at_at_b",
        "contact/_a_t_/at__at__at");
  }

  @Test
  void filesNoKeyCanName_areSkipped_notMisread() throws Exception {
    Path root = base.resolve("s1");
    Disk.write(root, "contact/a@b/index", "a literal @ in a name: not written by the original", T0);
    Disk.write(root, "x_at_y_at@z", "reads back as another name", T0);
    Disk.write(root, "ok/index", "kept", T0);
    Files.createSymbolicLink(root.resolve("link"), root.resolve("ok/index"));
    Files.createSymbolicLink(root.resolve("linkdir"), root.resolve("ok"));
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      assertThat(engine.list("", 0, 10)).containsExactly("ok/index");
      assertThat(engine.get("contact/a@b/index")).isNull();
      assertThat(engine.get("link")).as("links are never followed").isNull();
      assertThatThrownBy(() -> engine.set("linkdir/x", "v"))
          .as("a link to a folder is not a folder of the store")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"linkdir\"");
      assertThat(Files.exists(root.resolve("ok/x"))).isFalse();
    }
  }

  @Test
  void messageIndex_keepsTheSpecsTextFormat_onDisk() {
    Path root = originalFixture();
    try (FileEngine engine = FileEngine.open(base, "5491112345678")) {
      Messages messages = Messages.on(engine);
      assertThat(messages.count(JID)).isEqualTo(2);
      assertThat(messages.latest(JID)).contains(
          new MessageRef(1767366759000L, "AC07DE0D18FA8254897A26C90B2FFD98"));
      messages.append(JID, 1767366760000L, "CC29FG2E30HC0476019C48E12D4HHF10");
    }
    assertThat(Disk.files(root)).containsEntry("chat/" + FILE_JID + "/messages",
        "1767366760000 CC29FG2E30HC0476019C48E12D4HHF10\n"
            + "1767366759000 AC07DE0D18FA8254897A26C90B2FFD98\n"
            + "1767366758000 BC18EF1D29GB9365908B37D01C3GGE09\n");
  }

  @Test
  void defaultFolder_isTheOriginalsDotBaileysDefault() {
    assertThat(FileEngine.DEFAULT_BASE).isEqualTo(Path.of(".baileys"));
    assertThat(FileEngine.DEFAULT_SESSION).isEqualTo("default");
  }

  @Test
  void valuesAreUtf8Text_andAnInvalidByteFromElsewhereDoesNotFailTheRead() {
    Path root = base.resolve("s1");
    try {
      Files.createDirectories(root);
      Files.write(root.resolve("raw"), new byte[] {'a', (byte) 0xFF, 'b'});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (FileEngine engine = FileEngine.open(base, "s1")) {
      assertThat(engine.get("raw")).isEqualTo("a\uFFFDb");
      engine.set("text", "héllo");
    }
    try {
      assertThat(Files.readAllBytes(root.resolve("text")))
          .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
