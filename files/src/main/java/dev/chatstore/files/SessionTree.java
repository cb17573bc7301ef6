package dev.chatstore.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders of one session: where a key's file lives, the creation of missing folders (made
 * durable, never through a link), and the removal of folders that deletes left empty.
 *
 * <p>It remembers the folders it has verified, so that writing into an existing folder costs no
 * extra system call; removals forget them. Thread-safe; folders are only removed while the
 * engine runs a call alone, so a folder verified by a writer stays while it writes.
 */
final class SessionTree {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTree.class);

  private final Path root;
  private final DurableFiles files;
  private final Set<Path> knownFolders = ConcurrentHashMap.newKeySet();

  SessionTree(Path root, DurableFiles files) {
    this.root = root;
    this.files = files;
  }

  /** The session folder. */
  Path root() {
    return root;
  }

  /** The file of the key whose file names are {@code names}. */
  Path path(List<String> names) {
    Path p = root;
    try {
      for (String name : names) {
        p = p.resolve(name);
      }
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("the file system cannot hold the name "
          + KeyPaths.show(e.getInput()) + ": " + e.getReason(), e);
    }
    return p;
  }

  /** Walks {@code start} into {@code index} (see {@link FolderScan}), remembering its folders. */
  FolderScan.Result scan(Path start, KeyIndex index) throws IOException {
    return FolderScan.scan(root, start, index, knownFolders);
  }

  /**
   * The folder of {@code key}'s file, created (durably) where missing.
   *
   * @throws IllegalArgumentException naming the key and the ancestor key when a file or a link
   *     stands where a folder must be
   */
  Path folderOf(String key, List<String> names) throws IOException {
    Path folder = root;
    for (int i = 0; i < names.size() - 1; i++) {
      folder = folder.resolve(names.get(i));
    }
    if (names.size() == 1 || knownFolders.contains(folder)) {
      return folder;
    }
    Path current = root;
    for (int i = 0; i < names.size() - 1; i++) {
      current = current.resolve(names.get(i));
      if (knownFolders.contains(current)) {
        continue;
      }
      try {
        files.createFolder(current);
      } catch (FileAlreadyExistsException e) {
        String ancestor = String.join("/", names.subList(0, i + 1)).replace(KeyPaths.AT, "@");
        throw new IllegalArgumentException("cannot store the key " + KeyPaths.show(key) + ": "
            + current + " (the key " + KeyPaths.show(ancestor) + ") is a file or a link, not a"
            + " folder, on disk");
      }
      knownFolders.add(current);
    }
    return folder;
  }

  /** Deletes {@code path} with everything in it (see {@link DurableFiles#deleteTree}). */
  void deleteTree(Path path) throws IOException {
    try {
      files.deleteTree(path);
    } finally {
      knownFolders.clear();
    }
  }

  /** Removes {@code folder} and its parents while they are empty, up to the session folder. */
  void pruneFrom(Path folder) throws IOException {
    try {
      files.pruneEmptyFolders(folder, root);
    } finally {
      knownFolders.clear();
    }
  }

  /**
   * Forces the folders where files were deleted and removes those left empty, deepest first.
   * A failure is logged: the deletes themselves are done.
   */
  void syncAndPrune(Set<Path> folders) {
    List<Path> deepestFirst = new ArrayList<>(folders);
    deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    try {
      for (Path folder : deepestFirst) {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
          files.syncFolder(folder);
          files.pruneEmptyFolders(folder, root);
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: could not force or remove emptied folders: {}", root, e.toString());
    } finally {
      knownFolders.clear();
    }
  }
}
