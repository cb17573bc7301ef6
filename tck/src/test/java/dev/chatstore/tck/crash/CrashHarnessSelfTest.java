package dev.chatstore.tck.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The crash harness catches a store that loses acknowledged writes: it can fail. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashHarnessSelfTest {
  @TempDir
  Path dir;

  /** A store that keeps nothing across processes: every acknowledged write is lost. */
  public static final class Forgetful implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      return Stores.of(new MemoryKvStore(StoreOptions.defaults()));
    }
  }

  @Test
  void aStoreThatLosesAcknowledgedWrites_failsTheCrashTest() {
    assertThatThrownBy(() -> CrashHarness.of(CrashWorkload.mixed(), Forgetful.class).kills(4)
        .run(dir))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing [")
        .hasMessageContaining("-Dchatstore.crash.seed=");
  }

  @Test
  void workload_valuesCarryAChecksumOfTheirKeyAndContent() {
    String v = CrashWorkload.value("L00/k01", 7, new SplittableRandom(1));
    assertThat(CrashWorkload.damage("L00/k01", v)).isNull();
    assertThat(CrashWorkload.damage("L00/k02", v))
        .contains("another key");
    assertThat(CrashWorkload.damage("L00/k01",
        v.substring(0, v.length() / 2) + "x" + v.substring(v.length() / 2 + 1)))
        .contains("torn");
    assertThat(CrashWorkload.damage("L00/k01",
        v.substring(0, v.length() - 3))).isNotNull();
  }
}
