package dev.chatstore.chat;

import java.util.List;

/**
 * Records fetched for sync under a byte limit.
 *
 * @param items the records, in the order their ids were asked (missing or expired ids skipped)
 * @param consumed how many of the asked ids were handled (returned, or skipped as missing or
 *     expired); when {@code hasMore}, ask again with the ids from this index on
 * @param hasMore whether ids were left unhandled because of the byte limit
 * @param <T> the record type
 */
public record SyncBatch<T>(List<T> items, int consumed, boolean hasMore) {
  public SyncBatch {
    items = List.copyOf(items);
  }
}
