package dev.chatstore.redis;

import dev.chatstore.kv.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One shard of a store in Redis: the keys that share one hash tag, and so one hash slot of a
 * cluster. A shard is either the <em>system shard</em> (prefix empty: every key that is not a
 * tenant key) or the shard of one tenant (prefix: the packing of {@code (1, tenant-id)}).
 *
 * <p>Inside a shard, keys are stored by their <em>suffix</em>, the key without the shard's
 * prefix, which keeps the order of the keys. Redis keys of a shard with tag {@code T}:
 * <pre>
 *   T:i          sorted set, score 0: the suffixes of the shard's keys (ordered index)
 *   T:x          sorted set: suffixes of expiring entries, scored by expiry (epoch ms)
 *   T:v:SUFFIX   string: the value with its header (see {@link StoredValue})
 *   T:c:GID      string: the applied flags of write call GID, for exactly-once retries
 * </pre>
 * Immutable and thread-safe; equality is by tag.
 */
final class Shard {
  private static final byte[] INDEX = ascii(":i");
  private static final byte[] EXPIRY = ascii(":x");
  private static final byte[] VALUE = ascii(":v:");
  private static final byte[] RECORD = ascii(":c:");
  /** Lex bound: the smallest member. */
  static final byte[] MIN = ascii("-");
  /** Lex bound: the largest member. */
  static final byte[] MAX = ascii("+");

  private final byte[] prefix;
  private final byte[] rangeEnd;
  private final String tag;
  private final byte[] indexKey;
  private final byte[] expiryKey;
  private final byte[] valuePrefix;
  private final byte[] recordPrefix;

  /**
   * @param prefix the raw key prefix of the shard (empty for the system shard)
   * @param tag the hash tag, braces included, such as {@code {chatstore}}
   */
  Shard(byte[] prefix, String tag) {
    this.prefix = prefix;
    this.rangeEnd = prefix.length == 0 ? null : Bytes.concat(prefix, new byte[] {(byte) 0xFF});
    this.tag = tag;
    byte[] t = ascii(tag);
    this.indexKey = Bytes.concat(t, INDEX);
    this.expiryKey = Bytes.concat(t, EXPIRY);
    this.valuePrefix = Bytes.concat(t, VALUE);
    this.recordPrefix = Bytes.concat(t, RECORD);
  }

  /** Whether this is the system shard (every key that is not a tenant key). */
  boolean isSystem() {
    return prefix.length == 0;
  }

  /** The raw key prefix (empty for the system shard); not copied, do not modify. */
  byte[] prefix() {
    return prefix;
  }

  /** The hash tag, braces included. */
  String tag() {
    return tag;
  }

  /**
   * The end of a tenant shard's key range, {@code prefix + 0xFF} (exclusive), as
   * {@link dev.chatstore.tuple.Subspace#range()} has it; null for the system shard. Keys that
   * continue the prefix with {@code 0xFF} are not the tenant's: there the {@code 0x00} that ended
   * its id reads as an escaped NUL of a longer id.
   */
  byte[] rangeEnd() {
    return rangeEnd;
  }

  /** {@code T:i}, the ordered index. */
  byte[] indexKey() {
    return indexKey;
  }

  /** {@code T:x}, the expiry index. */
  byte[] expiryKey() {
    return expiryKey;
  }

  /** {@code T:c:} + {@code gid}, the record of one write call. */
  byte[] recordKey(String gid) {
    return Bytes.concat(recordPrefix, ascii(gid));
  }

  /** The suffix of {@code key}, which must belong to this shard (the key itself for system). */
  byte[] suffix(byte[] key) {
    return prefix.length == 0 ? key : Arrays.copyOfRange(key, prefix.length, key.length);
  }

  /** The full key of a suffix of this shard. */
  byte[] fullKey(byte[] suffix) {
    return prefix.length == 0 ? suffix : Bytes.concat(prefix, suffix);
  }

  /** {@code T:v:} + suffix: the Redis key holding the value of {@code key}. */
  byte[] valueKey(byte[] key) {
    byte[] out = Arrays.copyOf(valuePrefix, valuePrefix.length + key.length - prefix.length);
    System.arraycopy(key, prefix.length, out, valuePrefix.length, key.length - prefix.length);
    return out;
  }

  /**
   * The lex bound ({@code ZRANGEBYLEX}) of the suffixes at or after the full key
   * {@code start}: {@code -} when {@code start} is at or before the shard's first key, else
   * {@code [suffix}. A tenant shard's {@code start} must be at or before its prefix or inside
   * its range.
   */
  byte[] lowBound(byte[] start) {
    if (prefix.length > 0 && Bytes.compare(start, prefix) <= 0) {
      return MIN;
    }
    return bound('[', start);
  }

  /**
   * The lex bound of the suffixes before the full key {@code end} (exclusive; null for none):
   * {@code +} when {@code end} is at or after the shard's last key, else {@code (suffix}.
   */
  byte[] highBound(byte[] end) {
    if (end == null || (rangeEnd != null && Bytes.compare(end, rangeEnd) >= 0)) {
      return MAX;
    }
    if (prefix.length > 0 && Bytes.compare(end, prefix) <= 0) {
      return new byte[] {'('};
    }
    return bound('(', end);
  }

  private byte[] bound(char kind, byte[] key) {
    byte[] out = new byte[1 + key.length - prefix.length];
    out[0] = (byte) kind;
    System.arraycopy(key, prefix.length, out, 1, key.length - prefix.length);
    return out;
  }

  /** For messages: "the system keys" or "tenant 'alice'". */
  String describe() {
    return isSystem() ? "the system keys (keys outside every tenant)"
        : "tenant '" + ShardMap.tenantId(prefix) + "'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shard s && s.tag.equals(tag);
  }

  @Override
  public int hashCode() {
    return tag.hashCode();
  }

  @Override
  public String toString() {
    return tag;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
