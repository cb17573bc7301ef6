package dev.chatstore.device;

import dev.chatstore.kv.StoreException;
import dev.chatstore.signal.Device;
import dev.chatstore.signal.DeviceStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a device's state in memory and persists it in the background (specification 002,
 * {@code PersistenceManager}): the one gatekeeper of changes to the {@link Device}.
 *
 * <ul>
 *   <li>Reads ({@link #getDeviceSnapshot()}) and changes ({@link #modifyDevice},
 *       {@link #processCommand}) go through a read-write lock: a change is atomic, and a
 *       snapshot never sees half of one.</li>
 *   <li>A change marks the state dirty and wakes the saver thread, which saves the newest state
 *       to the {@link DeviceStore}; it also looks on an interval
 *       ({@link PersistenceOptions#saveInterval()}) and saves once more on {@link #close()}.
 *       Changes made while a save runs are saved by the next one.</li>
 *   <li>A failed save keeps the state dirty and is retried with a doubling backoff. After
 *       {@link PersistenceOptions#unhealthyAfter()} consecutive failures the manager reports
 *       itself {@link Health#UNHEALTHY} ({@link #health()}, and an error in the log); the first
 *       successful save makes it healthy again.</li>
 * </ul>
 * Thread-safe. Close it to stop the saver; a final save that fails makes {@code close} throw,
 * so that unsaved state is never lost silently.
 */
public final class PersistenceManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PersistenceManager.class);

  /** Whether saves are succeeding. */
  public enum Health {
    /** The last save succeeded, or fewer than the allowed saves in a row failed. */
    HEALTHY,
    /** The last {@link PersistenceOptions#unhealthyAfter()} or more saves all failed. */
    UNHEALTHY
  }

  private final DeviceStore store;
  private final PersistenceOptions options;
  private final String name;
  private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
  private Device device;
  /** Bumped by every change (under the state write lock). */
  private long version;
  /** The version last saved (under saveLock). */
  private volatile long savedVersion;

  private final ReentrantLock saveLock = new ReentrantLock();
  private final ReentrantLock wakeLock = new ReentrantLock();
  private final Condition wake = wakeLock.newCondition();
  private boolean woken;
  private volatile boolean closed;

  private volatile int failures;
  private volatile Health health = Health.HEALTHY;
  private volatile RuntimeException lastFailure;
  private volatile long retryAtNanos;
  private final Thread saver;

  private PersistenceManager(DeviceStore store, Device initial, boolean dirty,
      PersistenceOptions options) {
    this.store = store;
    this.options = options;
    this.name = "device store " + store;
    this.device = initial;
    this.version = dirty ? 1 : 0;
    this.saver = Thread.ofPlatform().daemon().name("chatstore-device-saver").unstarted(this::run);
    saver.start();
  }

  /** A manager of the device in {@code store}, with {@link PersistenceOptions#defaults()}. */
  public static PersistenceManager open(DeviceStore store, Supplier<Device> newDevice) {
    return open(store, newDevice, PersistenceOptions.defaults());
  }

  /**
   * A manager of the device in {@code store}: its saved state, or, when none was saved, the
   * state {@code newDevice} gives (saved by the saver soon after).
   *
   * @throws StoreException when the saved state cannot be read
   */
  public static PersistenceManager open(DeviceStore store, Supplier<Device> newDevice,
      PersistenceOptions options) {
    if (store == null || newDevice == null || options == null) {
      throw new IllegalArgumentException("store, newDevice and options must not be null");
    }
    Optional<Device> saved = store.load();
    Device initial = saved.orElseGet(newDevice);
    if (initial == null) {
      throw new IllegalArgumentException("newDevice gave null; expected a device");
    }
    return new PersistenceManager(store, initial, saved.isEmpty(), options);
  }

  /** The current device state (immutable). */
  public Device getDeviceSnapshot() {
    state.readLock().lock();
    try {
      return device;
    } finally {
      state.readLock().unlock();
    }
  }

  /**
   * Changes the device state atomically: {@code change} gets the current state and returns the
   * new one. When it differs, the state is marked dirty and the saver woken. {@code change} runs
   * under the write lock: keep it short, and do not call back into this manager from it.
   *
   * @return the state after the change
   * @throws IllegalStateException when the manager is closed
   * @throws IllegalArgumentException when {@code change} returns null (nothing changed)
   */
  public Device modifyDevice(UnaryOperator<Device> change) {
    Objects.requireNonNull(change, "change");
    Device next;
    boolean changed;
    state.writeLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(name + ": the persistence manager is closed");
      }
      next = change.apply(device);
      if (next == null) {
        throw new IllegalArgumentException("the change gave null; expected a device");
      }
      changed = !next.equals(device);
      if (changed) {
        device = next;
        version++;
      }
    } finally {
      state.writeLock().unlock();
    }
    if (changed) {
      wakeSaver();
    }
    return next;
  }

  /** Applies {@code command} as {@link #modifyDevice} does and returns the state after it. */
  public Device processCommand(DeviceCommand command) {
    if (command == null) {
      throw new IllegalArgumentException("command must not be null");
    }
    return modifyDevice(command::applyTo);
  }

  /** Whether a change is not saved yet. */
  public boolean isDirty() {
    return currentVersion() > savedVersion;
  }

  /** Whether saves are succeeding; see {@link Health}. */
  public Health health() {
    return health;
  }

  /** How many saves in a row failed (0 after a success). */
  public int consecutiveFailures() {
    return failures;
  }

  /** The error of the last failed save, if the last save failed. */
  public Optional<RuntimeException> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * Saves now, in the calling thread, when the state is dirty.
   *
   * @throws RuntimeException the save's failure (the state stays dirty and counts as a failure)
   */
  public void flush() {
    RuntimeException e = saveIfDirty();
    if (e != null) {
      throw e;
    }
  }

  private long currentVersion() {
    state.readLock().lock();
    try {
      return version;
    } finally {
      state.readLock().unlock();
    }
  }

  private void wakeSaver() {
    wakeLock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      wakeLock.unlock();
    }
  }

  /** Saves the newest state if dirty; returns the failure, or null. */
  private RuntimeException saveIfDirty() {
    saveLock.lock();
    try {
      Device d;
      long v;
      state.readLock().lock();
      try {
        d = device;
        v = version;
      } finally {
        state.readLock().unlock();
      }
      if (v <= savedVersion) {
        return null;
      }
      try {
        store.save(d);
      } catch (RuntimeException e) {
        failed(e);
        return e;
      }
      savedVersion = v;
      if (health == Health.UNHEALTHY) {
        LOG.info("{}: saving works again after {} failures", name, failures);
      }
      failures = 0;
      lastFailure = null;
      health = Health.HEALTHY;
      return null;
    } finally {
      saveLock.unlock();
    }
  }

  private void failed(RuntimeException e) {
    int n = ++failures;
    lastFailure = e;
    long backoff = options.initialBackoff().toNanos() << Math.min(n - 1, 30);
    if (backoff <= 0 || backoff > options.maxBackoff().toNanos()) {
      backoff = options.maxBackoff().toNanos();
    }
    retryAtNanos = System.nanoTime() + backoff;
    if (n >= options.unhealthyAfter() && health == Health.HEALTHY) {
      health = Health.UNHEALTHY;
      LOG.error("{}: UNHEALTHY, {} saves in a row failed; the device state stays in memory and"
          + " saving is retried every {} ms at most", name, n, options.maxBackoff().toMillis(), e);
    } else {
      LOG.warn("{}: saving the device state failed ({} in a row); retrying in {} ms", name, n,
          TimeUnit.NANOSECONDS.toMillis(backoff), e);
    }
  }

  private void run() {
    while (!closed) {
      wakeLock.lock();
      try {
        long waitNanos = failures > 0 ? retryAtNanos - System.nanoTime()
            : options.saveInterval().toNanos();
        while (!closed && waitNanos > 0 && (failures > 0 || !woken)) {
          waitNanos = wake.awaitNanos(waitNanos);
        }
        woken = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        wakeLock.unlock();
      }
      if (!closed) {
        saveIfDirty(); // a failure is recorded and retried after its backoff
      }
    }
  }

  /**
   * Stops the saver and saves once more when the state is dirty. Closing twice is harmless.
   *
   * @throws RuntimeException the failure of that last save (the state is then lost unless the
   *     caller saves it another way: {@link #getDeviceSnapshot()} still works)
   */
  @Override
  public void close() {
    state.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      state.writeLock().unlock();
    }
    wakeSaver();
    try {
      saver.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RuntimeException e = saveIfDirty();
    if (e != null) {
      LOG.error("{}: the final save on close failed; the last changes are not saved", name, e);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "PersistenceManager[" + name + ", " + health + (isDirty() ? ", dirty" : "") + "]";
  }
}
