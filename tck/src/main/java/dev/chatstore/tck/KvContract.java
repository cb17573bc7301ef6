package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import java.util.Set;

/**
 * What every contract interface of the kit needs from the suite that runs it. The contract
 * interfaces ({@link PointContract}, {@link ScanContract}, ...) hold the tests as
 * {@code @Test default} methods; {@link KvStoreConformanceSuite} implements all of them and
 * supplies these methods, so a backend author never implements this interface directly.
 */
public interface KvContract {

  /** The store under test, opened fresh (and empty) for each test. */
  KvStore store();

  /** The clock the store was opened with; tests move it to decide expiry. */
  ManualClock clock();

  /**
   * Closes the store and opens it again on the same directory with the same options, and
   * returns the new store (which {@link #store()} returns from then on). Only meaningful for a
   * store with {@link KvFeature#PERSISTENT}.
   */
  KvStore reopen();

  /** The features the store declares: {@code store().features()}. */
  Set<KvFeature> features();

  /**
   * The seed of this test's randomness. Printed in failure messages; set the system property
   * {@code chatstore.tck.seed} to replay a failing run.
   */
  long seed();
}
