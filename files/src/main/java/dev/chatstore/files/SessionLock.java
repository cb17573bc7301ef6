package dev.chatstore.files;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that lets one {@link FileEngine} at a time, in any process, open a session folder:
 * an operating-system lock on {@code .{session}.chatstore/lock}, released by {@link #close()}
 * or by the end of the process. Not thread-safe; owned by one engine.
 */
final class SessionLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SessionLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the session folder {@code folder} in {@code meta}.
   *
   * @throws StoreException of kind {@code DATABASE} when another engine, here or in another
   *     process, holds it
   */
  static SessionLock take(Path meta, Path folder) throws IOException {
    Path file = meta.resolve("lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StoreException(Kind.DATABASE, "the session folder " + folder
            + " is open in another process (it holds " + file + ")");
      }
      return new SessionLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new StoreException(Kind.DATABASE, "the session folder " + folder
          + " is already open in this JVM; close that FileEngine first");
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
