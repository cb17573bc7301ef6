package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.engine.EngineKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No key reaches outside the session folder, and every key the file layout cannot hold is
 * refused by every method with an {@link IllegalArgumentException} naming it, before anything
 * on disk changes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyRulesTest {
  @TempDir
  Path base;

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", ".", "./a", "a/./b", "/etc/passwd",
      "a//b", "a/", "/", "", "a\\..\\..\\x", "..\\x", "a\u0000b", "a\nb", "a\u007Fb",
      "x_at_y", "chat/x_at_/index", "a_at@b"})
  void escapingOrUnholdableKeys_areRefusedByEveryMethod_andNothingIsWritten(String key) {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThatThrownBy(() -> engine.set(key, "v")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.set(key, null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.get(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.setTtl(key, "v", java.time.Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.update(key, v -> "v"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.setBatch(List.of(Map.entry("ok", "v"), Map.entry(key, "v"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entries[1]");
      assertThat(engine.list("", 0, 10)).isEmpty();
    }
    assertThat(Disk.files(base)).as("nothing written anywhere under the base folder")
        .containsOnlyKeys(".s.chatstore/lock");
  }

  @Test
  void refusal_namesTheKeyAndTheRule() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThatThrownBy(() -> engine.set("a/../b", "v")).hasMessageContaining("\"a/../b\"")
          .hasMessageContaining("'..'");
      assertThatThrownBy(() -> engine.set("a\\b", "v")).hasMessageContaining("'\\'")
          .hasMessageContaining("index 1");
      assertThatThrownBy(() -> engine.set("a\u0001b", "v")).hasMessageContaining("U+0001");
      assertThatThrownBy(() -> engine.set(null, "v")).hasMessageContaining("null");
    }
  }

  @Test
  void keyLength_isLimitedToTheEngineLimit_andNamesToTheFileSystemLimit() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      String longest = "k/" + "x".repeat(250) + "/" + "y".repeat(250) + "/"
          + "z".repeat(EngineKeys.MAX_KEY_BYTES - 504);
      assertThat(longest.length()).isEqualTo(EngineKeys.MAX_KEY_BYTES);
      engine.set(longest, "v");
      assertThat(engine.get(longest)).isEqualTo("v");
      assertThatThrownBy(() -> engine.set(longest + "z", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(EngineKeys.MAX_KEY_BYTES));
      String name255 = "n".repeat(255);
      engine.set("a/" + name255, "v");
      assertThatThrownBy(() -> engine.set("a/" + name255 + "n", "v"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
      String atName = "@".repeat(63) + "abcd";
      assertThatThrownBy(() -> engine.set("a/" + atName, "v"))
          .as("'@' counts as the 4 bytes of '_at_' in a file name")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 bytes");
      engine.set("a/" + "@".repeat(63) + "abc", "v");
    }
  }

  @Test
  void ordinaryCharactersOfWhatsAppKeys_areAllowed() {
    List<String> keys = List.of("session/sender-key/120363@g.us::5491112345678::0",
        "session/session/5491112345678.0", "session/app-state-sync-key/AAAA+b=",
        "contact/x y %*?[]/index", "chat/日本語/🎉", "lid/140913951141911@lid", "a/.hidden",
        "a/..b", "a/b..", "a/~");
    try (FileEngine engine = FileEngine.open(base, "s")) {
      for (String k : keys) {
        engine.set(k, k);
      }
    }
    try (FileEngine engine = FileEngine.open(base, "s")) {
      for (String k : keys) {
        assertThat(engine.get(k)).as(k).isEqualTo(k);
      }
      assertThat(engine.list("", 0, 100)).containsExactlyInAnyOrderElementsOf(keys);
      assertThat(engine.list("chat/x", 0, 100)).as("a prefix is a plain string, no wildcard")
          .isEmpty();
    }
  }

  @Test
  void values_overTheLimitOrNotWellFormed_areRefused() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThatThrownBy(() -> engine.set("k", "x".repeat(EngineKeys.MAX_VALUE_BYTES + 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"k\"");
      assertThatThrownBy(() -> engine.set("k", "a\uD800b"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
      engine.set("k", "");
      assertThat(engine.get("k")).as("\"\" is a value, not a delete").isEqualTo("");
      assertThat(engine.list("", 0, 10)).containsExactly("k");
    }
  }

  @Test
  void listArguments_areChecked() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThatThrownBy(() -> engine.list(null, 0, 10))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.list("", -1, 10))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> engine.list("", 0, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
      assertThatThrownBy(() -> engine.list("", 0, EngineKeys.MAX_LIST_LIMIT + 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.deletePrefix(null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(engine.list("\u0000", 0, 10)).isEmpty();
      assertThat(engine.list("", Integer.MAX_VALUE, EngineKeys.MAX_LIST_LIMIT)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "x\u0000", ".s.chatstore"})
  void sessionNames_thatAreNotOneFolderName_areRefused(String session) {
    assertThatThrownBy(() -> FileEngine.open(base, session))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session");
    assertThat(Disk.files(base)).isEmpty();
  }

  @Test
  void sessionName_isUsedVerbatim_asTheOriginalDoes() {
    try (FileEngine engine = FileEngine.open(base, "bot@1")) {
      engine.set("k", "v");
    }
    assertThat(Files.isRegularFile(base.resolve("bot@1/k"))).isTrue();
  }
}
