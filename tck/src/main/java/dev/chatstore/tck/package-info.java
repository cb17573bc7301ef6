/**
 * The chatstore conformance kit: the whole {@link dev.chatstore.kv.KvStore} contract as one
 * abstract JUnit 5 suite, {@link dev.chatstore.tck.KvStoreConformanceSuite}, which every backend
 * runs through one small subclass.
 *
 * <h2>Using it</h2>
 * Depend on {@code dev.chatstore:chatstore-tck} in test scope and write one test class that says
 * how to open your store and which optional {@link dev.chatstore.kv.KvFeature}s it has:
 *
 * <pre>{@code
 * class SqliteKvConformanceTest extends KvStoreConformanceSuite {
 *   protected KvStore open(Path dir, StoreOptions options) {
 *     return new SqliteKvStore(dir.resolve("kv.db"), options);  // or reopen it
 *   }
 *
 *   protected Set<KvFeature> expectedFeatures() {
 *     return EnumSet.allOf(KvFeature.class);
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code open} is called once per test on a fresh temporary directory, and again on the
 *       same directory when a test reopens the store; a store with
 *       {@link dev.chatstore.kv.KvFeature#PERSISTENT} must find its data there. A network
 *       backend derives a unique namespace (schema, key prefix, database) from the directory,
 *       so that tests do not see each other.</li>
 *   <li>The store must decide expiry by {@code options.clock()}: the suite passes a
 *       {@link dev.chatstore.tck.ManualClock} and moves it.</li>
 *   <li>{@code expectedFeatures()} chooses the tests: those marked
 *       {@link dev.chatstore.tck.Requires} run only when you declare their features, those marked
 *       {@link dev.chatstore.tck.WhenAbsent} only when you do not (they check that the call is
 *       refused with {@link dev.chatstore.kv.UnsupportedFeatureException} and changes nothing).
 *       One test checks that {@code store.features()} declares exactly this set.</li>
 *   <li>Override {@code options(ManualClock)} to tune the store (keep the clock).</li>
 * </ul>
 *
 * <h2>Reading failures</h2>
 * Test names carry the rule they check ({@code scan_excludesEndKey},
 * {@code batch_withOneInvalidOp_changesNothing}) and failure messages read as the contract
 * ("a scan of [a, c) should not include its end key c"). Keys print as {@code "text"} when
 * printable and as hex otherwise. Randomized tests print their seed; run again with
 * {@code -Dchatstore.tck.seed=<seed>} to replay. Concurrent tests are bounded in work and time
 * and never measure speed; a task stuck for a minute fails as stuck.
 *
 * <p>The tests are grouped by contract area in interfaces ({@link dev.chatstore.tck.PointContract},
 * {@link dev.chatstore.tck.ScanContract}, {@link dev.chatstore.tck.CountContract},
 * {@link dev.chatstore.tck.BatchContract}, {@link dev.chatstore.tck.RangeDeleteContract},
 * {@link dev.chatstore.tck.ExpiryContract}, {@link dev.chatstore.tck.ConcurrencyContract},
 * {@link dev.chatstore.tck.LifecycleContract}, {@link dev.chatstore.tck.stress.StressContract});
 * the suite implements all of them. The crash harness of {@code dev.chatstore.tck.crash} kills a
 * writing process and checks what a persistent store kept.
 */
package dev.chatstore.tck;
