/**
 * Caches: the {@link dev.chatstore.cache.CacheStore} SPI (namespaced byte values with an
 * optional TTL), its in-process default {@link dev.chatstore.cache.CaffeineCacheStore}, the
 * routing of the client's caches ({@link dev.chatstore.cache.CacheStores}) and the typed,
 * best-effort {@link dev.chatstore.cache.TypedCache}: a failing cache is a miss, logged, never
 * an error of the caller. A Redis store is in the {@code chatstore-redis} module
 * ({@code dev.chatstore.redis.RedisCacheStore}).
 */
package dev.chatstore.cache;
