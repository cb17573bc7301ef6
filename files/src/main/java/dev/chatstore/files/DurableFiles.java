package dev.chatstore.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file operations of the engine that must survive a crash: the atomic, durable write of a
 * whole file, the durable creation and removal of folders.
 *
 * <p>A write goes to a temporary file {@code .{name}.tmp-{random}} in the target's folder,
 * gets its modification time, is forced to disk (data and metadata), and is renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}; then the folder is forced, so that the
 * rename itself is durable. A reader opening the target sees the old file or the new one,
 * never a part. With {@code durable = false} the two forces are skipped (still atomic for
 * readers, not across a power loss).
 *
 * <p>Thread-safe; callers decide which paths may be touched together.
 */
final class DurableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

  private final boolean durable;
  private volatile boolean folderSyncWorks = true;

  DurableFiles(boolean durable) {
    this.durable = durable;
  }

  /**
   * Writes {@code bytes} as the file {@code folder/name} atomically, with the modification time
   * {@code stampNanos} (nanoseconds since the epoch; file systems keep what they can).
   *
   * @throws IOException when any step fails; the temporary file is removed then, the target
   *     is unchanged
   */
  void write(Path folder, String name, byte[] bytes, long stampNanos) throws IOException {
    Path temp = folder.resolve(KeyPaths.tempName(name, ThreadLocalRandom.current().nextLong()));
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        Files.setLastModifiedTime(temp, FileTime.from(stampNanos, TimeUnit.NANOSECONDS));
        if (durable) {
          out.force(true);
        }
      }
      try {
        Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + folder + " cannot rename atomically", e);
      }
      moved = true;
      syncFolder(folder);
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Creates the folder {@code folder} (whose parent exists) and makes the new entry durable.
   * Returns normally when it already exists as a folder.
   *
   * @throws java.nio.file.FileAlreadyExistsException when a file or a link has that name
   */
  void createFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      BasicFileAttributes attributes = Files.readAttributes(folder, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isDirectory()) {
        throw e;
      }
      // Another thread made it and may not have forced the parent yet: force it here too.
    }
    syncFolder(folder.getParent());
  }

  /** Deletes the regular file {@code file} if present and makes that durable; whether it was. */
  boolean deleteFile(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      syncFolder(file.getParent());
    }
    return deleted;
  }

  /**
   * Deletes {@code path} and, when it is a folder, everything in it, never following links;
   * then forces its parent folder. Absent is fine.
   */
  void deleteTree(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    }
    if (attributes.isDirectory()) {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failed)
            throws IOException {
          if (failed != null) {
            throw failed;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } else {
      Files.deleteIfExists(path);
    }
    syncFolder(path.getParent());
  }

  /**
   * Deletes {@code folder} when it is an empty folder, then its parents while they become empty,
   * up to (not including) {@code stop}; forces the folder that keeps the last removal. A file or
   * a link there (a key's value: the parent of a key deleted though never stored) is kept.
   */
  void pruneEmptyFolders(Path folder, Path stop) throws IOException {
    Path current = folder;
    Path lastRemoved = null;
    while (current != null && !current.equals(stop) && current.startsWith(stop)
        && Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.delete(current);
      } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException kept) {
        break;
      }
      lastRemoved = current;
      current = current.getParent();
    }
    if (lastRemoved != null) {
      syncFolder(lastRemoved.getParent());
    }
  }

  /**
   * Forces {@code folder}'s entries to disk (after a rename, create or delete in it). Some
   * platforms (Windows) cannot open a folder for this; there it is skipped after one notice.
   */
  void syncFolder(Path folder) throws IOException {
    if (!durable || !folderSyncWorks) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (java.nio.file.AccessDeniedException | UnsupportedOperationException e) {
      folderSyncWorks = false;
      LOG.info("folder entries cannot be forced to disk on this platform ({}); renames rely on"
          + " the file system's own ordering", e.toString());
    }
  }

  /** Whether data and folder entries are forced to disk. */
  boolean durable() {
    return durable;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove the temporary file {}: {}; it is removed at the next open",
          file, e.toString());
    }
  }
}
