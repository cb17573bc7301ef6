package dev.chatstore.kv;

import java.util.List;

/**
 * One page of a scan: the entries in scan order, and the continuation.
 *
 * <p>The continuation is simply the part of the asked range that this page did not cover:
 * pass it to the next {@link KvStore#scan} call with the same direction. It holds no server
 * resource, so a caller may stop paging at any time, and writes between pages are seen by the
 * later pages exactly when they fall in the part not yet covered.
 *
 * @param entries the entries of this page, in scan order
 * @param rest what remains of the range, or {@code null} when the scan is complete
 */
public record ScanPage(List<KvEntry> entries, KeyRange rest) {
  public ScanPage {
    entries = List.copyOf(entries);
  }

  /** Whether another page may follow. */
  public boolean hasMore() {
    return rest != null;
  }

  /**
   * Builds the page that a scan of {@code range} returning {@code entries} (at most
   * {@code limit}) produces, computing the continuation from the last key seen.
   */
  public static ScanPage of(KeyRange range, Direction direction, int limit, List<KvEntry> entries) {
    if (entries.size() < limit) {
      return new ScanPage(entries, null);
    }
    byte[] last = entries.get(entries.size() - 1).key();
    KeyRange rest = direction == Direction.ASCENDING
        ? new KeyRange(Bytes.successor(last), range.end())
        : new KeyRange(range.start(), last);
    return new ScanPage(entries, rest.isEmpty() ? null : rest);
  }
}
