package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key cannot be both a value and a parent ({@code a} and {@code a/b}: a file is not a folder):
 * the write is refused with an {@link IllegalArgumentException} naming both keys, nothing
 * changes, and the engine keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConflictTest {
  @TempDir
  Path base;

  @Test
  void childOfAValue_isRefused_namingBothKeys() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a", "value");
      assertThatThrownBy(() -> engine.set("a/b", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a/b\"").hasMessageContaining("\"a\"");
      assertThatThrownBy(() -> engine.set("a/b/c/d", "v"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a\"");
      assertThat(engine.get("a")).isEqualTo("value");
      assertThat(engine.list("", 0, 10)).containsExactly("a");
    }
    assertThat(Disk.files(base.resolve("s"))).containsOnlyKeys("a");
  }

  @Test
  void valueOnAParent_isRefused_namingBothKeys() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a/b/c", "deep");
      assertThatThrownBy(() -> engine.set("a", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a\"").hasMessageContaining("\"a/b/c\"");
      assertThatThrownBy(() -> engine.set("a/b", "v"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a/b/c\"");
      assertThat(engine.get("a/b/c")).isEqualTo("deep");
      engine.set("a/bb", "a sibling with a shared prefix is fine");
      engine.set("ab", "and so is this");
    }
  }

  @Test
  void afterDeletingTheBlocker_theWriteSucceeds() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a", "value");
      engine.set("a", null);
      engine.set("a/b", "child");
      engine.set("a/b", null);
      engine.set("a", "a value where an emptied folder was");
      assertThat(engine.get("a")).isEqualTo("a value where an emptied folder was");
      assertThat(engine.list("", 0, 10)).containsExactly("a");
    }
    assertThat(Disk.files(base.resolve("s"))).containsOnlyKeys("a");
  }

  @Test
  void emptyFoldersLeftByTheOriginal_doNotBlockAValue() throws Exception {
    Files.createDirectories(base.resolve("s/chat/x/message/m1"));
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("chat/x/message", "now a value");
      engine.set("chat/x/index", "v");
      assertThat(engine.get("chat/x/message")).isEqualTo("now a value");
    }
  }

  @Test
  void batchConflicts_areCheckedInOrder_andRefuseTheWholeBatch() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a", "value");
      engine.set("k", "old");
      assertThatThrownBy(() -> engine.setBatch(List.of(Map.entry("k", "new"),
          Map.entry("a/b", "v"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("entries[1]").hasMessageContaining("\"a/b\"")
          .hasMessageContaining("\"a\"");
      assertThatThrownBy(() -> engine.setBatch(List.of(Map.entry("n", "v"),
          Map.entry("n/m", "v"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entries[1]");
      assertThatThrownBy(() -> engine.setBatch(List.of(Map.entry("p/q", "v"),
          Map.entry("p", "v"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"p/q\"");
      assertThat(engine.get("k")).as("a refused batch changes nothing").isEqualTo("old");
      assertThat(engine.list("", 0, 10)).containsExactlyInAnyOrder("a", "k");

      engine.setBatch(List.of(new SimpleEntry<>("a", null), Map.entry("a/b", "v"),
          Map.entry("n", "v"), new SimpleEntry<>("n", null), Map.entry("n/m", "w")));
      assertThat(engine.get("a")).isNull();
      assertThat(engine.get("a/b")).isEqualTo("v");
      assertThat(engine.get("n")).isNull();
      assertThat(engine.get("n/m")).isEqualTo("w");
    }
  }
}
