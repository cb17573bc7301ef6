package dev.chatstore.redis;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link RedisKvStore}s for {@code redis-cluster://} URIs (a Redis Cluster, given by one or
 * more seed nodes); registered with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}. The grammar is described on
 * {@link RedisUri}, the parameters on {@link RedisOptions}. Stateless and thread-safe.
 */
public final class RedisClusterKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = RedisUri.CLUSTER_SCHEME;

  /** A provider; stateless. */
  public RedisClusterKvStoreProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return RedisUri.CLUSTER_SYNTAX;
  }

  /**
   * Opens the store {@code uri} names.
   *
   * @throws IllegalArgumentException when the URI is malformed or is not a
   *     {@code redis-cluster://} URI
   * @throws dev.chatstore.kv.StoreException when the cluster cannot be reached or refuses the
   *     store
   */
  @Override
  public KvStore open(String uri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    RedisUri parsed = RedisUri.parse(uri);
    if (!parsed.cluster()) {
      throw new IllegalArgumentException("'" + parsed + "' is a redis URI; the redis-cluster"
          + " provider opens " + RedisUri.CLUSTER_SYNTAX);
    }
    return RedisKvStore.open(parsed, options);
  }
}
