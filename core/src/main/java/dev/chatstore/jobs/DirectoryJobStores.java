package dev.chatstore.jobs;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStoreProvider;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard {@link JobStores}: job {@code id} lives in the folder {@code ROOT/id}, opened by
 * the URI {@code scheme:ROOT/id[?params]} (so each job has its own database file and its own
 * writer); or, for {@code memory:}, in a new memory store per open.
 *
 * <p>At most one {@link Persistency} may use a root folder at a time in this process (two would
 * open the same database files with two writers); the second is refused.
 */
final class DirectoryJobStores implements JobStores {
  /** Schemes that name a server, not a folder. */
  private static final Set<String> NETWORK_SCHEMES =
      Set.of("postgresql", "postgres", "redis", "redis-cluster");
  /** Root folders in use by an open Persistency of this process. */
  private static final Set<Path> ROOTS_IN_USE = ConcurrentHashMap.newKeySet();

  private final String scheme;
  private final Path root;
  private final String query;
  private final StoreOptions options;

  private DirectoryJobStores(String scheme, Path root, String query, StoreOptions options) {
    this.scheme = scheme;
    this.root = root;
    this.query = query;
    this.options = options;
  }

  static JobStores of(String rootUri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    int colon = rootUri == null ? -1 : rootUri.indexOf(':');
    String scheme = colon < 0 ? "" : rootUri.substring(0, colon).toLowerCase(Locale.ROOT);
    if (NETWORK_SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException("root URI '" + rootUri + "' names a server; a"
          + " Persistency needs a folder per job: expected sqlite:FOLDER, rocksdb:FOLDER (any"
          + " file-based backend) or memory:");
    }
    ChatStore.provider(rootUri); // refuses an empty URI or unknown scheme, listing the known ones
    String rest = rootUri.substring(colon + 1);
    if (scheme.equals(MemoryKvStoreProvider.SCHEME)) {
      if (!rest.isEmpty()) {
        throw new IllegalArgumentException("memory root URI takes nothing after 'memory:', got '"
            + rootUri + "'");
      }
      return new MemoryJobStores(options);
    }
    int q = rest.indexOf('?');
    String pathText = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q);
    if (pathText.startsWith("//")) {
      pathText = pathText.substring(2);
    }
    if (pathText.isEmpty()) {
      throw new IllegalArgumentException("root URI '" + rootUri + "' has an empty folder;"
          + " expected " + scheme + ":FOLDER");
    }
    Path root;
    try {
      root = Path.of(pathText);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("root URI '" + rootUri + "' holds an invalid folder '"
          + pathText + "': " + e.getReason(), e);
    }
    return folder(scheme, root, query, options);
  }

  /**
   * Jobs in folders under {@code root}, each opened by {@code scheme:ROOT/id} followed by
   * {@code query} (empty, or {@code ?} and parameters of the backend's URI). Creates the root
   * folder when missing.
   */
  static JobStores folder(String scheme, Path folder, String query, StoreOptions options) {
    Path root = folder.toAbsolutePath().normalize();
    if (root.toString().contains("?")) {
      throw new IllegalArgumentException("root folder '" + root + "' contains '?', which store"
          + " URIs read as the start of their parameters; choose another folder");
    }
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IllegalArgumentException("root '" + root + "' exists and is not a folder;"
          + " expected a folder (created when missing)");
    }
    ChatStore.provider(scheme + ":" + root); // the backend must be on the class path
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.DATABASE, "cannot create the root folder '"
          + root + "': " + e, e);
    }
    if (!ROOTS_IN_USE.add(root)) {
      throw new IllegalStateException("root folder '" + root + "' is already used by an open"
          + " Persistency of this process; close it first, or share it");
    }
    return new DirectoryJobStores(scheme, root, query, options);
  }

  @Override
  public String describe() {
    return scheme + ":" + root;
  }

  @Override
  public ChatStore open(String id) {
    return ChatStore.open(scheme + ":" + root.resolve(id) + query, options);
  }

  @Override
  public boolean drop(String id) {
    Path dir = root.resolve(id);
    if (!Files.exists(dir)) {
      return false;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.DATABASE, "cannot remove the folder '" + dir
          + "' of job '" + id + "': " + e, e);
    }
    return true;
  }

  @Override
  public void close() {
    ROOTS_IN_USE.remove(root);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Jobs in memory: every open is a new, empty store; nothing is kept after a job closes. */
  private record MemoryJobStores(StoreOptions options) implements JobStores {
    @Override
    public String describe() {
      return "memory:";
    }

    @Override
    public ChatStore open(String id) {
      return ChatStore.open("memory:", options);
    }

    @Override
    public boolean drop(String id) {
      return false;
    }
  }
}
