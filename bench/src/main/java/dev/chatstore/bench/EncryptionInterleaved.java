package dev.chatstore.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The overhead of encryption at rest measured in alternating slices: plain and encrypted stores
 * of {@link EncryptionBenchmark} are open side by side in one JVM, and each round runs the same
 * operation on the plain store for a slice of time, then on the encrypted one. On a shared
 * machine whose load moves by the second, each pair of neighbouring slices sees the same load,
 * so the median of the per-round ratios is steadier than the ratio of two JMH trials minutes
 * apart.
 *
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -cp bench/target/benchmarks.jar dev.chatstore.bench.EncryptionInterleaved \
 *     [rounds=40] [sliceMillis=100] | tee bench/results/encryption-interleaved.log
 * </pre>
 */
public final class EncryptionInterleaved {
  private EncryptionInterleaved() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
    for (String backend : List.of("memory", "sqlite")) {
      EncryptionBenchmark plain = open(backend, "plain");
      EncryptionBenchmark sealed = open(backend, "aes-gcm");
      try {
        for (String op : List.of("get", "put")) {
          Runnable p = op.equals("get") ? plain::get : plain::put;
          Runnable s = op.equals("get") ? sealed::get : sealed::put;
          for (int w = 0; w < 5; w++) { // warm up both
            rate(p, sliceNanos);
            rate(s, sliceNanos);
          }
          List<Double> ratios = new ArrayList<>();
          double plainSum = 0;
          double sealedSum = 0;
          for (int i = 0; i < rounds; i++) {
            boolean plainFirst = i % 2 == 0;
            double a = plainFirst ? rate(p, sliceNanos) : 0;
            double b = rate(s, sliceNanos);
            if (!plainFirst) {
              a = rate(p, sliceNanos);
            }
            plainSum += a;
            sealedSum += b;
            ratios.add(b / a);
          }
          Collections.sort(ratios);
          System.out.printf(Locale.ROOT, "%-6s %-3s plain %,10.0f ops/s  aes-gcm %,10.0f ops/s"
              + "  aes-gcm/plain median %.2f (quartiles %.2f-%.2f) over %d rounds%n", backend, op,
              plainSum / rounds, sealedSum / rounds, ratios.get(rounds / 2),
              ratios.get(rounds / 4), ratios.get(3 * rounds / 4), rounds);
        }
      } finally {
        plain.close();
        sealed.close();
      }
    }
  }

  private static EncryptionBenchmark open(String backend, String encryption) {
    EncryptionBenchmark b = new EncryptionBenchmark();
    b.backend = backend;
    b.encryption = encryption;
    b.keys = 10_000;
    b.load();
    return b;
  }

  /** Operations per second of {@code op} run for {@code nanos}. */
  private static double rate(Runnable op, long nanos) {
    long start = System.nanoTime();
    long end = start + nanos;
    long n = 0;
    long now;
    do {
      for (int i = 0; i < 16; i++) {
        op.run();
      }
      n += 16;
      now = System.nanoTime();
    } while (now < end);
    return n * 1e9 / (now - start);
  }
}
