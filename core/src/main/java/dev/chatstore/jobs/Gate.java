package dev.chatstore.jobs;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets calls in while open and none once closed: a call runs under the read lock, so
 * {@link #close()} returns only after the calls that got in have left, and no call gets in
 * after it. Thread-safe.
 */
final class Gate {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /**
   * Runs {@code op} while open, or {@code whenClosed} (which may throw) once closed. Calls may
   * run at the same time; {@link #close()} waits for them.
   */
  <T> T enter(Supplier<T> whenClosed, Supplier<T> op) {
    lock.readLock().lock();
    try {
      return closed ? whenClosed.get() : op.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Closes the gate once the calls inside have left; true only for the first close. */
  boolean close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
