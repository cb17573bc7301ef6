package dev.chatstore.files;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * How the calls of one {@link FileEngine} meet: a structure lock that calls on single keys share
 * and folder-wide calls take alone, 256 striped key locks, and the engine's state (open,
 * closed, or stopped by a batch that failed half applied). Every step runs through
 * {@link #shared}, {@link #onKey} or {@link #alone}, which refuse a closed or stopped engine and
 * turn an {@link IOException} into a {@link StoreException} naming the folder.
 */
final class CallGate {
  /** A step of a call that may fail on the disk. */
  @FunctionalInterface
  interface Io<T> {
    T run() throws IOException;
  }

  private static final int STRIPES = 256;

  private final Path root;
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile boolean closed;
  private volatile StoreException broken;

  CallGate(Path root) {
    this.root = root;
    Arrays.setAll(stripes, i -> new ReentrantLock());
  }

  /** Runs {@code step} beside other readers and writers of other keys. */
  <T> T shared(String what, Io<T> step) {
    return locked(structure.readLock(), what, step);
  }

  /** Runs {@code step} beside writers of other keys, holding {@code key}'s lock. */
  <T> T onKey(String key, String what, Io<T> step) {
    return shared(what, () -> {
      int h = key.hashCode();
      ReentrantLock stripe = stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
      stripe.lock();
      try {
        return step.run();
      } finally {
        stripe.unlock();
      }
    });
  }

  /** Runs {@code step} while no other call of this engine runs. */
  <T> T alone(String what, Io<T> step) {
    return locked(structure.writeLock(), what, step);
  }

  private <T> T locked(Lock lock, String what, Io<T> step) {
    lock.lock();
    try {
      ensureOpen();
      return step.run();
    } catch (IOException e) {
      throw failure("cannot " + what, e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    StoreException failed = broken;
    if (failed != null) {
      throw new StoreException(Kind.DATABASE, failed.getMessage(), failed);
    }
    if (closed) {
      throw new StoreException(Kind.CLOSED, "the FileEngine on " + root + " is closed");
    }
  }

  /** Stops the engine: every later call fails with {@code why} until the folder is reopened. */
  StoreException stop(StoreException why) {
    broken = why;
    return why;
  }

  /** Marks the engine closed once no call runs; false when it was closed already. */
  boolean close() {
    Lock exclusive = structure.writeLock();
    exclusive.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    } finally {
      exclusive.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** A disk failure of {@code what}, naming the folder. */
  StoreException failure(String what, IOException e) {
    return new StoreException(Kind.DATABASE, what + " in " + root + ": " + e, e);
  }
}
