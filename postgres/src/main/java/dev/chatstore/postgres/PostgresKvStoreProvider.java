package dev.chatstore.postgres;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link PostgresKvStore}s for {@code postgresql://} URIs; registered with
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}.
 * The grammar is described on {@link PostgresUri}, the parameters on {@link PostgresOptions}.
 * {@link PostgresAliasKvStoreProvider} opens the same stores for {@code postgres://}. Stateless
 * and thread-safe.
 */
public class PostgresKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = PostgresUri.SCHEME;

  /** A provider; stateless. */
  public PostgresKvStoreProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return PostgresUri.SYNTAX;
  }

  /**
   * Opens the store {@code uri} names, creating or migrating its table when needed.
   *
   * @throws IllegalArgumentException when the URI is malformed ({@link PostgresUri#parse}) or
   *     options is null
   * @throws dev.chatstore.kv.StoreException when the store cannot be opened (see
   *     {@link PostgresKvStore#open(PostgresUri, StoreOptions)})
   */
  @Override
  public KvStore open(String uri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return PostgresKvStore.open(PostgresUri.parse(uri), options);
  }
}
