package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FileEngine against seeded random hostile keys (separators, dots, backslashes, control
 * characters, surrogates, {@code _at_}): each is stored and read back or refused, and no file
 * appears outside the session's folders. The seed is in the failure message;
 * {@code -Dchatstore.seed=N} replays it. (The timeout only guards against a hang.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileInputFuzzTest {
  private static final String[] PIECES = {"a", "/", "/", ".", "..", "\\", "\0", "\n", "@",
      "_at_", "_", " ", "\uD800", "\uDC00", "\uD83D\uDE00", "\u00e9", ":", "*", "~", "%2e"};

  @TempDir
  Path base;

  @Test
  void randomHostileKeys_areStoredOrRefused_neverOutsideTheSession() {
    long seed = Long.getLong("chatstore.seed", System.nanoTime());
    Random r = new Random(seed);
    int stored = 0;
    try (FileEngine engine = FileEngine.open(base, "s")) {
      for (int i = 0; i < Integer.getInteger("chatstore.fuzz.iterations", 2_000); i++) {
        StringBuilder sb = new StringBuilder();
        for (int n = 1 + r.nextInt(8); n > 0; n--) {
          sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        String key = sb.toString();
        try {
          engine.set(key, "v" + i);
        } catch (IllegalArgumentException refused) {
          continue;
        } catch (RuntimeException e) {
          throw new AssertionError("seed=" + seed + ": set(" + KeyPaths.show(key) + ") threw " + e,
              e);
        }
        stored++;
        assertThat(engine.get(key)).as("seed=%d: get(%s)", seed, KeyPaths.show(key))
            .isEqualTo("v" + i);
      }
    }
    assertThat(stored).as("seed=%d: some random keys are valid", seed).isPositive();
    assertThat(Disk.files(base).keySet()).as("seed=%d: every file is the session's", seed)
        .allSatisfy(p -> assertThat(p.startsWith("s/") || p.startsWith(".s.chatstore/")).isTrue());
  }
}
