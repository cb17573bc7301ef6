package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.entry;
import static dev.chatstore.tck.engine.EngineTck.runConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.engine.Engine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once on one engine: the same key written by several, a parent cascade-deleted
 * while its children are written, batches and prefix deletes mixed in. Afterwards every listed key
 * has a value and every key with a value is listed, and the engine's own consistency check
 * ({@link EngineConformanceSuite#indexProblems}) finds nothing. Randomized with the suite's seed;
 * bounded in work; never timed.
 */
public interface EngineConcurrencyContract extends EngineContract {

  /** Threads of each concurrent test. */
  int THREADS = 6;

  @Test
  default void concurrentWritesOfOneKey_leaveOneValue_listedOnce() {
    Engine e = engine();
    List<Callable<Void>> tasks = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (int t = 0; t < THREADS; t++) {
      int me = t;
      for (int i = 0; i < 40; i++) {
        written.add("v" + me + "-" + i);
      }
      tasks.add(() -> {
        for (int i = 0; i < 40; i++) {
          e.set("hot/key", "v" + me + "-" + i);
        }
        return null;
      });
    }
    runConcurrently(tasks);
    assertEquals(List.of("hot/key"), e.list(""), "a key written by many threads should be"
        + " listed exactly once");
    assertTrue(written.contains(e.get("hot/key")), "the key should hold one of the values"
        + " written, got " + e.get("hot/key"));
    assertEquals(List.of(), problemsOf(e), "the engine should be consistent");
  }

  @Test
  default void cascadeDeleteWhileChildrenAreWritten_leavesListAndValuesInAgreement() {
    Engine e = engine();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int me = t;
      Random rnd = new Random(seed() + t);
      tasks.add(() -> {
        for (int i = 0; i < 60; i++) {
          switch (me % 3) {
            case 0 -> e.set("chat/p/message/m" + rnd.nextInt(8) + "/index", "x" + i);
            case 1 -> e.set("chat/p/index", "meta" + i);
            default -> {
              if (rnd.nextBoolean()) {
                e.set("chat/p", null);
              } else {
                e.setBatch(List.of(entry("chat/p/message/m" + rnd.nextInt(8), null),
                    entry("chat/q/index", "q" + i)));
              }
            }
          }
        }
        return null;
      });
    }
    runConcurrently(tasks);
    assertAgreement(e, "a cascade delete racing writes of its children");
  }

  @Test
  default void randomMixOfWrites_leavesListAndValuesInAgreement() {
    Engine e = engine();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Random rnd = new Random(seed() * 31 + t);
      tasks.add(() -> {
        for (int i = 0; i < 80; i++) {
          String key = randomKey(rnd);
          switch (rnd.nextInt(6)) {
            case 0, 1 -> e.set(key, "v" + i);
            case 2 -> e.set(key, null);
            case 3 -> e.setBatch(List.of(entry(randomKey(rnd), "b" + i),
                entry(randomKey(rnd), rnd.nextBoolean() ? null : "c" + i)));
            case 4 -> e.deletePrefix(List.of("r1", "r1/", "r2/a", "").get(rnd.nextInt(4)));
            default -> e.list(key.substring(0, Math.min(3, key.length())), 0, 20);
          }
        }
        return null;
      });
    }
    runConcurrently(tasks);
    assertAgreement(e, "a random mix of writes");
  }

  private static String randomKey(Random rnd) {
    String parent = "r" + (1 + rnd.nextInt(2));
    return switch (rnd.nextInt(3)) {
      case 0 -> parent + "/a" + rnd.nextInt(3);
      case 1 -> parent + "/a" + rnd.nextInt(3) + "/b" + rnd.nextInt(2);
      default -> parent + "x/c" + rnd.nextInt(2);
    };
  }

  private void assertAgreement(Engine e, String after) {
    Set<String> listed = new TreeSet<>(e.list("", 0, 10_000));
    for (String k : listed) {
      assertTrue(e.get(k) != null, "after " + after + ", listed key " + k
          + " should have a value (seed " + seed() + ")");
    }
    for (String prefix : List.of("chat/", "r1/", "r2/", "r1x/", "r2x/")) {
      for (String k : e.list(prefix, 0, 10_000)) {
        assertTrue(listed.contains(k), "after " + after + ", " + k + " is listed under "
            + prefix + " but not under \"\" (seed " + seed() + ")");
      }
    }
    assertEquals(List.of(), problemsOf(e), "after " + after + ", the engine should be"
        + " consistent (seed " + seed() + ")");
  }
}
