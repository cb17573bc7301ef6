package dev.chatstore.sqlite;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link SqliteKvStore}s for {@code sqlite:} URIs; registered with
 * {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}. The grammar is described on
 * {@link SqliteUri}, the parameters on {@link SqliteOptions}.
 */
public final class SqliteKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = SqliteUri.SCHEME;

  /** A provider; stateless. */
  public SqliteKvStoreProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return SqliteUri.SYNTAX;
  }

  /**
   * Opens the store {@code uri} names, creating or migrating it when needed.
   *
   * @throws IllegalArgumentException when the URI is malformed ({@link SqliteUri#parse})
   * @throws dev.chatstore.kv.StoreException when the database cannot be opened
   */
  @Override
  public KvStore open(String uri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return SqliteKvStore.open(SqliteUri.parse(uri), options);
  }
}
