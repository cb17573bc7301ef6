package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link WrittenValues} never tells a stored form the database does not hold: it learns only
 * the keys a check asked about, keeps known keys exact through later writes, forgets on a range
 * delete or failed commit, and its filter stays consistent with what it knows through
 * eviction, saturation and clearing.
 */
class WrittenValuesTest {
  private static final byte[] DELETED = new byte[0];

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] lookup(WrittenValues w, byte[] key) {
    return w.lookup(key, WrittenValues.hash(key));
  }

  /** As a check's read of the database: learned. */
  private static void learn(WrittenValues w, byte[] key, byte[] stored) {
    w.learn(key, WrittenValues.hash(key), stored);
  }

  /** As a write: keeps the key exact if known. */
  private static void write(WrittenValues w, byte[] key, byte[] stored) {
    w.stage(key, stored);
  }

  /** {@code count} distinct keys of one and the same {@link WrittenValues#hash}. */
  private static List<byte[]> collidingKeys(int count) {
    // "Aa" and "BB": (x, y) and (x + 1, y - 31) add the same to a polynomial hash of base 31
    int blocks = 32 - Integer.numberOfLeadingZeros(count - 1);
    List<byte[]> keys = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      byte[] k = new byte[blocks * 2];
      for (int b = 0; b < blocks; b++) {
        boolean other = (n >>> b & 1) != 0;
        k[2 * b] = (byte) (other ? 'B' : 'A');
        k[2 * b + 1] = (byte) (other ? 'B' : 'a');
      }
      keys.add(k);
    }
    return keys;
  }

  @Test
  void learnsOnlyAskedKeys_andKeepsKnownKeysExactThroughLaterWrites() {
    WrittenValues w = new WrittenValues();
    assertThat(w.isEmpty()).isTrue();
    write(w, key(1), new byte[] {1});
    assertThat(w.isEmpty()).as("something staged").isFalse();
    w.publish();
    assertThat(lookup(w, key(1))).as("a write no check asked about is not learned").isNull();
    assertThat(w.isEmpty()).isTrue();

    learn(w, key(2), null); // a check read it absent
    write(w, key(2), new byte[] {2}); // and the group wrote it
    w.publish();
    assertThat(lookup(w, key(2))).containsExactly(2);

    write(w, key(2), null);
    w.publish();
    assertThat(WrittenValues.isAbsent(lookup(w, key(2)))).as("a delete of a known key").isTrue();
    write(w, key(2), new byte[] {3});
    w.publish();
    assertThat(lookup(w, key(2))).containsExactly(3);
    assertThat(w.consistent()).isTrue();
  }

  @Test
  void failedCommit_forgetsWhatItStaged_andWhatWasKnown() {
    WrittenValues w = new WrittenValues();
    learn(w, key(1), new byte[] {1});
    w.publish();
    write(w, key(1), new byte[] {2});
    learn(w, key(3), new byte[] {3});
    w.clear();
    w.publish();
    assertThat(lookup(w, key(1))).isNull();
    assertThat(lookup(w, key(3))).isNull();
    assertThat(w.isEmpty()).isTrue();
    assertThat(w.consistent()).isTrue();
  }

  @Test
  void keysAreCopiedWhenLearned_soAChangedArrayChangesNothing() {
    WrittenValues w = new WrittenValues();
    byte[] k = key(1);
    learn(w, k, new byte[] {1});
    w.publish();
    k[0] = 'x';
    assertThat(lookup(w, key(1))).containsExactly(1);
    assertThat(lookup(w, k)).isNull();
  }

  @Test
  void eviction_dropsTheLeastRecentlyUsed_andKeepsTheFilterConsistent() {
    WrittenValues w = new WrittenValues(100);
    for (int i = 0; i < 100; i++) {
      learn(w, key(i), new byte[] {(byte) i});
    }
    w.publish();
    assertThat(lookup(w, key(0))).containsExactly(0); // used: key 1 is now the eldest
    for (int i = 100; i < 150; i++) {
      learn(w, key(i), new byte[] {(byte) i});
    }
    w.publish();
    assertThat(w.size()).isEqualTo(100);
    assertThat(lookup(w, key(0))).as("recently used, kept").containsExactly(0);
    for (int i = 1; i <= 50; i++) {
      assertThat(lookup(w, key(i))).as("key %d evicted", i).isNull();
    }
    for (int i = 51; i < 150; i++) {
      assertThat(lookup(w, key(i))).as("key %d kept", i).containsExactly((byte) i);
    }
    assertThat(w.consistent()).isTrue();
    // an evicted key written without a check is not learned again
    write(w, key(1), new byte[] {9});
    w.publish();
    assertThat(lookup(w, key(1))).isNull();
    assertThat(w.consistent()).isTrue();
  }

  @Test
  void keysOfOneHash_saturateTheirCounter_withoutLosingExactness() {
    List<byte[]> keys = collidingKeys(300);
    int hash = WrittenValues.hash(keys.get(0));
    assertThat(keys).allSatisfy(k -> assertThat(WrittenValues.hash(k)).isEqualTo(hash));
    assertThat(new LinkedHashSet<>(keys.stream().map(Arrays::toString).toList())).hasSize(300);
    WrittenValues w = new WrittenValues(280);
    for (int i = 0; i < keys.size(); i++) {
      learn(w, keys.get(i), new byte[] {(byte) i});
    }
    w.publish();
    assertThat(w.size()).isEqualTo(280);
    assertThat(w.consistent()).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(lookup(w, keys.get(i))).as("evicted").isNull();
    }
    for (int i = 20; i < 300; i++) {
      assertThat(lookup(w, keys.get(i))).containsExactly((byte) i);
    }
    w.clear();
    assertThat(w.consistent()).isTrue();
    learn(w, keys.get(0), new byte[] {1});
    w.publish();
    assertThat(lookup(w, keys.get(0))).containsExactly(1);
    assertThat(lookup(w, keys.get(1))).isNull();
    assertThat(w.consistent()).isTrue();
  }

  @Test
  void checkedKeyEvictedWithinItsOwnGroup_isNotKnown() {
    WrittenValues w = new WrittenValues(3);
    for (int i = 0; i < 5; i++) {
      learn(w, key(i), new byte[] {(byte) i});
    }
    write(w, key(0), new byte[] {9}); // evicted by keys 3 and 4 before this write is published
    write(w, key(4), new byte[] {8});
    w.publish();
    assertThat(lookup(w, key(0))).isNull();
    assertThat(lookup(w, key(1))).isNull();
    assertThat(lookup(w, key(2))).containsExactly(2);
    assertThat(lookup(w, key(4))).containsExactly(8);
    assertThat(w.consistent()).isTrue();
  }

  /** A model of what is known: a map in order of use, least recently used out first. */
  private static Map<Integer, byte[]> lruModel(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Random learns, writes, look-ups, failed commits and range deletes, over keys of distinct
   * hashes and keys of one hash (long probe runs in the table), against a least-recently-used
   * map: the same keys are known, with the same stored forms, in the same order of use.
   */
  @Test
  void randomOperations_matchALeastRecentlyUsedMap() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    List<byte[]> universe = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      universe.add(key(i));
    }
    universe.addAll(collidingKeys(150));
    for (int run = 0; run < 30; run++) {
      int capacity = 1 + r.nextInt(run % 3 == 0 ? 5 : 120);
      WrittenValues w = new WrittenValues(capacity);
      Map<Integer, byte[]> model = lruModel(capacity);
      for (int group = 0; group < 2_000; group++) {
        String step = "seed " + seed + ", run " + run + " (capacity " + capacity + "), group "
            + group;
        List<int[]> staged = new ArrayList<>(); // {key, learned}
        List<byte[]> stagedValues = new ArrayList<>();
        int learns = r.nextInt(4);
        for (int i = 0; i < learns; i++) {
          int k = r.nextInt(universe.size());
          byte[] looked = lookup(w, universe.get(k));
          byte[] expected = model.get(k);
          if (expected == null) {
            assertThat(looked).as(step + ": key %d", k).isNull();
            byte[] stored = r.nextInt(3) == 0 ? null : new byte[] {(byte) r.nextInt(256)};
            learn(w, universe.get(k), stored);
            staged.add(new int[] {k, 1});
            stagedValues.add(stored == null ? DELETED : stored);
          } else {
            assertThat(looked).as(step + ": key %d", k).isNotNull();
            assertThat(WrittenValues.isAbsent(looked) ? DELETED : looked).as(step + ": key %d", k)
                .isSameAs(expected);
          }
        }
        int writes = r.nextInt(6);
        for (int i = 0; i < writes; i++) {
          int k = r.nextInt(universe.size());
          byte[] stored = r.nextInt(3) == 0 ? null : new byte[] {(byte) r.nextInt(256)};
          write(w, universe.get(k), stored);
          staged.add(new int[] {k, 0});
          stagedValues.add(stored == null ? DELETED : stored);
        }
        int outcome = r.nextInt(40);
        if (outcome == 0) { // failed commit, or a range delete in the group
          w.clear();
          model.clear();
        } else {
          w.publish();
          for (int i = 0; i < staged.size(); i++) {
            int k = staged.get(i)[0];
            if (staged.get(i)[1] == 1) {
              model.put(k, stagedValues.get(i));
            } else {
              model.replace(k, stagedValues.get(i));
            }
          }
        }
        if (group % 100 == 0) {
          assertThat(w.consistent()).as(step).isTrue();
        }
        if (group % 20 == 0 || capacity < 5) {
          List<byte[]> order = new ArrayList<>();
          for (int k : model.keySet()) {
            order.add(universe.get(k));
          }
          assertThat(w.keysInOrderOfUse()).as(step).containsExactlyElementsOf(order);
        }
      }
    }
  }

  @Test
  void capacityOutsideTheBound_isRefused() {
    assertThatThrownBy(() -> new WrittenValues(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries 0");
    assertThatThrownBy(() -> new WrittenValues(WrittenValues.MAX_ENTRIES + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(WrittenValues.MAX_ENTRIES + 1));
  }

  /**
   * Random groups as the writer commits them — checks first (known keys from the map, the others
   * "read" from the database and staged), then the writes — against a plain map of what the
   * database holds: every lookup is either unknown or exactly the database's content.
   */
  @Test
  void randomGroups_neverTellAStoredFormTheDatabaseDoesNotHold() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    String what = "seed " + seed;
    WrittenValues w = new WrittenValues(40);
    Map<Integer, byte[]> db = new HashMap<>();
    int universe = 120;
    int hits = 0;
    for (int group = 0; group < 20_000; group++) {
      String step = what + ", group " + group;
      Set<Integer> asked = new LinkedHashSet<>();
      int checks = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(5);
      for (int c = 0; c < checks; c++) {
        int k = r.nextInt(universe);
        asked.add(k);
        byte[] looked = lookup(w, key(k));
        if (looked != null) {
          hits++;
          byte[] expected = db.get(k);
          if (WrittenValues.isAbsent(looked)) {
            assertThat(expected).as(step + ": key %d known absent", k).isNull();
          } else {
            assertThat(looked).as(step + ": key %d", k).isEqualTo(expected);
          }
        }
      }
      for (int k : asked) {
        if (lookup(w, key(k)) == null) {
          learn(w, key(k), db.get(k)); // read by the multi-get
        }
      }
      boolean track = !w.isEmpty();
      Map<Integer, byte[]> after = new HashMap<>(db);
      int writes = r.nextInt(8);
      for (int i = 0; i < writes; i++) {
        int k = r.nextInt(universe);
        byte[] stored = r.nextInt(4) == 0 ? null : new byte[] {(byte) r.nextInt(256), 1};
        if (stored == null) {
          after.remove(k);
        } else {
          after.put(k, stored);
        }
        if (track) {
          write(w, key(k), stored);
        }
      }
      switch (r.nextInt(50)) {
        case 0 -> { // failed commit: nothing written
          w.clear();
        }
        case 1 -> { // a range delete in the group
          int from = r.nextInt(universe);
          after.keySet().removeIf(k -> k >= from && k < from + 10);
          db = after;
          w.clear();
        }
        default -> {
          db = after;
          w.publish();
        }
      }
      if (group % 500 == 0) {
        assertThat(w.consistent()).as(step).isTrue();
        for (int k = 0; k < universe; k++) {
          byte[] looked = lookup(w, key(k));
          if (looked != null) {
            assertThat(WrittenValues.isAbsent(looked) ? null : looked)
                .as(step + ": key %d", k).isEqualTo(db.get(k));
          }
        }
      }
      assertThat(w.size()).as(step).isLessThanOrEqualTo(40);
    }
    assertThat(hits).as(what + ": checks answered from memory").isGreaterThan(1000);
    assertThat(w.consistent()).as(what).isTrue();
  }
}
