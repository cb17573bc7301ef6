package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.tck.engine.EngineCapability;
import dev.chatstore.tck.engine.EngineConformanceSuite;
import dev.chatstore.tck.engine.EngineHost;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The engine conformance suite on {@link FileEngine}: one session folder per session id under
 * the test's directory. Capabilities: {@link EngineCapability#TTL} and
 * {@link EngineCapability#PERSISTENT}; not {@link EngineCapability#NESTED_VALUES} (a file is not
 * a folder). Keys modified in one instant are listed newest modification first (the default).
 */
class FileEngineConformanceTest extends EngineConformanceSuite {
  @Override
  protected EngineHost open(Path dir, Clock clock) {
    FileEngineOptions options = FileEngineOptions.defaults().withClock(clock);
    Map<String, FileEngine> engines = new ConcurrentHashMap<>();
    return EngineHost.of(id -> engines.computeIfAbsent(id, s -> FileEngine.open(dir, s, options)),
        () -> engines.values().forEach(FileEngine::close));
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.of(EngineCapability.TTL, EngineCapability.PERSISTENT);
  }

  /** The index must be exactly the files on disk in their modification-time order. */
  @Override
  protected List<String> indexProblems(Engine engine) {
    FileEngine files = (FileEngine) engine;
    List<String> listed = files.list("", 0, EngineKeys.MAX_LIST_LIMIT);
    List<String> onDisk = Disk.originalListing(files.folder());
    List<String> problems = new ArrayList<>();
    if (!listed.equals(onDisk)) {
      problems.add("list(\"\") " + listed + " differs from the files by mtime " + onDisk);
    }
    return problems;
  }

  /**
   * The suite's random mix of concurrent writes, which stores values at both {@code r1/a0} and
   * {@code r1/a0/b1} although the suite documents that without
   * {@link EngineCapability#NESTED_VALUES} it never stores both: the same workload here, where
   * such a write is refused (as this engine documents) and the run goes on; the agreement of
   * list and values, and of the index with the files, is checked as the suite does.
   */
  @Override
  @Test
  public void randomMixOfWrites_leavesListAndValuesInAgreement() {
    Engine e = engine();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      Random rnd = new Random(seed() * 31 + t);
      tasks.add(() -> {
        int refused = 0;
        for (int i = 0; i < 80; i++) {
          String key = randomKey(rnd);
          try {
            switch (rnd.nextInt(6)) {
              case 0, 1 -> e.set(key, "v" + i);
              case 2 -> e.set(key, null);
              case 3 -> e.setBatch(List.of(Map.entry(randomKey(rnd), "b" + i),
                  rnd.nextBoolean() ? new SimpleEntry<>(randomKey(rnd), null)
                      : Map.entry(randomKey(rnd), "c" + i)));
              case 4 -> e.deletePrefix(List.of("r1", "r1/", "r2/a", "").get(rnd.nextInt(4)));
              default -> e.list(key.substring(0, Math.min(3, key.length())), 0, 20);
            }
          } catch (IllegalArgumentException fileIsNotAFolder) {
            assertThat(fileIsNotAFolder.getMessage()).as("seed %d", seed())
                .contains("cannot store the key");
            refused++;
          }
        }
        return refused;
      });
    }
    try {
      ConcurrencyTest.runAll(tasks);
    } catch (Exception failed) {
      throw new AssertionError("a concurrent task failed (seed " + seed() + ")", failed);
    }
    List<String> listed = e.list("", 0, 10_000);
    for (String k : listed) {
      assertThat(e.get(k)).as("listed key %s should have a value (seed %d)", k, seed())
          .isNotNull();
    }
    for (String prefix : List.of("r1/", "r2/", "r1x/", "r2x/")) {
      assertThat(listed).as("seed %d", seed()).containsAll(e.list(prefix, 0, 10_000));
    }
    assertThat(indexProblems(e)).as("seed %d", seed()).isEmpty();
  }

  private static String randomKey(Random rnd) {
    String parent = "r" + (1 + rnd.nextInt(2));
    return switch (rnd.nextInt(3)) {
      case 0 -> parent + "/a" + rnd.nextInt(3);
      case 1 -> parent + "/a" + rnd.nextInt(3) + "/b" + rnd.nextInt(2);
      default -> parent + "x/c" + rnd.nextInt(2);
    };
  }

  /**
   * The suite's wildcard test, without its key {@code a\b}: this engine refuses {@code \} in
   * keys on every system (a separator on Windows; see {@link FileEngine}), which is checked
   * instead. Every other wildcard is checked as the suite does.
   */
  @Override
  @Test
  public void globAndSqlWildcards_areLiteral_inGetSetListAndDelete() {
    Engine e = engine();
    for (String k : List.of("a%", "a_", "a*", "a?", "a[b]", "ab", "aXb", "p%/x", "pa/x", "p_/x",
        "pq/x")) {
      e.set(k, k);
    }
    assertThat(e.list("a%")).containsExactly("a%");
    assertThat(e.list("a_")).containsExactly("a_");
    assertThat(e.list("a*")).containsExactly("a*");
    assertThat(e.list("a?")).containsExactly("a?");
    assertThat(e.list("a[")).containsExactly("a[b]");
    assertThat(e.list("a\\")).as("a prefix with \\ matches nothing here").isEmpty();
    assertThat(e.get("a[")).isNull();
    e.set("p%", null);
    assertThat(e.get("pa/x")).as("set(p%, null) should not delete pa/x").isEqualTo("pa/x");
    assertThat(e.get("p%/x")).isNull();
    e.set("p_", null);
    assertThat(e.get("pq/x")).as("set(p_, null) should not delete pq/x").isEqualTo("pq/x");
    assertThat(e.deletePrefix("a%")).isEqualTo(1);
    assertThat(e.get("ab")).isEqualTo("ab");
    assertThat(e.deletePrefix("a*")).isEqualTo(1);
    assertThat(e.get("aXb")).isEqualTo("aXb");
    assertThatThrownBy(() -> e.set("a\\b", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a\\b");
    assertThat(e.get("ab")).isEqualTo("ab");
  }
}
