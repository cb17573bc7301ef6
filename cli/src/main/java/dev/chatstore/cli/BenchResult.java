package dev.chatstore.cli;

import java.util.Arrays;

/**
 * The measurement of one workload on one side (chatstore or raw) of one store.
 *
 * @param uri the store
 * @param workload the workload's name
 * @param side {@code chatstore} or {@code raw}
 * @param ops operations timed
 * @param seconds wall time of those operations
 * @param p50Micros median latency, microseconds
 * @param p99Micros 99th percentile latency, microseconds
 */
record BenchResult(String uri, String workload, String side, int ops, double seconds,
    double p50Micros, double p99Micros) {

  /** Operations per second. */
  double opsPerSecond() {
    return seconds <= 0 ? 0 : ops / seconds;
  }

  /** A result from per-operation latencies in nanoseconds (sorted in place). */
  static BenchResult of(String uri, String workload, String side, long[] nanos, int ops,
      double seconds) {
    long[] l = Arrays.copyOf(nanos, ops);
    Arrays.sort(l);
    return new BenchResult(uri, workload, side, ops, seconds, percentile(l, 0.50) / 1e3,
        percentile(l, 0.99) / 1e3);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
