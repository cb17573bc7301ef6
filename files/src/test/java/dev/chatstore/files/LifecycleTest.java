package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Opening, closing and the one-process-at-a-time lock of a session folder. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LifecycleTest {
  @TempDir
  Path base;

  @Test
  void secondOpenOfAnOpenFolder_fails_andWorksAfterClose() {
    FileEngine first = FileEngine.open(base, "s");
    try {
      assertThatThrownBy(() -> FileEngine.open(base, "s"))
          .isInstanceOf(StoreException.class).hasMessageContaining("already open");
      try (FileEngine other = FileEngine.open(base, "t")) {
        other.set("k", "another session is another folder");
      }
    } finally {
      first.close();
    }
    try (FileEngine again = FileEngine.open(base, "s")) {
      assertThat(again.list("", 0, 10)).isEmpty();
    }
  }

  @Test
  void callsAfterClose_throwClosed_andCloseIsIdempotent() {
    FileEngine engine = FileEngine.open(base, "s");
    engine.set("k", "v");
    engine.close();
    engine.close();
    for (Runnable call : List.<Runnable>of(() -> engine.get("k"), () -> engine.set("k", "v"),
        () -> engine.set("k", null), () -> engine.list(""), () -> engine.deletePrefix(""),
        () -> engine.setBatch(List.of(java.util.Map.entry("k", "v"))),
        () -> engine.setTtl("k", "v", java.time.Duration.ofSeconds(1)))) {
      assertThatThrownBy(call::run).isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(((StoreException) e).kind())
              .isEqualTo(StoreException.Kind.CLOSED));
    }
  }

  @Test
  void openCreatesTheFolders_andNullArgumentsAreRefused() {
    try (FileEngine engine = FileEngine.open(base.resolve("deep/er"), "s")) {
      assertThat(engine.folder()).isDirectory();
    }
    assertThatThrownBy(() -> FileEngine.open(null, "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileEngine.open(base, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileEngine.open(base, "s", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FileEngineOptions(null, true, java.time.Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
    assertThatThrownBy(() -> FileEngineOptions.defaults().withSweepInterval(
        java.time.Duration.ZERO)).hasMessageContaining("PT0S");
  }

  @Test
  void update_readsAndWritesOneKeyAtomically() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.update("n", v -> v == null ? "1" : v + "1")).isEqualTo("1");
      assertThat(engine.update("n", v -> v + "1")).isEqualTo("11");
      assertThat(engine.update("n", v -> null)).isNull();
      assertThat(engine.get("n")).isNull();
      engine.set("a/b", "child");
      assertThatThrownBy(() -> engine.update("a", v -> "x"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a/b\"");
    }
  }
}
