package dev.chatstore.redis;

import dev.chatstore.kv.AbstractKvStore;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis backend: a {@link dev.chatstore.kv.KvStore} on a Redis server ({@code redis://}) or a
 * Redis Cluster ({@code redis-cluster://}), through Lettuce. Open it with a URI (see
 * {@link RedisUri} for the grammar and {@link RedisOptions} for the parameters) or through
 * {@code ChatStore.open("redis://...")}. Needs Redis 6.2 or later. Thread-safe.
 *
 * <h2>Data model</h2>
 * Keys are grouped into shards: a standalone store keeps every key in one
 * shard, a cluster store gives each tenant ({@code (1, tenant-id, ...)} keys) its own shard, so
 * that all keys of one tenant share one hash slot and tenants spread over the masters. In a shard
 * with hash tag {@code T} ({@code {prefix}} or {@code {prefix:t:BASE64}}):
 * <pre>
 *   T:i           sorted set, all scores 0, members the keys (without the shard prefix):
 *                 the ordered index; ZRANGEBYLEX compares members with memcmp, which is
 *                 chatstore's unsigned byte order
 *   T:x           sorted set of the expiring keys, scored by expiry (epoch ms)
 *   T:v:KEY       string: header byte, [8-byte expiry], value (see StoredValue)
 *   T:c:GID       string: the result of write call GID, kept for 60 s + 2 x timeoutMs
 *   {prefix}:reg  (cluster) sorted set of every tenant prefix ever written, in key order
 *   {prefix}:sched  sorted set: shard -> earliest expiry that may be pending there
 * </pre>
 * Values and the index change together inside Lua scripts, loaded by
 * {@code EVALSHA}: a write group and a sweep are one script per shard. A point get is one
 * {@code GET}, a multi-get one {@code MGET} per shard, a count one script per shard. A scan is one
 * script per shard, except on a standalone server, where it is a {@code ZLEXCOUNT} and one
 * {@code SORT index BY nosort LIMIT .. GET # GET T:v:*}, which reads keys and values in one atomic
 * command without passing the values through Lua (the window reaches 4 entries past the page on
 * each side, so that writes between the two commands do not matter; beyond that, or when the page
 * holds expired entries, the script reads it).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Standalone: every write batch (and group of batches) is atomic, its checks evaluated
 *       inside the script, so check-and-set is correct across processes; every read sees one
 *       state.</li>
 *   <li>Cluster: the same within one shard. A write batch touching two shards (two tenants, or a
 *       tenant and the system keys), or a range delete crossing a tenant's boundary or covering a
 *       registered tenant, is refused with an {@link IllegalArgumentException} naming both, and
 *       changes nothing. A read spanning shards reads each shard atomically, the shards one after another.
 *       Dropping a tenant ({@code Keyspace.dropTenant}) is one range delete inside its shard.
 *       The registry of tenants only grows: a dropped tenant leaves its prefix there, and scans
 *       across tenants step over it.</li>
 *   <li>Durability: a write returns when Redis has applied it; whether it survives a restart of
 *       Redis is the server's persistence setting ({@code appendonly yes} with
 *       {@code appendfsync always} loses nothing acknowledged).</li>
 * </ul>
 *
 * <h2>Expiry</h2>
 * An expiring entry carries its instant in its value header and in {@code T:x}. Reads, counts and
 * checks compare it with the store clock's now, passed to the scripts, so an entry is invisible
 * exactly from its instant by the store's clock, whatever Redis's clock says. The schedule tells
 * the sweeper ({@link #sweepExpired()}, and every {@link StoreOptions#sweepInterval()}) which
 * shards have entries due. When the store runs on the system clock, each expiring value is also
 * given a native expiry ({@code PXAT} = instant + {@link RedisOptions#expiryGraceMs()}), so Redis
 * frees the memory even when no store sweeps; the sweeper then removes what is left in the
 * indexes, and reads skip index members whose value is gone. Values removed behind the store's
 * back (eviction under {@code maxmemory}, a manual {@code DEL}) are skipped by gets and scans but
 * still counted until the key is written again: run Redis with {@code maxmemory-policy
 * noeviction}.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>A call (a read, or the commit of a write) that cannot reach Redis (connection refused or
 *       lost, no answer, {@code LOADING}, {@code BUSY}, {@code TRYAGAIN}, {@code CLUSTERDOWN},
 *       {@code MASTERDOWN}, {@code READONLY}) is retried after a pause that starts at
 *       {@link RedisOptions#retryBackoffMs()} and doubles up to 1 s, until
 *       {@link RedisOptions#timeoutMs()} (default 10 s) after the call started; then it fails
 *       with {@link StoreException.Kind#CONNECTION}, naming the timeout, the attempts and the
 *       last error. A blocking write first waits for its turn in the writer queue.</li>
 *   <li>Once a call has failed that way, later calls make one attempt each, and so fail at once
 *       while the connection is down, until one succeeds: queued writes do not wait a full
 *       timeout each.</li>
 *   <li>Lettuce reconnects in the background (every 10 ms to 1 s); the same store object works
 *       again as soon as the server answers, without a restart.</li>
 *   <li>An error reply ({@code ERR}, {@code OOM}, ...) is a {@link StoreException.Kind#DATABASE}
 *       failure and is not retried.</li>
 *   <li>An acknowledged write is never lost by the store (across a crash of Redis itself, as
 *       its persistence settings say). A write that failed may or may not have been applied. A
 *       write is never applied twice: each script call records its result for
 *       60 s + 2 &times; {@code timeoutMs}, and a repeated call (a retry, or a command Lettuce
 *       replays after a reconnect) returns the record instead of applying again.</li>
 * </ul>
 */
public final class RedisKvStore extends AbstractKvStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisKvStore.class);
  private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.(\\d+)");

  /** What the Redis store does natively: everything. */
  public static final Set<KvFeature> FEATURES = Set.copyOf(EnumSet.allOf(KvFeature.class));
  /** The oldest Redis this store runs on (for {@code ZADD LT} and {@code SET PXAT}). */
  public static final String MIN_REDIS_VERSION = "6.2";

  private final RedisUri uri;
  private final Link link;
  private final ShardMap shards;
  private final Reads reads;
  private final Committer committer;

  private RedisKvStore(RedisUri uri, String name, StoreOptions options, Link link) {
    super(name, FEATURES, options);
    this.uri = uri;
    this.link = link;
    this.shards = new ShardMap(uri.options().prefix(), uri.cluster());
    this.reads = new Reads(link, shards, name);
    boolean nativeExpiry = options.clock().getClass() == Clock.systemUTC().getClass();
    this.committer = new Committer(link, shards, name, nativeExpiry, uri.options());
    start();
  }

  /**
   * Opens the store a URI names, with the default store options (system clock).
   *
   * @param uri a {@code redis://} or {@code redis-cluster://} URI ({@link RedisUri})
   * @return the open store; close it when done
   * @throws IllegalArgumentException when the URI is malformed
   * @throws StoreException of kind CONNECTION when Redis cannot be reached within the timeout
   */
  public static RedisKvStore open(String uri) {
    return open(RedisUri.parse(uri), StoreOptions.defaults());
  }

  /**
   * Opens the store a parsed URI names.
   *
   * @param uri the parsed URI
   * @param options clock, write queue, group size, sweep interval
   * @return the open store; close it when done
   * @throws IllegalArgumentException when an argument is null
   * @throws StoreException of kind CONNECTION when Redis cannot be reached within the timeout,
   *     of kind DATABASE when it refuses the credentials or is older than
   *     {@value #MIN_REDIS_VERSION}
   */
  public static RedisKvStore open(RedisUri uri, StoreOptions options) {
    if (uri == null || options == null) {
      throw new IllegalArgumentException("uri and options must not be null");
    }
    String name = uri.toString();
    Link link = Link.open(uri, name);
    try {
      checkVersion(link, name);
      RedisKvStore store = new RedisKvStore(uri, name, options, link);
      LOG.debug("{}: opened", name);
      return store;
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
  }

  private static void checkVersion(Link link, String name) {
    String info = link.call(() -> "reading the server version",
        () -> link.commands().info("server"));
    Matcher m = VERSION.matcher(info);
    if (!m.find()) {
      LOG.warn("{}: cannot tell the Redis version from INFO; assuming {} or later", name,
          MIN_REDIS_VERSION);
      return;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < 6 || (major == 6 && minor < 2)) {
      throw new StoreException(StoreException.Kind.DATABASE, name + ": Redis " + major + "."
          + minor + " is too old; chatstore needs Redis " + MIN_REDIS_VERSION + " or later");
    }
  }

  /** The URI the store was opened with (its password is never shown by its toString). */
  public RedisUri uri() {
    return uri;
  }

  /** Whether the store runs on a Redis Cluster. */
  public boolean isCluster() {
    return uri.cluster();
  }

  /**
   * The Redis hash tag of the shard that holds {@code key}, braces included: {@code {prefix}} on
   * a standalone server, {@code {prefix:t:BASE64}} for a tenant key on a cluster. For
   * diagnostics, such as finding a tenant's keys with {@code SCAN MATCH}.
   *
   * @param key a key
   * @return the hash tag
   * @throws IllegalArgumentException when {@code key} is null
   */
  public String hashTag(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    return shards.shardOf(key).tag();
  }

  // ---- reads ----

  @Override
  protected byte[] readOne(byte[] key, long nowMillis) {
    return reads.get(key, nowMillis);
  }

  @Override
  protected List<byte[]> readMany(List<byte[]> keys, long nowMillis) {
    return reads.getAll(keys, nowMillis);
  }

  @Override
  protected List<KvEntry> readRange(KeyRange range, Direction direction, int limit,
      long nowMillis, boolean withExpiry) {
    return reads.scan(range, direction, limit, nowMillis, withExpiry);
  }

  @Override
  protected long countRange(KeyRange range, long nowMillis) {
    return reads.count(range, nowMillis);
  }

  // ---- writes (writer thread) ----

  @Override
  protected void commit(List<WriteBatch> batches, boolean[] applied, long nowMillis) {
    committer.commit(batches, applied, nowMillis);
  }

  @Override
  protected long removeExpired(long nowMillis, int max) {
    return committer.sweep(nowMillis, max);
  }

  @Override
  protected void closeResources() {
    link.close();
    LOG.debug("{}: closed", name());
  }
}
