package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process killed ({@code kill -9}) at a random moment while it writes leaves a folder where
 * every key holds a whole value it wrote, no temporary file is listed, and a batch is there
 * whole or not at all once the folder is opened again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KillTest {
  private static final Logger LOG = LoggerFactory.getLogger(KillTest.class);
  private static final int KEYS = 8;
  private static final int VALUE_CHARS = 200_000;

  @TempDir
  Path base;

  /** The child process: writes single keys and batches in a loop until it is killed. */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) throws Exception {
      Path base = Path.of(args[0]);
      try (FileEngine engine = FileEngine.open(base, "s")) {
        Files.writeString(base.resolve("started"), "yes");
        for (long gen = 0; ; gen++) {
          engine.set("single/" + (gen % KEYS), value(gen));
          List<Map.Entry<String, String>> batch = new ArrayList<>();
          for (int i = 0; i < KEYS; i++) {
            batch.add(Map.entry("batch/" + i, value(gen)));
          }
          engine.setBatch(batch);
        }
      }
    }
  }

  /** {@code gen:} followed by the generation's digit repeated: a cut value is visible. */
  static String value(long gen) {
    char digit = (char) ('0' + gen % 10);
    return gen + ":" + String.valueOf(digit).repeat(VALUE_CHARS);
  }

  private static long generationOf(String key, String value) {
    int colon = value.indexOf(':');
    long gen = Long.parseLong(value.substring(0, colon));
    assertThat(value).as("%s holds one whole value", key).isEqualTo(value(gen));
    return gen;
  }

  @Test
  void killedAtARandomMoment_everyValueIsWhole_andEveryBatchAllOrNothing() throws Exception {
    long seed = Long.getLong("chatstore.test.seed", new Random().nextLong());
    LOG.info("KillTest seed={} (-Dchatstore.test.seed)", seed);
    Random random = new Random(seed);
    String java = ProcessHandle.current().info().command().orElse("java");
    int keysSeen = 0;
    for (int round = 0; round < 4; round++) {
      Files.deleteIfExists(base.resolve("started"));
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Writer.class.getName(), base.toString())
          .redirectErrorStream(true).redirectOutput(base.resolve("child.log").toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(base.resolve("started")) && System.nanoTime() < deadline) {
          assertThat(child.isAlive()).as("the writer runs; its log: %s",
              Files.exists(base.resolve("child.log")) ? Files.readString(base.resolve("child.log"))
                  : "").isTrue();
          Thread.sleep(10);
        }
        Thread.sleep(100 + random.nextInt(700));
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      try (FileEngine engine = FileEngine.open(base, "s")) {
        List<String> keys = engine.list("", 0, 1000);
        assertThat(keys).as("round %d, seed %d", round, seed)
            .allMatch(k -> k.startsWith("single/") || k.startsWith("batch/"));
        long batchGen = -1;
        for (String key : keys) {
          long gen = generationOf(key, engine.get(key));
          if (key.startsWith("batch/")) {
            assertThat(batchGen == -1 || batchGen == gen)
                .as("every batch/ key holds the same generation (round %d, seed %d)", round, seed)
                .isTrue();
            batchGen = gen;
          }
        }
        assertThat(engine.list("batch/", 0, 100).size())
            .as("a batch is there whole or not at all (round %d, seed %d)", round, seed)
            .isIn(0, KEYS);
        LOG.info("round {}: {} keys, batch generation {}", round, keys.size(), batchGen);
        keysSeen += keys.size();
      }
      assertThat(Disk.files(base.resolve("s")).keySet())
          .as("no temporary file is left once the folder was opened")
          .noneMatch(p -> KeyPaths.isTempName(p.substring(p.lastIndexOf('/') + 1)));
    }
    assertThat(keysSeen).as("the writer wrote something before it was killed (seed %d)", seed)
        .isPositive();
  }
}
