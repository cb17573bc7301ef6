package dev.chatstore.tck.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.jobs.JobStores;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.kv.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the contract interfaces of the persistency kit ({@link JobDataContract},
 * {@link JobLifecycleContract}) need from {@link PersistencyConformanceSuite}, and the helpers
 * they share.
 */
public interface JobContract {
  /** How long a call may hang before it is reported as stuck (a deadlock guard, not a limit). */
  long STUCK_SECONDS = 60;

  /** The persistency under test, opened fresh (with no job) for each test. */
  Persistency persistency();

  /** The root folder of {@link #persistency()}. */
  Path root();

  /** The standard job stores for {@code root} (which must not be in use). */
  JobStores stores(Path root);

  /** Whether a job's data survives its close (false for memory). */
  boolean persistent();

  /** Whether each job is a folder under the root (false for memory). */
  boolean filesPerJob();

  /** Closes the persistency and opens a new one on the same root, returned from then on. */
  Persistency reopen();

  /** The seed of this test's randomness, printed on failure. */
  long seed();

  /** The result of {@code f}, failing the test with its cause or when it is stuck. */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(STUCK_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not complete within " + STUCK_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The failure of {@code f} (its direct cause), failing the test when it succeeds. */
  static Throwable failure(CompletableFuture<?> f) {
    try {
      Object r = f.get(STUCK_SECONDS, TimeUnit.SECONDS);
      return fail("expected the call to fail, but it succeeded with " + r);
    } catch (ExecutionException e) {
      assertTrue(f.isCompletedExceptionally());
      Throwable direct = f.exceptionNow();
      assertEquals(e.getCause(), direct, "the future's failure should be the error itself");
      return direct;
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not complete within " + STUCK_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Checks that {@code f} fails with a {@link StoreException} of {@code kind}. */
  static StoreException failsWith(StoreException.Kind kind, CompletableFuture<?> f) {
    Throwable e = failure(f);
    StoreException se = assertInstanceOf(StoreException.class, e,
        "expected a StoreException of kind " + kind + ", got " + e);
    assertEquals(kind, se.kind(), "kind of " + se);
    return se;
  }

  /** Checks that {@code f} fails with an {@link IllegalArgumentException}. */
  static IllegalArgumentException failsWithInvalidArgument(CompletableFuture<?> f) {
    Throwable e = failure(f);
    return assertInstanceOf(IllegalArgumentException.class, e,
        "expected an IllegalArgumentException (invalid argument), got " + e);
  }

  /** The UTF-8 bytes of {@code s}. */
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
