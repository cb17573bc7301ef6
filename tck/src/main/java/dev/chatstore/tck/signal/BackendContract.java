package dev.chatstore.tck.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.StoreException;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import dev.chatstore.tck.ManualClock;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;

/**
 * What the contracts of {@link BackendConformanceSuite} see: the device under test and its
 * surroundings, and the helpers they share.
 */
public interface BackendContract {

  /** The backend of a device created for this test. */
  Backend backend();

  /** The devices of the store under test. */
  Devices devices();

  /** The store under test. */
  ChatStore store();

  /** The clock that stamps sent messages. */
  ManualClock clock();

  /** Closes the store and opens it again on the same data; the new backend of the same device. */
  Backend reopen();

  /** Whether the store keeps its data across {@link #reopen()}. */
  boolean persistent();

  /** UTF-8 bytes of {@code s}. */
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} bytes, each {@code fill}. */
  static byte[] filled(int n, int fill) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) fill);
    return out;
  }

  /**
   * Writes {@code value} straight into the device's {@code area} under the documented key
   * {@code parts} (see {@link Devices}), bypassing the stores: to plant a corrupt record.
   */
  default void plant(Area area, byte[] value, Object... parts) {
    store().tenant(Devices.TENANT_PREFIX + backend().deviceId()).area(area)
        .put(Tuple.of(parts).pack(), value);
  }

  /** Asserts that {@code call} fails with a SERIALIZATION error whose message names {@code key}. */
  static void assertCorrupt(String call, String key, Executable action) {
    StoreException e = assertThrows(StoreException.class, action,
        () -> call + " of a corrupt stored record should fail with a StoreException");
    assertEquals(StoreException.Kind.SERIALIZATION, e.kind(), () -> call
        + " of a corrupt record should fail with kind SERIALIZATION, got " + e);
    assertTrue(e.getMessage().contains(key), () -> call + " should name the key " + key
        + ", but says: " + e.getMessage());
  }

  /** Asserts that {@code call} is refused with an IllegalArgumentException naming {@code what}. */
  static void assertRefused(String call, String what, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action,
        () -> call + " should be refused with IllegalArgumentException");
    assertTrue(e.getMessage() != null && e.getMessage().contains(what), () -> "the refusal of "
        + call + " should name " + what + ", but says: " + e.getMessage());
  }

  /**
   * Runs every task on its own thread, all released together, and returns their results in
   * order; a failure, or a task still running after 60 s, fails the test.
   */
  static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    CountDownLatch ready = new CountDownLatch(tasks.size());
    try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
      List<Callable<T>> gated = new ArrayList<>();
      for (Callable<T> t : tasks) {
        gated.add(() -> {
          ready.countDown();
          ready.await();
          return t.call();
        });
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(gated, 60, TimeUnit.SECONDS)) {
        out.add(f.get());
      }
      return out;
    }
  }
}
