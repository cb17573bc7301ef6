package dev.chatstore.redis;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SortArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of a {@link RedisKvStore}: point gets ({@code GET}), multi-gets ({@code MGET}, one per
 * shard), scans and counts. A scan of a standalone store is {@code ZLEXCOUNT} and one
 * {@code SORT ... GET} (see {@link #SORT_MARGIN}), or the {@link Scripts#SCAN} script when that
 * cannot serve the page; a cluster store always uses the script (Redis Cluster forbids
 * {@code SORT ... GET}). Counts run the {@link Scripts#COUNT} script. Thread-safe.
 *
 * <h2>Consistency</h2>
 * A read of one shard is one command or one script, so it sees one state of the shard: every
 * read of a standalone store, and every read of a cluster store that stays inside one tenant.
 * A cluster read that spans several shards (a multi-get of several tenants' keys, a scan or count
 * across tenants) reads each shard atomically but the shards one after another: it may see one
 * tenant before and another after a concurrent write. Entries of one tenant still come out
 * whole per batch, and a scan's order and completeness are unaffected.
 *
 * <h2>Scans across shards</h2>
 * A scan is planned with {@link RangePlan}: the part of a tenant at either end of the range, and
 * the middle, walked in key order: the system shard's scan script also looks up the next
 * registered tenant prefix in scan direction (the registry lives in the system shard's slot), stops
 * its own keys at that tenant's range, and returns the prefix; the tenant's shard is read next,
 * then the walk continues after it. Each step asks only for the entries still missing.
 */
final class Reads {
  private static final Logger LOG = LoggerFactory.getLogger(Reads.class);
  /** Entries the fast scan path reads beyond the page on each side (see sortScan). */
  static final int SORT_MARGIN = 4;
  private static final byte[] ZERO = {'0'};
  private static final byte[] ONE = {'1'};

  private final Link link;
  private final ShardMap shards;
  private final String name;

  Reads(Link link, ShardMap shards, String name) {
    this.link = link;
    this.shards = shards;
    this.name = name;
  }

  /** The live value of {@code key} at {@code now}, or null. */
  byte[] get(byte[] key, long now) {
    byte[] redisKey = shards.shardOf(key).valueKey(key);
    Supplier<String> what = () -> "get " + Bytes.show(key);
    byte[] stored = link.call(what, () -> link.commands().get(redisKey));
    return StoredValue.live(stored, now, name, key);
  }

  /** The live values of {@code keys} at {@code now}, in order, null for absent. */
  List<byte[]> getAll(List<byte[]> keys, long now) {
    byte[][] out = new byte[keys.size()][];
    Map<Shard, List<Integer>> byShard = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byShard.computeIfAbsent(shards.shardOf(keys.get(i)), s -> new ArrayList<>()).add(i);
    }
    List<Shard> order = new ArrayList<>(byShard.keySet());
    List<Supplier<CompletableFuture<List<KeyValue<byte[], byte[]>>>>> ops = new ArrayList<>();
    List<CompletableFuture<List<KeyValue<byte[], byte[]>>>> started = new ArrayList<>();
    for (Shard s : order) {
      List<Integer> idx = byShard.get(s);
      byte[][] names = new byte[idx.size()][];
      for (int j = 0; j < names.length; j++) {
        names[j] = s.valueKey(keys.get(idx.get(j)));
      }
      Supplier<CompletableFuture<List<KeyValue<byte[], byte[]>>>> op =
          () -> link.commands().mget(names).toCompletableFuture();
      ops.add(op);
      started.add(Link.start(op));
    }
    long deadline = link.deadline();
    for (int k = 0; k < order.size(); k++) {
      List<Integer> idx = byShard.get(order.get(k));
      List<KeyValue<byte[], byte[]>> values = link.finish(
          () -> "multi-get of " + keys.size() + " keys", started.get(k), ops.get(k), deadline);
      for (int j = 0; j < idx.size(); j++) {
        KeyValue<byte[], byte[]> kv = values.get(j);
        int i = idx.get(j);
        out[i] = StoredValue.live(kv.hasValue() ? kv.getValue() : null, now, name, keys.get(i));
      }
    }
    return Arrays.asList(out);
  }

  /**
   * Up to {@code limit} live entries of {@code range} in {@code direction}, with their expiry
   * when {@code withExpiry}.
   */
  List<KvEntry> scan(KeyRange range, Direction direction, int limit, long now,
      boolean withExpiry) {
    byte[] start = range.start();
    byte[] end = range.end();
    boolean desc = direction == Direction.DESCENDING;
    RangePlan plan = RangePlan.of(shards, start, end);
    List<KvEntry> out = new ArrayList<>(Math.min(limit, 1024));
    if (plan.single() != null) {
      Shard s = plan.single();
      shardScan(s, s.lowBound(start), s.highBound(end), desc, limit, now, false, withExpiry,
          out);
      return out;
    }
    Shard first = desc ? plan.high() : plan.low();
    Shard last = desc ? plan.low() : plan.high();
    if (first != null) {
      shardScan(first, first.lowBound(start), first.highBound(end), desc, limit, now, false,
          withExpiry, out);
    }
    if (out.size() < limit && plan.hasMiddle()) {
      if (desc) {
        middleDescending(plan, limit, now, withExpiry, out);
      } else {
        middleAscending(plan, limit, now, withExpiry, out);
      }
    }
    if (out.size() < limit && last != null) {
      shardScan(last, last.lowBound(start), last.highBound(end), desc, limit - out.size(), now,
          false, withExpiry, out);
    }
    return out;
  }

  private void middleAscending(RangePlan plan, int limit, long now, boolean withExpiry,
      List<KvEntry> out) {
    Shard system = shards.system();
    byte[] cursor = plan.midStart();
    byte[] end = plan.midEnd();
    while (out.size() < limit && (end == null || Bytes.compare(cursor, end) < 0)) {
      byte[] tenant = shardScan(system, system.lowBound(cursor), system.highBound(end), false,
          limit - out.size(), now, true, withExpiry, out);
      if (tenant == null || out.size() >= limit) {
        return;
      }
      Shard t = shards.forPrefix(tenant);
      shardScan(t, Shard.MIN, Shard.MAX, false, limit - out.size(), now, false, withExpiry,
          out);
      cursor = t.rangeEnd();
    }
  }

  private void middleDescending(RangePlan plan, int limit, long now, boolean withExpiry,
      List<KvEntry> out) {
    Shard system = shards.system();
    byte[] start = plan.midStart();
    byte[] cursor = plan.midEnd();
    while (out.size() < limit && (cursor == null || Bytes.compare(start, cursor) < 0)) {
      byte[] tenant = shardScan(system, system.lowBound(start), system.highBound(cursor), true,
          limit - out.size(), now, true, withExpiry, out);
      if (tenant == null || out.size() >= limit) {
        return;
      }
      Shard t = shards.forPrefix(tenant);
      shardScan(t, Shard.MIN, Shard.MAX, true, limit - out.size(), now, false, withExpiry,
          out);
      cursor = tenant;
    }
  }

  /**
   * Appends up to {@code limit} live entries of one shard between two lex bounds to {@code out};
   * with {@code registry} (the system shard of a cluster) stops at the next registered tenant in
   * scan direction and returns its prefix, else returns null.
   */
  private byte[] shardScan(Shard s, byte[] lo, byte[] hi, boolean desc, int limit, long now,
      boolean registry, boolean withExpiry, List<KvEntry> out) {
    if (!shards.byTenant() && sortScan(s, lo, hi, desc, limit, now, withExpiry, out)) {
      return null;
    }
    byte[][] keys = registry
        ? new byte[][] {s.indexKey(), shards.registryKey()}
        : new byte[][] {s.indexKey()};
    byte[][] args = {lo, hi, desc ? ONE : ZERO, ascii(limit), ascii(now)};
    List<Object> r = link.call(() -> "scan of " + s.describe() + " between "
        + Bytes.show(lo) + " and " + Bytes.show(hi),
        () -> link.<List<Object>>eval(Scripts.SCAN, ScriptOutputType.MULTI, keys, args));
    for (int i = 2; i + 1 < r.size(); i += 2) {
      byte[] key = s.fullKey((byte[]) r.get(i));
      KvEntry e = StoredValue.entry(key, (byte[]) r.get(i + 1), now, name, withExpiry);
      if (e != null) {
        out.add(e);
      }
    }
    return ((Long) r.get(0)) == 1L ? (byte[]) r.get(1) : null;
  }

  /**
   * The standalone fast path of a scan of one shard, without Lua: the rank of the range's near
   * bound ({@code ZLEXCOUNT}), then ONE {@code SORT index BY nosort [DESC] LIMIT from count
   * GET # GET T:v:*}, which reads keys and values in one atomic command. The window reaches
   * {@value #SORT_MARGIN} entries beyond the page on both sides, so that writes between the two
   * commands (which shift the ranks) do not matter: the page is found inside the window by its
   * bound, and is one state of the shard, like the script's. Returns false, having added
   * nothing, when the page must be read by the script: writes shifted the window by more than the
   * margin, or an entry of the page is expired or its value vanished (the script skips those and
   * reads on). (Redis Cluster forbids {@code SORT ... GET}, so cluster stores always use the
   * script.)
   */
  private boolean sortScan(Shard s, byte[] lo, byte[] hi, boolean desc, int limit, long now,
      boolean withExpiry, List<KvEntry> out) {
    byte[] near = desc ? hi : lo;
    byte[] far = desc ? lo : hi;
    boolean nearBounded = isBound(near);
    boolean farBounded = isBound(far);
    long outside = nearBounded ? countOutside(s, near, desc) : 0;
    long from = Math.max(0, outside - 1 - SORT_MARGIN);
    long count = (outside - from) + limit + SORT_MARGIN;
    SortArgs args = SortArgs.Builder.by("nosort").limit(from, count).get("#")
        .get(s.tag() + ":v:*");
    if (desc) {
      args.desc();
    }
    List<byte[]> r = link.call(() -> "scan of " + s.describe() + " between " + Bytes.show(lo)
        + " and " + Bytes.show(hi), () -> link.commands().sort(s.indexKey(), args));
    int pairs = r.size() / 2;
    boolean reachedEnd = pairs < count;
    int j = 0;
    while (j < pairs && nearBounded && !inside(r.get(2 * j), near, desc)) {
      j++;
    }
    if ((j == pairs && !reachedEnd) || (j == 0 && from > 0)) {
      // no bound in the window: all of it before the bound with more to come, or it may start
      // after the bound (or be empty because deletions shrank the index below its start)
      LOG.debug("{}: writes moved the scan window of {} by more than {}", name, s, SORT_MARGIN);
      return false;
    }
    List<KvEntry> page = new ArrayList<>(Math.min(limit, pairs));
    for (; j < pairs && page.size() < limit; j++) {
      byte[] member = r.get(2 * j);
      if (farBounded && !inside(member, far, !desc)) {
        break;
      }
      byte[] key = s.fullKey(member);
      KvEntry e = StoredValue.entry(key, r.get(2 * j + 1), now, name, withExpiry);
      if (e == null) {
        return false;
      }
      page.add(e);
    }
    if (page.size() < limit && j == pairs && !reachedEnd) {
      LOG.debug("{}: writes moved the scan window of {} by more than {}", name, s, SORT_MARGIN);
      return false;
    }
    out.addAll(page);
    return true;
  }

  private static boolean isBound(byte[] lex) {
    return lex.length > 0 && (lex[0] == '[' || lex[0] == '(');
  }

  /**
   * The number of index members outside a near bound: below {@code [s} or {@code (s} for an
   * ascending scan, above {@code (e} or {@code [e} for a descending one.
   */
  private long countOutside(Shard s, byte[] bound, boolean desc) {
    byte[] flipped = bound.clone();
    flipped[0] = (byte) (bound[0] == '[' ? '(' : '[');
    byte[] min = desc ? flipped : Shard.MIN;
    byte[] max = desc ? Shard.MAX : flipped;
    return link.call(() -> "count of " + s.describe() + " outside " + Bytes.show(bound),
        () -> link.commands().zlexcount(s.indexKey(), Range.from(boundary(min), boundary(max))));
  }

  /** A lex bound ({@code -}, {@code +}, {@code [x}, {@code (x}) as a Lettuce range boundary. */
  private static Range.Boundary<byte[]> boundary(byte[] lex) {
    if (lex.length == 1 && (lex[0] == '-' || lex[0] == '+')) {
      return Range.Boundary.unbounded();
    }
    byte[] v = Arrays.copyOfRange(lex, 1, lex.length);
    return lex[0] == '[' ? Range.Boundary.including(v) : Range.Boundary.excluding(v);
  }

  /**
   * Whether {@code member} is on the range's side of a lex bound: for a lower bound
   * ({@code upper} false) at or above {@code [x} / above {@code (x}; for an upper bound at or
   * below {@code [x} / below {@code (x}.
   */
  private static boolean inside(byte[] member, byte[] bound, boolean upper) {
    int c = Arrays.compareUnsigned(member, 0, member.length, bound, 1, bound.length);
    boolean inclusive = bound[0] == '[';
    return upper ? (c < 0 || (inclusive && c == 0)) : (c > 0 || (inclusive && c == 0));
  }

  /** The number of live entries of {@code range} at {@code now}. */
  long count(KeyRange range, long now) {
    byte[] start = range.start();
    byte[] end = range.end();
    RangePlan plan = RangePlan.of(shards, start, end);
    if (plan.single() != null) {
      Shard s = plan.single();
      return countOne(s, s.lowBound(start), s.highBound(end), now);
    }
    List<Shard> parts = new ArrayList<>();
    List<byte[][]> bounds = new ArrayList<>();
    for (Shard t : new Shard[] {plan.low(), plan.high()}) {
      if (t != null) {
        parts.add(t);
        bounds.add(new byte[][] {t.lowBound(start), t.highBound(end)});
      }
    }
    if (plan.hasMiddle()) {
      Shard system = shards.system();
      parts.add(system);
      bounds.add(new byte[][] {system.lowBound(plan.midStart()),
          system.highBound(plan.midEnd())});
      for (byte[] tenant : registered(plan.midStart(), plan.midEnd())) {
        parts.add(shards.forPrefix(tenant));
        bounds.add(new byte[][] {Shard.MIN, Shard.MAX});
      }
    }
    List<Supplier<CompletableFuture<Long>>> ops = new ArrayList<>();
    List<CompletableFuture<Long>> started = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Shard s = parts.get(i);
      byte[][] b = bounds.get(i);
      Supplier<CompletableFuture<Long>> op = () -> countScript(s, b[0], b[1], now);
      ops.add(op);
      started.add(Link.start(op));
    }
    long deadline = link.deadline();
    long total = 0;
    for (int i = 0; i < parts.size(); i++) {
      Shard s = parts.get(i);
      total += link.finish(() -> "count of " + s.describe(), started.get(i), ops.get(i),
          deadline);
    }
    return total;
  }

  private long countOne(Shard s, byte[] lo, byte[] hi, long now) {
    return link.call(() -> "count of " + s.describe() + " between " + Bytes.show(lo) + " and "
        + Bytes.show(hi), () -> countScript(s, lo, hi, now));
  }

  private CompletableFuture<Long> countScript(Shard s, byte[] lo, byte[] hi, long now) {
    return link.eval(Scripts.COUNT, ScriptOutputType.INTEGER,
        new byte[][] {s.indexKey(), s.expiryKey()}, new byte[][] {lo, hi, ascii(now)});
  }

  /** The registered tenant prefixes in {@code [start, end)} ({@code end} null: no bound). */
  private List<byte[]> registered(byte[] start, byte[] end) {
    List<byte[]> out = new ArrayList<>();
    Range.Boundary<byte[]> lo = Range.Boundary.including(start);
    Range.Boundary<byte[]> hi = end == null ? Range.Boundary.unbounded()
        : Range.Boundary.excluding(end);
    int page = 1000;
    while (true) {
      Range<byte[]> r = Range.from(lo, hi);
      List<byte[]> got = link.call(() -> "listing the tenants registered in " + name,
          () -> link.commands().zrangebylex(shards.registryKey(), r, Limit.create(0, page)));
      out.addAll(got);
      if (got.size() < page) {
        return out;
      }
      lo = Range.Boundary.excluding(got.get(got.size() - 1));
    }
  }

  static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
