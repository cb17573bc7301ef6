package dev.chatstore.tck.crash;

import java.util.NavigableMap;

/**
 * One write of a crash workload, as the model applies it and as the child issues it. Keys and
 * values are ASCII text, written to a {@link dev.chatstore.kv.KvStore} as their bytes or to an
 * {@link dev.chatstore.engine.Engine} as they are.
 */
sealed interface CrashOp {

  /** Applies this operation to {@code state}, the model of one lane. */
  void applyTo(NavigableMap<String, String> state);

  /** Sets {@code key} to {@code value}. */
  record Put(String key, String value) implements CrashOp {
    @Override
    public void applyTo(NavigableMap<String, String> state) {
      state.put(key, value);
    }

    @Override
    public String toString() {
      return "put " + key + " (" + value.length() + " chars)";
    }
  }

  /** Removes {@code key}. */
  record Delete(String key) implements CrashOp {
    @Override
    public void applyTo(NavigableMap<String, String> state) {
      state.remove(key);
    }
  }

  /** Removes every key in {@code [from, to)}. */
  record DeleteRange(String from, String to) implements CrashOp {
    @Override
    public void applyTo(NavigableMap<String, String> state) {
      state.subMap(from, true, to, false).clear();
    }
  }

  /** The Engine's {@code set(key, null)}: removes {@code key} and every key under it. */
  record Cascade(String key) implements CrashOp {
    @Override
    public void applyTo(NavigableMap<String, String> state) {
      state.remove(key);
      state.subMap(key + "/", true, key + "0", false).clear();
    }
  }
}
