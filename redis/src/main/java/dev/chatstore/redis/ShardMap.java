package dev.chatstore.redis;

import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.tuple.Tuple;
import java.util.Arrays;
import java.util.Base64;

/**
 * Which {@link Shard} a key lives in, for one store namespace. Standalone stores keep every key
 * in the system shard (one server has no slots to spread over, and one shard keeps every batch,
 * scan and range delete atomic); cluster stores give each tenant its own shard.
 *
 * <h2>Tenant keys</h2>
 * A key is a tenant key when it starts with the packing of {@code (1, tenant-id)}: the tuple
 * integer 1 ({@code 0x15 0x01}), the string type code {@code 0x02}, the UTF-8 of the id with each
 * {@code 0x00} escaped as {@code 0x00 0xFF}, and the terminating {@code 0x00}. Only that far is
 * decoded; whatever follows is the tenant's business, except that a {@code 0xFF} right after the
 * terminator turns it into an escaped NUL of a longer id. So a tenant's keys are exactly those in
 * {@code [prefix, prefix + 0xFF)} (the range of its {@link dev.chatstore.tuple.Subspace}): tenant
 * ranges never overlap, and the system shard's keys never fall inside one.
 *
 * <h2>Redis key names</h2>
 * <pre>
 *   {PREFIX}:...            the system shard (see Shard), the registry and the schedule
 *   {PREFIX}:reg            sorted set, score 0: raw prefixes of every tenant ever written
 *                           (cluster only; never shrinks)
 *   {PREFIX}:sched          sorted set: shard prefix (empty for system) scored by the earliest
 *                           expiry that may be pending in the shard
 *   {PREFIX:t:B64}:...      the shard of the tenant whose raw prefix is B64 (base64url, no
 *                           padding)
 * </pre>
 * Immutable and thread-safe.
 */
final class ShardMap {
  /** The first bytes of every tenant key: the packing of the integer 1, then a string code. */
  static final byte[] TENANT_START =
      Bytes.concat(Tuple.of(Keyspace.TENANTS_TAG).pack(), new byte[] {0x02});
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final boolean byTenant;
  private final Shard system;
  private final byte[] registryKey;
  private final byte[] scheduleKey;

  /**
   * @param prefix the namespace ({@link RedisOptions#prefix()})
   * @param byTenant whether each tenant gets its own shard (cluster) or all share one
   */
  ShardMap(String prefix, boolean byTenant) {
    this.prefix = prefix;
    this.byTenant = byTenant;
    this.system = new Shard(new byte[0], "{" + prefix + "}");
    this.registryKey = Shard.ascii(system.tag() + ":reg");
    this.scheduleKey = Shard.ascii(system.tag() + ":sched");
  }

  /** Whether each tenant has its own shard. */
  boolean byTenant() {
    return byTenant;
  }

  /** The system shard, which also holds the registry and the schedule. */
  Shard system() {
    return system;
  }

  /** {@code {PREFIX}:reg}, in the system shard's slot. */
  byte[] registryKey() {
    return registryKey;
  }

  /** {@code {PREFIX}:sched}, in the system shard's slot. */
  byte[] scheduleKey() {
    return scheduleKey;
  }

  /** The shard holding {@code key}. */
  Shard shardOf(byte[] key) {
    if (!byTenant) {
      return system;
    }
    int n = tenantPrefixLength(key);
    return n < 0 ? system : forPrefix(Arrays.copyOf(key, n));
  }

  /** The shard of a raw prefix: the system shard for the empty prefix, else a tenant's. */
  Shard forPrefix(byte[] shardPrefix) {
    if (shardPrefix.length == 0) {
      return system;
    }
    return new Shard(shardPrefix, "{" + prefix + ":t:" + B64.encodeToString(shardPrefix) + "}");
  }

  /**
   * The length of the tenant prefix {@code (1, tenant-id)} at the start of {@code key}, or -1
   * when {@code key} is not a tenant key.
   */
  static int tenantPrefixLength(byte[] key) {
    if (key.length <= TENANT_START.length
        || !Arrays.equals(key, 0, TENANT_START.length, TENANT_START, 0, TENANT_START.length)) {
      return -1;
    }
    int i = TENANT_START.length;
    while (i < key.length) {
      if (key[i] == 0) {
        if (i + 1 < key.length && key[i + 1] == (byte) 0xFF) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  /** The tenant id of a tenant prefix, for messages. */
  static String tenantId(byte[] tenantPrefix) {
    try {
      return Tuple.unpack(tenantPrefix).getString(1);
    } catch (RuntimeException e) {
      return Bytes.show(tenantPrefix);
    }
  }
}
