package dev.chatstore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.stress.StressContract;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@link KvStore} contract as one JUnit 5 suite. A backend runs it by one small
 * subclass that says how to open the store and which optional features it has:
 *
 * <pre>{@code
 * class SqliteKvConformanceTest extends KvStoreConformanceSuite {
 *   protected KvStore open(Path dir, StoreOptions options) {
 *     return new SqliteKvStore(dir.resolve("kv.db"), options);
 *   }
 *   protected Set<KvFeature> expectedFeatures() {
 *     return EnumSet.allOf(KvFeature.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Per test the suite makes a {@link ManualClock}, opens the store on a fresh temporary
 * directory with {@code StoreOptions.defaults().withClock(clock)}, and closes it afterwards.
 * The tests live in the contract interfaces it implements, one per area: {@link PointContract},
 * {@link ScanContract}, {@link CountContract}, {@link BatchContract}, {@link RangeDeleteContract},
 * {@link ExpiryContract}, {@link ConcurrencyContract}, {@link LifecycleContract},
 * {@link LimitContract} (size limits), and {@link StressContract} (many threads mixing every
 * operation for a bounded time). Tests of an
 * optional feature carry {@link Requires} and are skipped when the store does not declare it;
 * tests marked {@link WhenAbsent} check instead that a store without it refuses clearly and
 * changes nothing.
 */
@ExtendWith(FeatureCondition.class)
public abstract class KvStoreConformanceSuite implements PointContract, ScanContract,
    CountContract, BatchContract, RangeDeleteContract, ExpiryContract, ConcurrencyContract,
    LifecycleContract, LimitContract, StressContract {

  /** The system property that fixes the seed of every test's randomness, to replay a failure. */
  public static final String SEED_PROPERTY = "chatstore.tck.seed";

  private Path dir;
  private ManualClock clock;
  private StoreOptions options;
  private KvStore store;
  private long seed;

  /**
   * Opens (or reopens) the store whose data lives under {@code dir}. The directory is a fresh
   * temporary one per test, the same across {@link #reopen()}; a network backend derives a
   * unique namespace from it. The store must use {@code options.clock()} for expiry.
   */
  protected abstract KvStore open(Path dir, StoreOptions options);

  /**
   * The features the store under test has. {@link Requires} and {@link WhenAbsent} decide from
   * this set (conditions run before the store is opened), and one test checks that the store's
   * {@link KvStore#features()} declares exactly it.
   */
  protected abstract Set<KvFeature> expectedFeatures();

  /**
   * The options the store is opened with; by default {@code StoreOptions.defaults()} with the
   * test's clock. Override to tune a backend, keeping {@code clock} as the clock.
   */
  protected StoreOptions options(ManualClock clock) {
    return StoreOptions.defaults().withClock(clock);
  }

  @BeforeEach
  final void openStoreUnderTest(@TempDir Path tempDir) {
    String fixed = System.getProperty(SEED_PROPERTY);
    this.seed = fixed != null ? Long.parseLong(fixed.trim()) : ThreadLocalRandom.current()
        .nextLong();
    this.dir = tempDir;
    this.clock = new ManualClock();
    this.options = Objects.requireNonNull(options(clock), "options(clock) returned null");
    this.store = Objects.requireNonNull(open(dir, options), "open(dir, options) returned null");
  }

  @AfterEach
  final void closeStoreUnderTest() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public final KvStore store() {
    return store;
  }

  @Override
  public final ManualClock clock() {
    return clock;
  }

  @Override
  public final KvStore reopen() {
    store.close();
    store = null;
    store = Objects.requireNonNull(open(dir, options), "open(dir, options) returned null");
    return store;
  }

  @Override
  public final Set<KvFeature> features() {
    return store.features();
  }

  @Override
  public final long seed() {
    return seed;
  }

  /** The temporary directory of this test, under which the store keeps its data. */
  protected final Path directory() {
    return dir;
  }

  @Test
  void features_equalTheExpectedFeatures() {
    Set<KvFeature> declared = features();
    Set<KvFeature> expected = expectedFeatures();
    assertEquals(expected.isEmpty() ? EnumSet.noneOf(KvFeature.class) : EnumSet.copyOf(expected),
        declared == null || declared.isEmpty() ? EnumSet.noneOf(KvFeature.class)
            : EnumSet.copyOf(declared),
        "store.features() should declare exactly the features the suite subclass expects"
            + " (expectedFeatures()), since the feature tests are chosen from those");
    assertEquals(declared, features(), "features() should be stable");
  }
}
