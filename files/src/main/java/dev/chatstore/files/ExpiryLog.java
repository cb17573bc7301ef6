package dev.chatstore.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of the expiry times given by {@link FileEngine#setTtl}: an append-only
 * text file {@code expiry} in the engine's {@code .{session}.chatstore} folder, one line per
 * call: {@code {expiresAtMillis} {stampNanos} {key}}.
 *
 * <p>A line applies only to the value written with that exact modification time
 * ({@code stampNanos}): a later {@code set} of the key gives it another time and so ends the
 * expiry without writing here, and a crash between this line and the value's rename leaves
 * the old value with its old time, untouched by the line. The file is rewritten with the live
 * lines only when the engine opens and when dead lines pile up. Thread-safe (synchronized).
 */
final class ExpiryLog {
  /** When a value expires, and the modification time of the value it applies to. */
  record Expiry(long expiresAtMillis, long stampNanos) {}

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryLog.class);

  private final Path folder;
  private final Path file;
  private final DurableFiles files;
  private FileChannel appender;
  private long linesSinceRewrite;

  ExpiryLog(Path folder, DurableFiles files) {
    this.folder = folder;
    this.file = folder.resolve("expiry");
    this.files = files;
  }

  /** The last line of every key in the file (damaged lines, e.g. a torn last line, skipped). */
  synchronized Map<String, Expiry> load() throws IOException {
    Map<String, Expiry> out = new HashMap<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return out;
    }
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        LOG.warn("{}: ignoring the unfinished last line (a crash while it was written)", file);
        break;
      }
      lineNo++;
      String line = text.substring(start, end);
      start = end + 1;
      String[] parts = line.split(" ", 3);
      try {
        out.put(parts[2], new Expiry(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
      } catch (RuntimeException e) {
        LOG.warn("{}: ignoring line {}, which is not '{{expiresAtMillis}} {{stampNanos}} {{key}}'",
            file, lineNo);
      }
    }
    return out;
  }

  /** Appends one line, durably when the engine is durable. */
  synchronized void append(String key, Expiry expiry) throws IOException {
    if (appender == null) {
      boolean existed = Files.exists(file);
      appender = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      if (!existed) {
        files.syncFolder(folder);
      }
    }
    ByteBuffer line = ByteBuffer.wrap((expiry.expiresAtMillis() + " " + expiry.stampNanos() + " "
        + key + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      appender.write(line);
    }
    if (files.durable()) {
      appender.force(false);
    }
    linesSinceRewrite++;
  }

  /** How many lines were appended since the file was last rewritten. */
  synchronized long linesSinceRewrite() {
    return linesSinceRewrite;
  }

  /** Replaces the file, atomically, with one line per entry of {@code live}. */
  synchronized void rewrite(Map<String, Expiry> live) throws IOException {
    closeAppender();
    if (live.isEmpty()) {
      files.deleteFile(file);
    } else {
      StringBuilder text = new StringBuilder();
      live.forEach((key, e) -> text.append(e.expiresAtMillis()).append(' ')
          .append(e.stampNanos()).append(' ').append(key).append('\n'));
      files.write(folder, file.getFileName().toString(),
          text.toString().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() * 1_000_000L);
    }
    linesSinceRewrite = 0;
  }

  /** Closes the append handle; a later {@link #append} reopens it. */
  synchronized void closeAppender() throws IOException {
    if (appender != null) {
      appender.close();
      appender = null;
    }
  }
}
