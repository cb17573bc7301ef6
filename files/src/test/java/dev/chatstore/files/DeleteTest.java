package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code set(k, null)} deletes {@code k} and everything under {@code k/}, never {@code k2};
 * {@code deletePrefix} deletes by plain string prefix and returns the count; both remove the
 * folders they empty.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeleteTest {
  @TempDir
  Path base;

  private void chat(FileEngine engine, String cid) {
    engine.set("chat/" + cid + "/index", "{}");
    engine.set("chat/" + cid + "/messages", "1 m1\n");
    engine.set("chat/" + cid + "/message/m1/index", "{}");
    engine.set("chat/" + cid + "/message/m1/raw", "{}");
    engine.set("chat/" + cid + "/message/m10/raw", "{}");
  }

  @Test
  void cascadeDelete_removesTheChatWhole_andKeepsSiblingsWithASharedPrefix() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      chat(engine, "1@g.us");
      chat(engine, "1@g.us2");
      engine.set("chat/1@g.us", null);
      assertThat(engine.list("chat/", 0, 100)).allMatch(k -> k.startsWith("chat/1@g.us2/"))
          .hasSize(5);
      assertThat(engine.get("chat/1@g.us/index")).isNull();
    }
    assertThat(Disk.folders(base.resolve("s")))
        .as("the emptied folder is gone").doesNotContain("chat/1_at_g.us");
  }

  @Test
  void cascadeDelete_ofOneMessage_keepsAMessageWhoseIdExtendsIt() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      chat(engine, "c");
      engine.set("chat/c/message/m1", null);
      assertThat(engine.list("chat/c/message/", 0, 100))
          .containsExactly("chat/c/message/m10/raw");
    }
    assertThat(Disk.folders(base.resolve("s"))).contains("chat/c/message/m10")
        .doesNotContain("chat/c/message/m1");
  }

  @Test
  void deletingALoneKey_andAnAbsentKey() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("lid/1@lid", "x");
      engine.set("lid/1@lid", null);
      engine.set("lid/1@lid", null);
      engine.set("never/was", null);
      assertThat(engine.get("lid/1@lid")).isNull();
      assertThat(engine.list("", 0, 10)).isEmpty();
    }
    assertThat(Disk.files(base.resolve("s"))).isEmpty();
  }

  @Test
  void deletePrefix_isAPlainStringPrefix_andCountsTheKeys() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      chat(engine, "12");
      chat(engine, "123");
      chat(engine, "2");
      engine.set("chat12", "not under chat/");
      assertThat(engine.deletePrefix("chat/12")).isEqualTo(10);
      assertThat(engine.list("chat", 0, 100)).hasSize(6).contains("chat12")
          .allMatch(k -> k.equals("chat12") || k.startsWith("chat/2/"));
      assertThat(engine.deletePrefix("chat/2/message/m1/")).isEqualTo(2);
      assertThat(engine.deletePrefix("nothing")).isZero();
      assertThat(engine.deletePrefix("")).isEqualTo(4);
      assertThat(engine.list("", 0, 10)).isEmpty();
    }
    assertThat(Disk.files(base.resolve("s"))).isEmpty();
    assertThat(Disk.folders(base.resolve("s"))).as("emptied folders are removed").isEmpty();
  }

  @Test
  void deletePrefix_withAnAtAcrossTheMapping_matchesKeysNotFileNames() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("c/a@b", "1");
      engine.set("c/a_a", "2");
      assertThat(engine.deletePrefix("c/a_a")).as("'a_a' is not a prefix of 'a@b'").isEqualTo(1);
      assertThat(engine.list("c/", 0, 10)).containsExactly("c/a@b");
      assertThat(engine.deletePrefix("c/a@")).isEqualTo(1);
    }
  }

  /**
   * Deleting a key below a value ({@code r/a/b} while {@code r/a} holds one) finds nothing to
   * delete, and the removal of emptied folders that follows never takes the value's file for a
   * folder: in a batch of one entry, in a journaled batch, by {@code set(k, null)} and by prefix.
   */
  @Test
  void deletingAKeyUnderAValue_keepsTheValue() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("r/a", "v");
      Map<String, Runnable> deletes = new LinkedHashMap<>();
      deletes.put("a batch of one",
          () -> engine.setBatch(List.of(new SimpleEntry<>("r/a/b", null))));
      deletes.put("a journaled batch", () -> engine.setBatch(List.of(Map.entry("r/x", "x"),
          new SimpleEntry<>("r/a/b", null))));
      deletes.put("set(r/a/b, null)", () -> engine.set("r/a/b", null));
      deletes.put("deletePrefix(r/a/)", () -> engine.deletePrefix("r/a/"));
      deletes.forEach((how, delete) -> {
        delete.run();
        assertThat(engine.get("r/a")).as("r/a after deleting r/a/b by %s", how).isEqualTo("v");
      });
      assertThat(engine.list("", 0, 10)).containsExactly("r/x", "r/a");
    }
    assertThat(Disk.files(base.resolve("s"))).isEqualTo(Map.of("r/a", "v", "r/x", "x"));
  }

  @Test
  void deletions_surviveAReopen() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      chat(engine, "x");
      chat(engine, "y");
      engine.set("chat/x", null);
      engine.deletePrefix("chat/y/message/");
    }
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.list("", 0, 100))
          .containsExactlyInAnyOrderElementsOf(List.of("chat/y/index", "chat/y/messages"));
    }
  }
}
