package dev.chatstore.jobs;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tuple.Tuple;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Per-tenant persistency: a set of {@link Job jobs} under one root, each with its own store
 * (its own database file) and its own writer, so that a busy or blocked job never delays
 * another.
 *
 * <pre>{@code
 * try (Persistency p = Persistency.open(Path.of("jobs"))) {      // SQLite, jobs/<id>/
 *   Job job = p.openJob("relay-1");
 *   job.persistPut("seen", key("msg", 42L), payload);             // fire-and-forget
 *   Optional<byte[]> again = job.get("seen", key("msg", 42L)).join();
 *   List<Row> latest = job.scanPrefix("seen", key("msg"), Direction.DESCENDING, 50).join();
 * }
 * }</pre>
 *
 * <h2>Layout</h2>
 * Job {@code id} lives in the folder {@code ROOT/id}: with SQLite, {@code ROOT/id/chatstore.db}
 * and its WAL files; with RocksDB, the database directory. Inside, the job's data is the
 * tenant {@code id}, area {@link dev.chatstore.keyspace.Area#JOBS JOBS}, of a regular chatstore,
 * keyed by {@code (category, key elements...)}. Job ids are file names: 1 to 128 ASCII letters,
 * digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit, and not a device
 * name Windows reserves; any other id (empty, {@code ..}, containing {@code /}, {@code \} or
 * NUL, too long, ...) is refused with an {@link IllegalArgumentException}, so no id can reach
 * outside the root.
 *
 * <h2>Lifecycle</h2>
 * {@link #openJob} opens or creates a job and is idempotent; an existing job's data is kept.
 * {@link #closeJob} waits until every call made on the job before it has completed (queued
 * writes committed), then closes its store. {@link #dropJob} closes the job when open and
 * removes its folder. Calls on a closed job fail with {@code StoreException} of kind
 * {@code CLOSED}; {@link #byId} fails them with kind {@code NOT_FOUND} when the job is not open.
 * Lifecycle calls for one id run one at a time; calls for different ids do not wait for each
 * other. {@link #close()} closes every job. One root folder can be used by one open
 * {@code Persistency} of a process at a time. Thread-safe.
 *
 * <h2>Resources</h2>
 * An open job holds its store (with SQLite: a writer thread and a checkpoint thread, a writer
 * connection, a checkpoint connection and up to {@code readers} reader connections, 4 by
 * default) and, while reads are running, up to 4 reader threads of its own, which end after
 * 30 s idle. Close the jobs no longer in use; with many open jobs, pass fewer readers in the
 * root URI ({@code sqlite:jobs?readers=1}).
 */
public final class Persistency implements AutoCloseable {
  /** The backend of {@link #open(Path)}. */
  public static final String DEFAULT_SCHEME = "sqlite";

  private final JobStores stores;
  private final ConcurrentHashMap<String, OpenJob> jobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Gate gate = new Gate();
  private volatile boolean closed;

  private Persistency(JobStores stores) {
    this.stores = stores;
  }

  /**
   * Jobs in SQLite files under {@code root} (created when missing), with default options.
   *
   * @throws IllegalArgumentException when {@code root} exists and is not a folder
   * @throws IllegalStateException when an open {@code Persistency} of this process uses it
   */
  public static Persistency open(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("root must not be null; expected a folder");
    }
    return new Persistency(DirectoryJobStores.folder(DEFAULT_SCHEME, root, "",
        StoreOptions.defaults()));
  }

  /** Like {@link #open(String, StoreOptions)} with default options. */
  public static Persistency open(String rootUri) {
    return open(rootUri, StoreOptions.defaults());
  }

  /**
   * Jobs under the root that {@code rootUri} names: {@code sqlite:FOLDER},
   * {@code rocksdb:FOLDER} (any file-based backend on the class path), optionally with the
   * backend's URI parameters ({@code rocksdb:jobs?sync=true}), which every job's store is opened
   * with; or {@code memory:}, where each job is a new store in memory whose data is gone when
   * the job closes.
   *
   * @throws IllegalArgumentException when the URI is malformed, its scheme unknown or a server's,
   *     or its folder exists and is not a folder
   * @throws IllegalStateException when an open {@code Persistency} of this process uses the folder
   */
  public static Persistency open(String rootUri, StoreOptions options) {
    return new Persistency(JobStores.of(rootUri, options));
  }

  /** Jobs in the stores that {@code stores} opens. */
  public static Persistency on(JobStores stores) {
    if (stores == null) {
      throw new IllegalArgumentException("stores must not be null");
    }
    return new Persistency(stores);
  }

  /** The key made of {@code parts}: {@link Tuple#of(Object...)}, for static import. */
  public static Tuple key(Object... parts) {
    return Tuple.of(parts);
  }

  /**
   * Opens job {@code id}, creating it when new; when it is already open, returns it.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   * @throws StoreException of kind {@code CLOSED} after {@link #close()}, or another kind when
   *     its store cannot be opened
   */
  public Job openJob(String id) {
    return lifecycle(id, () -> {
      OpenJob job = jobs.get(id);
      if (job == null) {
        job = new OpenJob(id, stores.open(id));
        jobs.put(id, job);
      }
      return job;
    });
  }

  /**
   * Closes job {@code id} once every call made on it before has completed (queued writes
   * committed, reads answered).
   *
   * @return whether the job was open
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   */
  public boolean closeJob(String id) {
    return lifecycle(id, () -> {
      OpenJob job = jobs.remove(id);
      if (job == null) {
        return false;
      }
      job.close();
      return true;
    });
  }

  /**
   * Closes job {@code id} when open (as {@link #closeJob} does) and removes its data (its
   * folder).
   *
   * @return whether the job existed (was open or had data)
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   * @throws StoreException when its files cannot be removed
   */
  public boolean dropJob(String id) {
    return lifecycle(id, () -> {
      OpenJob job = jobs.remove(id);
      if (job != null) {
        job.close();
      }
      return stores.drop(id) || job != null;
    });
  }

  /**
   * The open job {@code id}.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   * @throws StoreException of kind {@code NOT_FOUND} when it is not open ({@code CLOSED} after
   *     {@link #close()})
   */
  public Job job(String id) {
    JobIds.check(id);
    OpenJob job = jobs.get(id);
    if (job == null) {
      if (closed) {
        throw closedError();
      }
      throw new StoreException(StoreException.Kind.NOT_FOUND, "job '" + id + "' is not open in "
          + stores.describe() + "; open it with openJob");
    }
    return job;
  }

  /**
   * Job {@code id} looked up at each call: its calls fail with {@code StoreException} of kind
   * {@code NOT_FOUND} while the job is not open, and reach it once it is.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   */
  public Job byId(String id) {
    return new JobById(this, JobIds.check(id));
  }

  /**
   * Whether job {@code id} is open.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid job id
   */
  public boolean hasJob(String id) {
    return jobs.containsKey(JobIds.check(id));
  }

  /** The ids of the open jobs, sorted. */
  public Set<String> jobs() {
    return new TreeSet<>(jobs.keySet());
  }

  /** Where the jobs live, such as {@code sqlite:/var/lib/bot/jobs}. */
  public String describe() {
    return stores.describe();
  }

  /** Closes every job (as {@link #closeJob} does), then releases the root. Idempotent. */
  @Override
  public void close() {
    if (!gate.close()) {
      return;
    }
    closed = true;
    try {
      for (String id : jobs()) {
        OpenJob job = jobs.remove(id);
        if (job != null) {
          job.close();
        }
      }
    } finally {
      stores.close();
    }
  }

  private <T> T lifecycle(String id, Supplier<T> op) {
    JobIds.check(id);
    return gate.enter(() -> {
      throw closedError();
    }, () -> {
      ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
      lock.lock();
      try {
        return op.get();
      } finally {
        lock.unlock();
      }
    });
  }

  private StoreException closedError() {
    return new StoreException(StoreException.Kind.CLOSED, "persistency " + stores.describe()
        + " is closed");
  }

  @Override
  public String toString() {
    return "Persistency[" + stores.describe() + "]";
  }
}
