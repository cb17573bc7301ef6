package dev.chatstore.tck.jobs;

import dev.chatstore.jobs.JobStores;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.kv.StoreOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link Persistency} and its jobs as one JUnit 5 suite. A backend runs it by
 * one small subclass that names the root URI of a folder:
 *
 * <pre>{@code
 * class SqlitePersistencyConformanceTest extends PersistencyConformanceSuite {
 *   protected String rootUri(Path dir) {
 *     return "sqlite:" + dir;
 *   }
 * }
 * }</pre>
 *
 * <p>Per test the suite opens {@code Persistency.open(rootUri(dir))} on a fresh temporary folder
 * and closes it afterwards. The tests live in {@link JobDataContract} (writes, reads, order,
 * ranges, batches, acknowledged deletes) and {@link JobLifecycleContract} (open, close, drop,
 * lookups, job ids, and a stuck job that delays no other). The seed of the random tests is
 * printed on failure; set the system property {@value #SEED_PROPERTY} to replay it.
 */
public abstract class PersistencyConformanceSuite implements JobDataContract,
    JobLifecycleContract {
  /** The system property that fixes the seed of every test's randomness. */
  public static final String SEED_PROPERTY = "chatstore.tck.seed";

  private Path root;
  private Persistency persistency;
  private long seed;

  /**
   * The root URI of jobs in {@code dir}, such as {@code "sqlite:" + dir}, or {@code memory:}.
   */
  protected abstract String rootUri(Path dir);

  /** Whether a job's data survives its close; true unless overridden. */
  @Override
  public boolean persistent() {
    return true;
  }

  /** Whether each job is a folder under the root; true unless overridden. */
  @Override
  public boolean filesPerJob() {
    return true;
  }

  /** The options every job's store is opened with; the defaults unless overridden. */
  protected StoreOptions options() {
    return StoreOptions.defaults();
  }

  @BeforeEach
  final void openPersistencyUnderTest(@TempDir Path dir) {
    String fixed = System.getProperty(SEED_PROPERTY);
    this.seed = fixed != null ? Long.parseLong(fixed.trim())
        : ThreadLocalRandom.current().nextLong();
    this.root = dir.resolve("jobs");
    this.persistency = Persistency.on(stores(root));
  }

  @AfterEach
  final void closePersistencyUnderTest() {
    if (persistency != null) {
      persistency.close();
    }
  }

  @Override
  public final Persistency persistency() {
    return persistency;
  }

  @Override
  public final Path root() {
    return root;
  }

  @Override
  public final JobStores stores(Path dir) {
    return Objects.requireNonNull(JobStores.of(rootUri(dir), options()));
  }

  @Override
  public final Persistency reopen() {
    persistency.close();
    persistency = null;
    persistency = Persistency.on(stores(root));
    return persistency;
  }

  @Override
  public final long seed() {
    return seed;
  }
}
