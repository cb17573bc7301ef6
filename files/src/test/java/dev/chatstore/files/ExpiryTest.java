package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.tck.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setTtl}: the key is gone for every reader once its time has passed, across reopens;
 * a later {@code set} makes it permanent; the sweep deletes the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExpiryTest {
  @TempDir
  Path base;

  private final ManualClock clock = new ManualClock();

  private FileEngine open() {
    return FileEngine.open(base, "s", FileEngineOptions.defaults().withClock(clock)
        .withSweepInterval(Duration.ofHours(1)));
  }

  @Test
  void expiredKey_isGoneForEveryReader_atItsInstant() {
    try (FileEngine engine = open()) {
      engine.setTtl("chat/c/message/e1/index", "ephemeral", Duration.ofSeconds(10));
      engine.set("chat/c/index", "permanent");
      clock.advance(Duration.ofMillis(9_999));
      assertThat(engine.get("chat/c/message/e1/index")).isEqualTo("ephemeral");
      assertThat(engine.list("chat/", 0, 10)).hasSize(2);
      clock.advance(Duration.ofMillis(1));
      assertThat(engine.get("chat/c/message/e1/index")).isNull();
      assertThat(engine.list("chat/", 0, 10)).containsExactly("chat/c/index");
      assertThat(engine.update("chat/c/message/e1/index", v -> v)).isNull();
      assertThat(engine.deletePrefix("chat/c/message/")).as("expired keys are not counted")
          .isZero();
    }
  }

  @Test
  void expiry_survivesAReopen_andAnExpiredKeyIsDeletedAtOpen() {
    try (FileEngine engine = open()) {
      engine.setTtl("a", "1", Duration.ofSeconds(10));
      engine.setTtl("b", "2", Duration.ofSeconds(100));
    }
    clock.advance(Duration.ofSeconds(50));
    try (FileEngine engine = open()) {
      assertThat(engine.get("a")).isNull();
      assertThat(engine.get("b")).isEqualTo("2");
      assertThat(Files.exists(engine.folder().resolve("a"))).isFalse();
    }
    clock.advance(Duration.ofSeconds(50));
    try (FileEngine engine = open()) {
      assertThat(engine.get("b")).isNull();
      assertThat(engine.list("", 0, 10)).isEmpty();
    }
  }

  @Test
  void laterSet_makesTheKeyPermanent_alsoAfterAReopen() {
    try (FileEngine engine = open()) {
      engine.setTtl("k", "short", Duration.ofSeconds(1));
      engine.set("k", "forever");
      engine.setTtl("j", "short", Duration.ofSeconds(1));
      engine.setBatch(java.util.List.of(java.util.Map.entry("j", "forever too")));
    }
    clock.advance(Duration.ofDays(1));
    try (FileEngine engine = open()) {
      assertThat(engine.get("k")).isEqualTo("forever");
      assertThat(engine.get("j")).isEqualTo("forever too");
    }
  }

  @Test
  void sweep_deletesTheFilesOfExpiredKeys() {
    try (FileEngine engine = open()) {
      engine.setTtl("x/1", "v", Duration.ofSeconds(1));
      engine.setTtl("x/2", "v", Duration.ofSeconds(5));
      clock.advance(Duration.ofSeconds(2));
      assertThat(engine.sweep()).isEqualTo(1);
      assertThat(Disk.files(engine.folder())).containsOnlyKeys("x/2");
      engine.set("x", null);
      assertThat(engine.sweep()).isZero();
    }
  }

  @Test
  void expiredKey_doesNotBlockAChildOrAParentValue() {
    try (FileEngine engine = open()) {
      engine.setTtl("a", "v", Duration.ofSeconds(1));
      engine.setTtl("p/q", "v", Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      engine.set("a/b", "child of an expired value");
      engine.set("p", "value over an expired child");
      assertThat(engine.list("", 0, 10)).containsExactlyInAnyOrder("a/b", "p");
    }
  }

  @Test
  void badTtlArguments_areRefused_andChangeNothing() {
    try (FileEngine engine = open()) {
      assertThatThrownBy(() -> engine.setTtl("k", null, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"k\"");
      assertThatThrownBy(() -> engine.setTtl("k", "v", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
      assertThatThrownBy(() -> engine.setTtl("k", "v", Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.setTtl("k", "v", null))
          .isInstanceOf(IllegalArgumentException.class);
      engine.setTtl("huge", "v", Duration.ofSeconds(Long.MAX_VALUE));
      assertThat(engine.get("huge")).isEqualTo("v");
      assertThat(engine.list("", 0, 10)).containsExactly("huge");
    }
  }
}
