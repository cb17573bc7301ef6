package dev.chatstore.tck.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one lane of a crash workload must hold: the state its first {@link #applied()}
 * operations leave, which the parent advances after each kill to the prefix the store was found
 * to hold.
 */
final class LaneModel {
  private final CrashWorkload workload;
  private final long seed;
  private final int lane;
  private final TreeMap<String, String> state = new TreeMap<>();
  private long applied;

  LaneModel(CrashWorkload workload, long seed, int lane) {
    this.workload = workload;
    this.seed = seed;
    this.lane = lane;
  }

  /** How many operations of the lane the store holds, as found at the last check. */
  long applied() {
    return applied;
  }

  /**
   * Finds the prefix of the lane's operations that leaves exactly {@code found}: at least every
   * acknowledged operation ({@code 0..acked}, where {@code acked} is -1 for none in this round)
   * and at most those that may have been in flight. Advances the model to it.
   *
   * @return null when found, or a description of how {@code found} differs from the
   *     acknowledged state
   */
  String match(NavigableMap<String, String> found, long acked) {
    for (long i = applied; i <= acked; i++) {
      apply(i);
    }
    applied = Math.max(applied, acked + 1);
    TreeMap<String, String> candidate = new TreeMap<>(state);
    String firstDiff = diff(candidate, found);
    if (firstDiff == null) {
      return null;
    }
    for (int extra = 1; extra <= workload.inFlight(lane); extra++) {
      for (CrashOp op : workload.op(seed, lane, applied + extra - 1)) {
        op.applyTo(candidate);
      }
      if (diff(candidate, found) == null) {
        for (int k = 0; k < extra; k++) {
          apply(applied);
          applied++;
        }
        return null;
      }
    }
    return firstDiff + "; nor does it match the state after any of the next "
        + workload.inFlight(lane) + " operations, which may have been in flight"
        + laterMatch(candidate, found);
  }

  /** Where {@code found} matches a later state than allowed, if it does, for the message. */
  private String laterMatch(TreeMap<String, String> candidate, NavigableMap<String, String> found) {
    long next = applied + workload.inFlight(lane);
    for (int more = 0; more < 256; more++, next++) {
      for (CrashOp op : workload.op(seed, lane, next)) {
        op.applyTo(candidate);
      }
      if (diff(candidate, found) == null) {
        return " (it matches the state after operation " + next + ")";
      }
    }
    return "";
  }

  private void apply(long index) {
    for (CrashOp op : workload.op(seed, lane, index)) {
      op.applyTo(state);
    }
  }

  /** How {@code found} differs from {@code expected}, or null when it equals it. */
  static String diff(NavigableMap<String, String> expected, NavigableMap<String, String> found) {
    if (expected.equals(found)) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String f = found.get(e.getKey());
      if (f == null) {
        missing.add(e.getKey());
      } else if (!Objects.equals(f, e.getValue())) {
        changed.add(e.getKey() + " (holds the value of op " + opOf(f) + ", expected op "
            + opOf(e.getValue()) + ")");
      }
    }
    for (String k : found.keySet()) {
      if (!expected.containsKey(k)) {
        extra.add(k + " (op " + opOf(found.get(k)) + ")");
      }
    }
    return "missing " + missing + ", unexpected " + extra + ", changed " + changed;
  }

  private static String opOf(String value) {
    String[] parts = value.split("\\|", 3);
    return parts.length > 1 ? parts[1] : "?";
  }
}
