package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's pages equal a plain sort of the matching keys, whichever way the index reads them
 * (a prefix's key range, or the newest-first order for prefixes matching many keys), and stay
 * exact while other keys are updated.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyIndexTest {
  private static final Logger LOG = LoggerFactory.getLogger(KeyIndexTest.class);

  private static List<String> expected(Map<String, Long> model, String prefix, int offset,
      int limit, KeyIndex.Live live) {
    return model.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .filter(e -> live == null || live.test(e.getKey(), e.getValue()))
        .map(e -> new KeyIndex.Stamped(e.getKey(), e.getValue()))
        .sorted(KeyIndex.NEWEST_FIRST)
        .skip(offset).limit(limit)
        .map(KeyIndex.Stamped::key).toList();
  }

  @Test
  void pages_equalAPlainSort_forNarrowAndWidePrefixes_withTiesAndFilters() {
    long seed = Long.getLong("chatstore.test.seed", new Random().nextLong());
    LOG.info("KeyIndexTest seed={} (-Dchatstore.test.seed)", seed);
    Random random = new Random(seed);
    KeyIndex index = new KeyIndex();
    Map<String, Long> model = new HashMap<>();
    for (int i = 0; i < 6000; i++) {
      String key = (random.nextInt(10) < 8 ? "chat/" : "session/") + random.nextInt(40) + "/"
          + random.nextInt(300);
      long stamp = random.nextInt(2000);
      if (random.nextInt(10) == 0) {
        index.remove(key);
        model.remove(key);
      } else {
        index.put(key, stamp);
        model.put(key, stamp);
      }
    }
    KeyIndex.Live odd = (key, stamp) -> stamp % 2 == 1;
    for (String prefix : List.of("", "chat/", "chat/1", "chat/17/", "session/3/2", "nothing",
        "chat/17/299")) {
      for (int[] page : new int[][] {{0, 50}, {0, 1}, {37, 20}, {3000, 100}, {0, 10_000},
          {9000, 50}}) {
        for (KeyIndex.Live live : new KeyIndex.Live[] {null, odd}) {
          assertThat(index.newest(prefix, page[0], page[1], live))
              .as("newest(%s, %d, %d, %s) seed %d", prefix, page[0], page[1],
                  live == null ? "all" : "odd stamps", seed)
              .isEqualTo(expected(model, prefix, page[0], page[1], live));
        }
      }
    }
    assertThat(index.size()).isEqualTo(model.size());
  }

  @Test
  void pagesStayExact_whileOtherKeysAreUpdated() throws Exception {
    KeyIndex index = new KeyIndex();
    for (int i = 0; i < 5000; i++) {
      index.put(String.format("stable/%05d", i), 1_000_000L + i);
    }
    List<String> stableNewest = new ArrayList<>();
    for (int i = 4999; i >= 4950; i--) {
      stableNewest.add(String.format("stable/%05d", i));
    }
    AtomicBoolean stop = new AtomicBoolean();
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(() -> {
      Random random = new Random(1);
      for (int i = 0; i < 200_000 && !stop.get(); i++) {
        String key = "hot/" + random.nextInt(100);
        if (random.nextBoolean()) {
          index.put(key, random.nextInt(2_000_000));
        } else {
          index.remove(key);
        }
      }
      stop.set(true);
      return 0;
    });
    tasks.add(() -> {
      int checked = 0;
      while (!stop.get()) {
        assertThat(index.newest("stable/", 0, 50, null)).isEqualTo(stableNewest);
        List<String> all = index.newest("", 0, 10_000, null);
        assertThat(all).doesNotHaveDuplicates().containsAll(stableNewest);
        checked++;
      }
      return checked;
    });
    List<Integer> results = ConcurrencyTest.runAll(tasks);
    assertThat(results.get(1)).isPositive();
  }
}
