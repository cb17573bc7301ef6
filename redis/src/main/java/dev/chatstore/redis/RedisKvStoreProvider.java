package dev.chatstore.redis;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link RedisKvStore}s for {@code redis://} URIs (one Redis server); registered with
 * {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}. The grammar is described on
 * {@link RedisUri}, the parameters on {@link RedisOptions}. Stateless and thread-safe.
 */
public final class RedisKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = RedisUri.SCHEME;

  /** A provider; stateless. */
  public RedisKvStoreProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return RedisUri.SYNTAX;
  }

  /**
   * Opens the store {@code uri} names.
   *
   * @throws IllegalArgumentException when the URI is malformed or is not a {@code redis://} URI
   * @throws dev.chatstore.kv.StoreException when Redis cannot be reached or refuses the store
   */
  @Override
  public KvStore open(String uri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    RedisUri parsed = RedisUri.parse(uri);
    if (parsed.cluster()) {
      throw new IllegalArgumentException("'" + parsed + "' is a redis-cluster URI; the redis"
          + " provider opens " + RedisUri.SYNTAX);
    }
    return RedisKvStore.open(parsed, options);
  }
}
