package dev.chatstore.redis;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.kv.WriteOp;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The write side of a {@link RedisKvStore}: turns a group of write batches into one
 * {@link Scripts#WRITE} call per shard, and removes expired entries. Used by the store's writer
 * thread only, so it holds its state without locks.
 *
 * <h2>Atomicity</h2>
 * A standalone store has one shard, so a whole group is one script: atomic, checks evaluated
 * against the state including the earlier batches of the group. In a cluster each batch must
 * stay inside one shard (one tenant, or the system keys); a batch that spans two is refused with
 * an {@link IllegalArgumentException} naming both, before anything is sent, and so is a range
 * delete that crosses a tenant's boundary or covers a registered tenant. The batches of a group
 * are split by shard and the shards' scripts run in parallel.
 *
 * <h2>Exactly once</h2>
 * Each script call carries a fresh id (gid) and records its result in its shard for
 * {@link #recordTtlMs} ms, so a repeated call (a retry after a lost answer, or Lettuce replaying a
 * command after a reconnect) returns the recorded result instead of applying twice. When a group
 * fails, {@link dev.chatstore.kv.AbstractKvStore} commits its batches one by one; each of those
 * calls names the group's call and the batch's index, and gets the recorded outcome when that call
 * was applied after all, or poisons it when not.
 */
final class Committer {
  private static final byte[] OP_PUT = {'P'};
  private static final byte[] OP_PUT_EXPIRING = {'E'};
  private static final byte[] OP_DELETE = {'D'};
  private static final byte[] OP_RANGE = {'R'};
  private static final byte[] OP_CHECK = {'C'};
  private static final byte[] OP_CHECK_ABSENT = {'A'};
  private static final byte[] EMPTY = {};
  /** Expiry instants after this (9999-12-31T23:59:59.999Z) are left to the sweeper alone. */
  static final long MAX_NATIVE_EXPIRY = 253_402_300_799_999L;
  /** How many tenants this store remembers as registered (others are registered again). */
  private static final int REGISTERED_CACHE = 100_000;
  /** The fixed part of how long a write call's result is kept: 60 s, plus twice the timeout. */
  static final long RECORD_TTL_BASE_MS = 60_000;
  /** Shards the sweeper takes from the schedule at a time. */
  private static final int SWEEP_PAGE = 64;

  private final Link link;
  private final ShardMap shards;
  private final String name;
  private final boolean nativeExpiry;
  private final long graceMs;
  private final long recordTtlMs;
  private final String storeId;
  private long counter;
  private final Map<Shard, Boolean> registered = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Shard, Boolean> eldest) {
      return size() > REGISTERED_CACHE;
    }
  };
  private Retry retry;

  /**
   * @param nativeExpiry whether Redis deletes expiring values itself ({@code PXAT}); only when
   *     the store's clock is the system clock
   */
  Committer(Link link, ShardMap shards, String name, boolean nativeExpiry, RedisOptions options) {
    this.link = link;
    this.shards = shards;
    this.name = name;
    this.nativeExpiry = nativeExpiry;
    this.graceMs = options.expiryGraceMs();
    this.recordTtlMs = 2L * options.timeoutMs() + RECORD_TTL_BASE_MS;
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    this.storeId = HexFormat.of().formatHex(id) + ".";
  }

  /** How long a write call's result is kept for retries, in milliseconds. */
  long recordTtlMs() {
    return recordTtlMs;
  }

  /** One shard's part of a group: the batches (indexes into the group) of one script call. */
  private record Call(Shard shard, List<Integer> batches, String gid, byte[][] keys,
      byte[][] args) {}

  /** A failed group whose batches are now committed one by one, in order. */
  private static final class Retry {
    final List<WriteBatch> batches;
    final String[] gids;
    final int[] indexes;
    int next;

    Retry(List<WriteBatch> batches, String[] gids, int[] indexes) {
      this.batches = batches;
      this.gids = gids;
      this.indexes = indexes;
    }
  }

  /** See {@link dev.chatstore.kv.AbstractKvStore#commit}. */
  void commit(List<WriteBatch> batches, boolean[] applied, long now) {
    String alt = "";
    int altIndex = 0;
    Retry r = retry;
    if (batches.size() == 1 && r != null && r.next < r.batches.size()
        && r.batches.get(r.next) == batches.get(0)) {
      alt = r.gids[r.next];
      altIndex = r.indexes[r.next];
      r.next++;
    } else {
      retry = null;
    }
    Map<Shard, List<Integer>> byShard = new LinkedHashMap<>();
    for (int i = 0; i < batches.size(); i++) {
      byShard.computeIfAbsent(classify(batches.get(i)), s -> new ArrayList<>()).add(i);
    }
    registerTenants(byShard.keySet());
    List<Call> calls = new ArrayList<>(byShard.size());
    for (Map.Entry<Shard, List<Integer>> e : byShard.entrySet()) {
      calls.add(build(e.getKey(), e.getValue(), batches, now, alt, altIndex));
    }
    List<Supplier<CompletableFuture<List<Object>>>> ops = new ArrayList<>(calls.size());
    List<CompletableFuture<List<Object>>> started = new ArrayList<>(calls.size());
    for (Call c : calls) {
      Supplier<CompletableFuture<List<Object>>> op =
          () -> link.eval(Scripts.WRITE, ScriptOutputType.MULTI, c.keys, c.args);
      ops.add(op);
      started.add(Link.start(op));
    }
    long deadline = link.deadline();
    RuntimeException failure = null;
    List<Object> schedule = new ArrayList<>();
    for (int k = 0; k < calls.size(); k++) {
      Call c = calls.get(k);
      try {
        List<Object> result = link.finish(() -> "write of " + c.batches.size() + " batches to "
            + c.shard.describe(), started.get(k), ops.get(k), deadline);
        byte[] minExpiry = apply(c, result, applied);
        if (minExpiry.length > 0 && !c.shard.isSystem()) {
          schedule.add(Double.parseDouble(new String(minExpiry, StandardCharsets.US_ASCII)));
          schedule.add(c.shard.prefix());
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure == null && !schedule.isEmpty()) {
      Object[] sv = schedule.toArray();
      try {
        link.call(() -> "scheduling the expiry sweep of " + sv.length / 2 + " tenants",
            () -> link.commands().zadd(shards.scheduleKey(), ZAddArgs.Builder.lt(), sv));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      Arrays.fill(applied, false);
      if (batches.size() > 1) {
        String[] gids = new String[batches.size()];
        int[] indexes = new int[batches.size()];
        for (Call c : calls) {
          for (int j = 0; j < c.batches.size(); j++) {
            gids[c.batches.get(j)] = c.gid;
            indexes[c.batches.get(j)] = j;
          }
        }
        retry = new Retry(List.copyOf(batches), gids, indexes);
      }
      throw failure;
    }
  }

  /** Reads one call's result into {@code applied}; returns its earliest expiry (or empty). */
  private byte[] apply(Call c, List<Object> result, boolean[] applied) {
    String kind = new String((byte[]) result.get(0), StandardCharsets.US_ASCII);
    switch (kind) {
      case "r" -> {
        byte[] flags = (byte[]) result.get(1);
        if (flags.length != c.batches.size()) {
          throw new StoreException(StoreException.Kind.DATABASE, name + ": the write script"
              + " answered " + flags.length + " results for " + c.batches.size() + " batches");
        }
        for (int j = 0; j < flags.length; j++) {
          applied[c.batches.get(j)] = flags[j] == '1';
        }
        return (byte[]) result.get(2);
      }
      case "c" -> throw new IllegalArgumentException("a range delete of " + c.shard.describe()
          + " covers the keys of tenant '" + ShardMap.tenantId((byte[]) result.get(1))
          + "' as well; in Redis Cluster a write batch is atomic only within one shard (one"
          + " tenant, or the system keys): delete a tenant's keys with a range delete inside its"
          + " own prefix (Keyspace.dropTenant), the system keys with ranges that avoid tenants");
      case "p" -> throw new StoreException(StoreException.Kind.DATABASE, name + ": write call "
          + c.gid + " was superseded by its retry and applied nothing");
      default -> throw new StoreException(StoreException.Kind.DATABASE, name
          + ": unexpected answer '" + kind + "' of the write script");
    }
  }

  /**
   * The one shard every operation of {@code batch} touches.
   *
   * @throws IllegalArgumentException when the batch spans two shards of a cluster
   */
  private Shard classify(WriteBatch batch) {
    Shard found = null;
    int foundAt = -1;
    List<WriteOp> ops = batch.ops();
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      Shard s = switch (op) {
        case WriteOp.Put p -> shards.shardOf(p.key());
        case WriteOp.Delete d -> shards.shardOf(d.key());
        case WriteOp.Check c -> shards.shardOf(c.key());
        case WriteOp.DeleteRange r -> rangeShard(r, i);
      };
      if (s == null) {
        continue;
      }
      if (found == null) {
        found = s;
        foundAt = i;
      } else if (!found.equals(s)) {
        throw new IllegalArgumentException("write batch spans two shards: " + found.describe()
            + " (operation " + foundAt + ": " + ops.get(foundAt) + ") and " + s.describe()
            + " (operation " + i + ": " + op + "); in Redis Cluster a write batch is atomic only"
            + " within one shard (one tenant, or the system keys): split it per tenant");
      }
    }
    return found == null ? shards.system() : found;
  }

  private Shard rangeShard(WriteOp.DeleteRange op, int index) {
    if (op.range().isEmpty()) {
      return null;
    }
    RangePlan plan = RangePlan.of(shards, op.range().start(), op.range().end());
    if (plan.single() != null) {
      return plan.single();
    }
    Shard tenant = plan.low() != null ? plan.low() : plan.high();
    if (tenant != null) {
      throw new IllegalArgumentException("operation " + index + " (" + op + ") crosses the"
          + " boundary of " + tenant.describe() + "; in Redis Cluster a range delete must stay"
          + " inside one tenant's range (its Subspace.range(), [prefix, prefix + 0xFF), as"
          + " Keyspace.dropTenant uses) or outside every tenant");
    }
    return shards.system();
  }

  private void registerTenants(Collection<Shard> used) {
    List<Object> sv = new ArrayList<>();
    List<Shard> fresh = new ArrayList<>();
    for (Shard s : used) {
      if (!s.isSystem() && registered.get(s) == null) {
        fresh.add(s);
        sv.add(0.0);
        sv.add(s.prefix());
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Object[] args = sv.toArray();
    link.call(() -> "registering " + fresh.size() + " tenants",
        () -> link.commands().zadd(shards.registryKey(), args));
    for (Shard s : fresh) {
      registered.put(s, Boolean.TRUE);
    }
  }

  private Call build(Shard s, List<Integer> indexes, List<WriteBatch> batches, long now,
      String alt, int altIndex) {
    String gid = storeId + Long.toString(counter++, 36);
    boolean regCheck = false;
    int size = 8;
    for (int i : indexes) {
      size += 1 + 5 * batches.get(i).size();
    }
    List<byte[]> args = new ArrayList<>(size);
    args.add(Reads.ascii(now));
    args.add(ascii(gid));
    args.add(ascii(alt));
    args.add(Reads.ascii(altIndex));
    args.add(Reads.ascii(recordTtlMs));
    int regCheckAt = args.size();
    args.add(null);
    args.add(s.prefix());
    args.add(Reads.ascii(indexes.size()));
    for (int i : indexes) {
      int countAt = args.size();
      args.add(null);
      int n = 0;
      for (WriteOp op : batches.get(i).ops()) {
        switch (op) {
          case WriteOp.Put p -> {
            long exp = p.expiresAtMillis();
            if (exp == Long.MAX_VALUE) {
              args.add(OP_PUT);
              args.add(s.suffix(p.key()));
              args.add(StoredValue.permanent(p.value()));
            } else {
              args.add(OP_PUT_EXPIRING);
              args.add(s.suffix(p.key()));
              args.add(StoredValue.expiring(p.value(), exp));
              args.add(Reads.ascii(exp));
              args.add(nativeExpiry && exp > 0 && exp <= MAX_NATIVE_EXPIRY
                  ? Reads.ascii(exp + graceMs) : EMPTY);
            }
          }
          case WriteOp.Delete d -> {
            args.add(OP_DELETE);
            args.add(s.suffix(d.key()));
          }
          case WriteOp.DeleteRange r -> {
            if (r.range().isEmpty()) {
              continue;
            }
            args.add(OP_RANGE);
            args.add(s.lowBound(r.range().start()));
            args.add(s.highBound(r.range().end()));
            regCheck |= shards.byTenant() && s.isSystem();
          }
          case WriteOp.Check c -> {
            args.add(c.expected() == null ? OP_CHECK_ABSENT : OP_CHECK);
            args.add(s.suffix(c.key()));
            if (c.expected() != null) {
              args.add(c.expected());
            }
          }
        }
        n++;
      }
      args.set(countAt, Reads.ascii(n));
    }
    args.set(regCheckAt, regCheck ? new byte[] {'1'} : new byte[] {'0'});
    byte[][] keys;
    if (!s.isSystem()) {
      keys = new byte[][] {s.indexKey(), s.expiryKey()};
    } else if (shards.byTenant()) {
      keys = new byte[][] {s.indexKey(), s.expiryKey(), shards.scheduleKey(),
          shards.registryKey()};
    } else {
      keys = new byte[][] {s.indexKey(), s.expiryKey(), shards.scheduleKey()};
    }
    return new Call(s, indexes, gid, keys, args.toArray(new byte[0][]));
  }

  /**
   * Removes up to {@code max} entries expired at {@code now}: takes the shards due in the
   * schedule, and for each removes it from the schedule, sweeps it, and schedules it again at its
   * next expiry. (Removing first means a concurrent writer's new expiry is never lost: it is
   * either seen by the sweep or scheduled after it. A process dying between the two steps leaves
   * that shard's remaining expired entries until its next expiring write; reads never see them.)
   *
   * @return how many entries were removed
   */
  long sweep(long now, int max) {
    long removed = 0;
    while (removed < max) {
      Range<Double> due = Range.from(Range.Boundary.unbounded(),
          Range.Boundary.including((double) now));
      List<byte[]> shardsDue = link.call(() -> "reading the expiry schedule",
          () -> link.commands().zrangebyscore(shards.scheduleKey(), due,
              Limit.create(0, SWEEP_PAGE)));
      if (shardsDue.isEmpty()) {
        return removed;
      }
      for (byte[] prefix : shardsDue) {
        Shard s = shards.forPrefix(prefix);
        link.call(() -> "taking " + s.describe() + " off the expiry schedule",
            () -> link.commands().zrem(shards.scheduleKey(), prefix));
        long left = max - removed;
        List<Object> r = link.call(() -> "sweep of " + s.describe(),
            () -> link.<List<Object>>eval(Scripts.SWEEP, ScriptOutputType.MULTI,
                new byte[][] {s.indexKey(), s.expiryKey()},
                new byte[][] {Reads.ascii(now), Reads.ascii(left)}));
        removed += (Long) r.get(0);
        byte[] next = (byte[]) r.get(1);
        if (next.length > 0) {
          double score = Double.parseDouble(new String(next, StandardCharsets.US_ASCII));
          link.call(() -> "scheduling the next sweep of " + s.describe(),
              () -> link.commands().zadd(shards.scheduleKey(), ZAddArgs.Builder.lt(), score,
                  prefix));
        }
        if (removed >= max) {
          return removed;
        }
      }
    }
    return removed;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
