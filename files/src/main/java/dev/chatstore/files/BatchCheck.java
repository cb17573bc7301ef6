package dev.chatstore.files;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The check of a whole {@link FileEngine#setBatch} before anything is written: it plays the
 * entries in order over the index, without touching it, and refuses the first one that would
 * make a key both a value and a parent.
 *
 * <p>Entry {@code i} is checked against the index as entries {@code 0..i-1} would leave it:
 * {@code [set(a, null), set(a/b, v)]} passes when {@code a} holds a value, {@code [set(a, v),
 * set(a/b, w)]} does not. Expired keys count as absent. Used under the engine's exclusive lock;
 * not thread-safe.
 */
final class BatchCheck {
  private final KeyIndex index;
  private final Predicate<String> live;
  /** Keys this batch has set (true) or deleted (false) so far. */
  private final TreeMap<String, Boolean> overlay = new TreeMap<>();
  /** Keys whose cascade delete this batch has played: they and their sub-keys are gone. */
  private final Set<String> deletedRoots = new HashSet<>();

  BatchCheck(KeyIndex index, Predicate<String> live) {
    this.index = index;
    this.live = live;
  }

  /**
   * Plays the batch ({@code values.get(i) == null} deletes {@code keys.get(i)}).
   *
   * @throws IllegalArgumentException naming the entry's index and both keys of a conflict
   */
  void check(List<String> keys, List<byte[]> values) {
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (values.get(i) == null) {
        for (Map.Entry<String, Boolean> e : under(key).entrySet()) {
          e.setValue(false);
        }
        overlay.put(key, false);
        deletedRoots.add(key);
        continue;
      }
      for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
        String ancestor = key.substring(0, slash);
        if (present(ancestor)) {
          throw new IllegalArgumentException("entries[" + i + "]: cannot store the key "
              + KeyPaths.show(key) + ": the key " + KeyPaths.show(ancestor) + " holds a value"
              + " at that point of the batch, and a value cannot also be a parent of keys");
        }
      }
      String child = firstPresentUnder(key);
      if (child != null) {
        throw new IllegalArgumentException("entries[" + i + "]: cannot store the key "
            + KeyPaths.show(key) + ": the key " + KeyPaths.show(child) + " is under it at that"
            + " point of the batch, and a parent of keys cannot also hold a value");
      }
      overlay.put(key, true);
    }
  }

  private Map<String, Boolean> under(String key) {
    return overlay.subMap(key + "/", true, key + "0", false);
  }

  private boolean present(String key) {
    Boolean played = overlay.get(key);
    if (played != null) {
      return played;
    }
    return index.contains(key) && !deletedByBatch(key) && live.test(key);
  }

  private String firstPresentUnder(String key) {
    for (Map.Entry<String, Boolean> e : under(key).entrySet()) {
      if (e.getValue()) {
        return e.getKey();
      }
    }
    for (String child : index.keysWithPrefix(key + "/")) {
      if (!overlay.containsKey(child) && !deletedByBatch(child) && live.test(child)) {
        return child;
      }
    }
    return null;
  }

  private boolean deletedByBatch(String key) {
    if (deletedRoots.isEmpty()) {
      return false;
    }
    if (deletedRoots.contains(key)) {
      return true;
    }
    for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
      if (deletedRoots.contains(key.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }
}
