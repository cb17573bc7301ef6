package dev.chatstore.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.keyspace.Area;
import dev.chatstore.testing.Fuzz;
import dev.chatstore.tuple.Tuple;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dump reader against seeded random dumps damaged by several mutations at once (flips, cuts,
 * inserted and copied runs) and against random bytes behind a valid header: a damaged file is
 * always a {@link DumpFormatException}, never a verified file, another exception or memory out of
 * proportion to the file. (The timeout only guards against a hang.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DumpReaderFuzzTest {
  private static final int PER_BYTE = 64;
  private static final int SLACK = 1024 * 1024;

  private static byte[] randomDump(Random r) {
    String scope = r.nextInt(3) == 0 ? "" : "t" + r.nextInt(3);
    TreeMap<byte[], DumpRecord> records = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = r.nextInt(6); i > 0; i--) {
      String tenant = scope.isEmpty() ? "t" + r.nextInt(3) : scope;
      byte[] key = Tuple.of(1, tenant, Area.APP.tag(), (long) r.nextInt(100)).pack();
      byte[] value = Fuzz.randomBytes(r, 40);
      records.put(key, new DumpRecord(key, value, r.nextBoolean() ? null
          : Instant.ofEpochMilli(r.nextLong() >>> 20)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DumpWriter w = new DumpWriter(out, scope)) {
      records.values().forEach(w::write);
      w.finish();
    }
    return out.toByteArray();
  }

  /** Reads {@code file} whole; returns its records, or the format error. */
  private static Object readAll(byte[] file) {
    List<DumpRecord> out = new ArrayList<>();
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(file))) {
      for (DumpRecord rec; (rec = r.next()) != null; ) {
        out.add(rec);
      }
      return out;
    } catch (DumpFormatException e) {
      return e;
    }
  }

  @Test
  void damagedDumps_areAlwaysRefused_withMemoryInProportion() {
    Fuzz.run("dump reader mutation fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(20_000); i++) {
        byte[] good = randomDump(r);
        assertThat(readAll(good)).as("an undamaged dump").isInstanceOf(List.class);
        byte[] bad = Fuzz.mutate(r, good);
        long before = Fuzz.allocatedBytes();
        Object got;
        try {
          got = readAll(bad);
        } catch (RuntimeException e) {
          throw new AssertionError("reading " + Fuzz.hex(bad) + " threw " + e, e);
        }
        long used = Fuzz.allocatedBytes() - before;
        if (!Arrays.equals(bad, good)) {
          assertThat(got).as("damaged dump %s", Fuzz.hex(bad))
              .isInstanceOf(DumpFormatException.class);
        }
        if (before >= 0) {
          assertThat(used).as("bytes allocated reading %d bytes", bad.length)
              .isLessThanOrEqualTo((long) PER_BYTE * bad.length + SLACK);
        }
      }
    });
  }

  @Test
  void randomBytesAfterAValidHeader_areRefused() {
    byte[] header = Arrays.copyOf(randomDumpOfNothing(), 14);
    Fuzz.run("dump reader random body fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(20_000); i++) {
        byte[] body = Fuzz.randomBytes(r, 200);
        byte[] file = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        assertThat(readAll(file)).as("random body %s", Fuzz.hex(body))
            .isInstanceOf(DumpFormatException.class);
      }
    });
  }

  private static byte[] randomDumpOfNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DumpWriter w = new DumpWriter(out, "")) {
      w.finish();
    }
    return out.toByteArray();
  }
}
