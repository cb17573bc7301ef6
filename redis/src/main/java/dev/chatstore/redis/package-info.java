/**
 * The Redis backend of chatstore: a {@link dev.chatstore.kv.KvStore} on one Redis server
 * ({@code redis://}) or a Redis Cluster ({@code redis-cluster://}), through Lettuce. Needs Redis
 * 6.2 or later.
 *
 * <ul>
 *   <li>{@link dev.chatstore.redis.RedisKvStore}: the store, with all four features (TTL,
 *       RANGE_DELETE, REVERSE_SCAN, PERSISTENT); its javadoc holds the data model, the
 *       guarantees, the expiry design and the failure behaviour.</li>
 *   <li>{@link dev.chatstore.redis.RedisUri}: the URI grammar,
 *       {@code redis://[[user]:password@]host[:port][/db][?param=value&...]} and
 *       {@code redis-cluster://[[user]:password@]host[:port][,host[:port]...][?...]}.</li>
 *   <li>{@link dev.chatstore.redis.RedisOptions}: the parameters {@code prefix},
 *       {@code timeoutMs}, {@code connectTimeoutMs}, {@code retryBackoffMs} and
 *       {@code expiryGraceMs}, with their defaults.</li>
 *   <li>{@link dev.chatstore.redis.RedisKvStoreProvider} and
 *       {@link dev.chatstore.redis.RedisClusterKvStoreProvider}: the
 *       {@link dev.chatstore.kv.KvStoreProvider}s of the two schemes.</li>
 * </ul>
 *
 * <h2>Layout in Redis</h2>
 * <pre>
 *   {prefix}:i                 ordered index (sorted set, scores 0, ZRANGEBYLEX = memcmp order)
 *   {prefix}:x                 expiring keys by expiry instant
 *   {prefix}:v:KEY             value with a 1- or 9-byte header (expiry)
 *   {prefix}:c:GID             result of one write call, for exactly-once retries (short-lived)
 *   {prefix}:sched             shards with expiries pending, by earliest instant
 *   {prefix}:reg               (cluster) prefixes of every tenant ever written
 *   {prefix:t:B64}:i, :x, :v:, :c:   (cluster) the same per tenant; B64 = base64url of the
 *                              tenant's key prefix (1, tenant-id); the braces make one hash
 *                              slot per tenant
 * </pre>
 * A standalone store keeps all its keys in the first group; a cluster store keeps a tenant's
 * keys ({@code (1, tenant-id, ...)}, range {@code [prefix, prefix + 0xFF)}) in that tenant's
 * group and every other key in the first. Every change goes through a Lua script per shard, so
 * values and indexes change together and checks are evaluated on the server. Reads are plain
 * commands where one command suffices ({@code GET}, {@code MGET}, and on a standalone server
 * {@code SORT ... GET} for scans) and scripts otherwise.
 *
 * <pre>{@code
 * try (RedisKvStore store = RedisKvStore.open("redis://127.0.0.1:6379?prefix=bot1")) {
 *   store.put(key, value);
 *   byte[] v = store.get(key);
 * }
 * }</pre>
 */
package dev.chatstore.redis;
