package dev.chatstore.redis;

import dev.chatstore.kv.Bytes;
import java.util.Arrays;

/**
 * How a key range {@code [start, end)} falls onto the shards of a cluster store: either inside
 * one shard ({@link #single()}), or as up to three parts in key order: the rest of the tenant
 * that {@code start} lies strictly inside ({@link #low()}), a middle part
 * {@code [midStart, midEnd)} that no tenant straddles (the system shard's keys there, and every
 * registered tenant whose prefix lies in it, each whole), and the beginning of the tenant that
 * {@code end} lies strictly inside ({@link #high()}). A tenant's range is
 * {@code [prefix, prefix + 0xFF)} ({@link Shard#rangeEnd()}); tenant ranges never overlap, and
 * the system shard's keys lie outside all of them.
 *
 * @param single the one shard holding the whole range, or null
 * @param low the tenant {@code start} lies strictly inside (start longer than its prefix), or null
 * @param midStart the start of the middle part (inclusive)
 * @param midEnd the end of the middle part (exclusive; null for no bound)
 * @param high the tenant {@code end} lies strictly inside, or null
 */
record RangePlan(Shard single, Shard low, byte[] midStart, byte[] midEnd, Shard high) {

  /** The plan of {@code [start, end)} ({@code end} null for no bound) on {@code shards}. */
  static RangePlan of(ShardMap shards, byte[] start, byte[] end) {
    if (!shards.byTenant()) {
      return new RangePlan(shards.system(), null, start, end, null);
    }
    int q = ShardMap.tenantPrefixLength(start);
    Shard low = null;
    byte[] midStart = start;
    if (q > 0) {
      Shard tenant = shards.forPrefix(Arrays.copyOf(start, q));
      byte[] tenantEnd = tenant.rangeEnd();
      if (end != null && Bytes.compare(end, tenantEnd) <= 0) {
        return new RangePlan(tenant, null, start, end, null);
      }
      if (q < start.length) {
        low = tenant;
        midStart = tenantEnd;
      }
    }
    Shard high = null;
    byte[] midEnd = end;
    if (end != null) {
      int r = ShardMap.tenantPrefixLength(end);
      if (r > 0 && r < end.length) {
        high = shards.forPrefix(Arrays.copyOf(end, r));
        midEnd = high.prefix();
      }
    }
    return new RangePlan(null, low, midStart, midEnd, high);
  }

  /** Whether the middle part holds at least one key position. */
  boolean hasMiddle() {
    return single == null && (midEnd == null || Bytes.compare(midStart, midEnd) < 0);
  }
}
