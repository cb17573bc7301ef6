package dev.chatstore.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test helpers that look at a session folder the way the original Node.js FileEngine does:
 * they write fixture files as it writes them (plain UTF-8 text, {@code @} as {@code _at_}) and
 * list the files with their modification times, independently of the engine under test.
 */
final class Disk {
  private Disk() {}

  /** Writes {@code text} at {@code relative} (with {@code /}) under {@code root}, as the original. */
  static Path write(Path root, String relative, String text, long mtimeMillis) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file under {@code root}: relative path with {@code /} → its UTF-8 text. */
  static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(relative(root, p), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every folder under {@code root} (not {@code root}), relative with {@code /}. */
  static List<String> folders(Path root) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(relative(root, p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  /**
   * The keys of the files under {@code root} as the original's {@code list("")} computes them
   * (every file, {@code _at_} read as {@code @}), newest modification first; equal times by
   * key ascending, the order this engine documents.
   */
  static List<String> originalListing(Path root) {
    record Item(String key, long mtimeNanos) {}
    List<Item> items = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          items.add(new Item(relative(root, p).replace("_at_", "@"),
              Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    items.sort((a, b) -> a.mtimeNanos() != b.mtimeNanos()
        ? Long.compare(b.mtimeNanos(), a.mtimeNanos())
        : KeyIndex.BY_CODE_POINT.compare(a.key(), b.key()));
    return items.stream().map(Item::key).toList();
  }

  /** {@code p} relative to {@code root}, with {@code /} between names. */
  static String relative(Path root, Path p) {
    List<String> names = new ArrayList<>();
    for (Path part : root.relativize(p)) {
      names.add(part.toString());
    }
    return String.join("/", names);
  }
}
