package dev.chatstore.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The walk of a session folder that fills the {@link KeyIndex}: every regular file whose path
 * is the file path of a key becomes that key, with the file's modification time.
 *
 * <p>On the way it deletes leftover temporary files ({@code .{name}.tmp-{hex}}, from a write
 * cut short by a crash), and skips, with a warning, what no key can be: symbolic links
 * (never followed), files and folders whose names do not read back as a key (for example a
 * name containing {@code @}, which the layout always writes as {@code _at_}). Runs under the
 * engine's exclusive lock or before the engine is shared, so every temporary file it meets is
 * a leftover.
 */
final class FolderScan extends SimpleFileVisitor<Path> {
  /** What a walk found. */
  record Result(int keys, int temporaryFilesRemoved, int skipped) {}

  private static final Logger LOG = LoggerFactory.getLogger(FolderScan.class);

  private final Path root;
  private final KeyIndex index;
  private final Set<Path> knownFolders;
  private int keys;
  private int temps;
  private int skipped;

  private FolderScan(Path root, KeyIndex index, Set<Path> knownFolders) {
    this.root = root;
    this.index = index;
    this.knownFolders = knownFolders;
  }

  /**
   * Walks {@code start} (the session folder {@code root} or a path inside it; absent is fine),
   * adding the keys found to {@code index} and the folders verified to {@code knownFolders}.
   *
   * @throws IOException when a file or folder cannot be read or a temporary file not removed
   */
  static Result scan(Path root, Path start, KeyIndex index, Set<Path> knownFolders)
      throws IOException {
    FolderScan scan = new FolderScan(root, index, knownFolders);
    try {
      Files.walkFileTree(start, scan);
    } catch (NoSuchFileException absent) {
      if (!absent.getFile().equals(start.toString())) {
        throw absent;
      }
    }
    return new Result(scan.keys, scan.temps, scan.skipped);
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
    if (!dir.equals(root)) {
      if (KeyPaths.keyOf(names(dir)) == null) {
        skipped++;
        LOG.warn("skipping the folder {}: its name cannot be part of a key", dir);
        return FileVisitResult.SKIP_SUBTREE;
      }
    }
    knownFolders.add(dir);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
    String name = file.getFileName().toString();
    if (KeyPaths.isTempName(name)) {
      Files.deleteIfExists(file);
      temps++;
      return FileVisitResult.CONTINUE;
    }
    if (!attrs.isRegularFile()) {
      skipped++;
      LOG.warn("skipping {}: not a regular file (links are never followed)", file);
      return FileVisitResult.CONTINUE;
    }
    String key = KeyPaths.keyOf(names(file));
    if (key == null) {
      skipped++;
      LOG.warn("skipping the file {}: its path does not read back as a key", file);
      return FileVisitResult.CONTINUE;
    }
    index.put(key, attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    keys++;
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
    if (failure instanceof NoSuchFileException) {
      return FileVisitResult.CONTINUE;
    }
    throw failure;
  }

  private List<String> names(Path path) {
    List<String> out = new ArrayList<>();
    for (Path part : root.relativize(path)) {
      out.add(part.toString());
    }
    return out;
  }
}
