package dev.chatstore.dump;

import dev.chatstore.crypto.EncryptingKvStore;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Export of a store (or one tenant) to a dump, and import of a dump into a store.
 *
 * <p><b>Export</b> streams the scope in key order, page by page: each page is read from one
 * consistent state, but a store written to during the export may be caught between two pages;
 * export a store at rest for an exact copy. Each record carries its entry's expiry instant
 * ({@link KvStore#scanWithExpiry}, to the millisecond), so an entry that was to expire still
 * expires at the same instant once imported; entries already expired are invisible and not
 * exported.
 *
 * <p><b>Import</b> reads the file twice. The first pass checks the whole file (format, order,
 * scope, count, SHA-256) and writes nothing; a truncated or altered file is refused then, and
 * the store is left untouched. It also notes a SHA-256 of every batch of records. The second
 * pass writes the records in atomic batches (at most {@value #BATCH_RECORDS} records and
 * {@value #BATCH_BYTES} bytes each, within {@link dev.chatstore.kv.KvLimits}), checking each
 * batch against its digest from the first pass before writing it: should the file change
 * between the passes, the import stops before the first batch that differs, and says how many
 * batches it had written. Records are upserts: keys of the store that the dump does not hold are
 * left as they are. A record whose expiry has passed by the import is skipped.
 */
public final class Dumps {
  /** Most records in one write batch of an import. */
  public static final int BATCH_RECORDS = 1000;
  /** Most bytes of keys and values in one write batch of an import (16 MiB). */
  public static final long BATCH_BYTES = 16L * 1024 * 1024;
  private static final int PAGE = 1000;

  private Dumps() {}

  /** What an import reports as it goes. Called on the importing thread. */
  public interface Listener {
    /** The first pass read {@code records} more records. */
    default void verifying(long records) {}

    /** The first pass found a valid dump of {@code summary.records()} records. */
    default void verified(DumpReader.Summary summary) {}

    /** The second pass wrote {@code records} more records (expired ones count as written). */
    default void written(long records) {}
  }

  /** What an import did. */
  public record ImportResult(String scope, long records, long skippedExpired, int batches) {}

  /**
   * Writes every entry of {@code scope} (empty: the whole store; else a tenant id) of
   * {@code store} as a finished dump on {@code out}, which it closes.
   *
   * @param progress told the number of records written after every page
   * @return the number of records
   */
  public static long export(KvStore store, String scope, OutputStream out,
      LongConsumer progress) {
    KeyRange markers = EncryptingKvStore.markerRange();
    try (DumpWriter w = new DumpWriter(out, scope)) {
      read(store, DumpFormat.range(scope), progress, rec -> {
        if (!markers.contains(rec.key())) {
          w.write(rec); // the encryption markers describe this store, not its data
        }
      });
      w.finish();
      return w.count();
    }
  }

  /**
   * Hands every entry of {@code range} of {@code store}, in ascending key order, to
   * {@code sink} as a record with its expiry instant, reading page by page; tells
   * {@code progress} the number of records after each page.
   */
  public static void read(KvStore store, KeyRange range, LongConsumer progress,
      Consumer<DumpRecord> sink) {
    if (range.isEmpty()) {
      return;
    }
    Iterator<KvEntry> it = store.streamWithExpiry(range, Direction.ASCENDING, PAGE).iterator();
    long sinceReport = 0;
    while (it.hasNext()) {
      KvEntry e = it.next();
      sink.accept(new DumpRecord(e.key(), e.value(), e.expiresAt().orElse(null)));
      if (++sinceReport == PAGE) {
        progress.accept(sinceReport);
        sinceReport = 0;
      }
    }
    progress.accept(sinceReport);
  }

  /**
   * Imports the dump {@code file} into {@code store}: checks it whole, then writes it (see the
   * class overview).
   *
   * @throws DumpFormatException when the file is not a valid dump (nothing written)
   * @throws StoreException when the store fails, or the file changed between the passes
   */
  public static ImportResult importFile(KvStore store, Path file, Clock clock, Listener listener) {
    List<String> digests = new ArrayList<>();
    DumpReader.Summary summary;
    try (DumpReader r = DumpReader.open(open(file))) {
      Batches b = new Batches();
      for (DumpRecord rec; (rec = r.next()) != null; ) {
        if (b.add(rec)) {
          digests.add(b.digest.hex());
          listener.verifying(b.records.size());
          b.reset();
        }
      }
      if (!b.records.isEmpty()) {
        digests.add(b.digest.hex());
        listener.verifying(b.records.size());
      }
      summary = new DumpReader.Summary(r.scope(), r.count());
    }
    listener.verified(summary);

    Instant now = clock.instant();
    long skipped = 0;
    int written = 0;
    try (DumpReader r = DumpReader.open(open(file))) {
      Batches b = new Batches();
      DumpRecord rec;
      do {
        rec = r.next();
        boolean full = rec != null && b.add(rec);
        if (full || (rec == null && !b.records.isEmpty())) {
          if (written >= digests.size() || !digests.get(written).equals(b.digest.hex())) {
            throw new StoreException(StoreException.Kind.SERIALIZATION, "the dump " + file
                + " changed while it was imported: batch " + (written + 1) + " differs from"
                + " the verified file; " + written + " batches of " + digests.size()
                + " were written");
          }
          skipped += write(store, b.records, now);
          written++;
          listener.written(b.records.size());
          b.reset();
        }
      } while (rec != null);
    }
    return new ImportResult(summary.scope(), summary.records(), skipped, written);
  }

  private static long write(KvStore store, List<DumpRecord> records, Instant now) {
    WriteBatch.Builder batch = WriteBatch.builder();
    long skipped = 0;
    for (DumpRecord r : records) {
      if (r.expiresAt() == null) {
        batch.put(r.key(), r.value());
      } else if (r.expiresAt().isAfter(now)) {
        batch.put(r.key(), r.value(), r.expiresAt());
      } else {
        skipped++;
      }
    }
    store.write(batch.build());
    return skipped;
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Records grouped as the import writes them, with their digest. */
  private static final class Batches {
    final List<DumpRecord> records = new ArrayList<>();
    DumpDigest digest = new DumpDigest();

    /** Adds a record; true when the batch is full. */
    boolean add(DumpRecord r) {
      records.add(r);
      digest.add(r);
      return records.size() >= BATCH_RECORDS || digest.bytes() >= BATCH_BYTES;
    }

    void reset() {
      records.clear();
      digest = new DumpDigest();
    }
  }
}
