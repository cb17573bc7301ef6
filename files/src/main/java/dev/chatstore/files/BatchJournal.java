package dev.chatstore.files;

import dev.chatstore.kv.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The redo journal that makes {@link FileEngine#setBatch} all-or-nothing across a crash.
 *
 * <p>Before a batch touches the session folder, its entries (keys, values, planned
 * modification times) are written to {@code batch} in the engine's {@code .{session}.chatstore}
 * folder: through a temporary file, forced, renamed, folder forced. Once that rename is durable
 * the batch is committed; the engine then applies it and removes the journal (durably). An
 * engine opening the folder with a journal present applies it again from the start, which
 * finishes a batch cut short by a crash. A journal that does not check out (its CRC-32 differs)
 * stops the open with a {@link StoreException} naming the file.
 *
 * <p>Format: magic {@code CSB1}, entry count, then per entry the key (length, UTF-8), the
 * modification time in nanoseconds, a value flag and the value (length, UTF-8); then the CRC-32
 * of everything before it. Not thread-safe: the engine writes it under its exclusive lock.
 */
final class BatchJournal {
  /** One entry of a batch: {@code value == null} cascade-deletes {@code key}. */
  record Entry(String key, byte[] value, long stampNanos) {}

  private static final int MAGIC = 0x43534231;

  private final Path file;
  private final Path folder;
  private final DurableFiles files;

  BatchJournal(Path folder, DurableFiles files) {
    this.folder = folder;
    this.file = folder.resolve("batch");
    this.files = files;
  }

  /** The journal's file. */
  Path file() {
    return file;
  }

  /** Writes and commits {@code entries}: when this returns, the batch survives a crash. */
  void commit(List<Entry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(entries.size());
    for (Entry e : entries) {
      writeBytes(out, e.key().getBytes(StandardCharsets.UTF_8));
      out.writeLong(e.stampNanos());
      out.writeBoolean(e.value() != null);
      if (e.value() != null) {
        writeBytes(out, e.value());
      }
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    files.write(folder, file.getFileName().toString(), bytes.toByteArray(),
        System.currentTimeMillis() * 1_000_000L);
  }

  /**
   * The entries of a committed journal left by a crash, or {@code null} when there is none.
   *
   * @throws StoreException of kind {@code SERIALIZATION} when the journal is damaged
   */
  List<Entry> pending() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException none) {
      return null;
    }
    if (bytes.length < 16) {
      throw damaged("it is " + bytes.length + " bytes long");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw damaged("it does not start with the journal's magic number");
      }
      int count = in.readInt();
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = new String(readBytes(in), StandardCharsets.UTF_8);
        long stamp = in.readLong();
        byte[] value = in.readBoolean() ? readBytes(in) : null;
        entries.add(new Entry(key, value, stamp));
      }
      if (in.readLong() != crc.getValue()) {
        throw damaged("its CRC-32 does not match its content");
      }
      return entries;
    } catch (EOFException e) {
      throw damaged("it ends before its last entry");
    }
  }

  /** Removes the journal durably: the batch it held is fully applied. */
  void clear() throws IOException {
    files.deleteFile(file);
  }

  private StoreException damaged(String why) {
    return new StoreException(StoreException.Kind.SERIALIZATION, "the batch journal " + file
        + " is damaged (" + why + "); it holds a committed setBatch that could not be finished."
        + " Move it away to open the folder without that batch");
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new EOFException();
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
