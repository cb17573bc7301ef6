package dev.chatstore.rocksdb;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link RocksDbKvStore}s for {@code rocksdb:} URIs; registered with
 * {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}. The grammar is described on
 * {@link RocksDbUri}, the parameters on {@link RocksDbOptions}. Stateless and thread-safe.
 */
public final class RocksDbKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = RocksDbUri.SCHEME;

  /** A provider; stateless. */
  public RocksDbKvStoreProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return RocksDbUri.SYNTAX;
  }

  /**
   * Opens the store {@code uri} names, creating it when missing.
   *
   * @throws IllegalArgumentException when the URI is malformed ({@link RocksDbUri#parse}) or
   *     {@code options} is null
   * @throws dev.chatstore.kv.StoreException when the database cannot be opened (see
   *     {@link RocksDbKvStore#open(java.nio.file.Path, RocksDbOptions, StoreOptions)})
   */
  @Override
  public KvStore open(String uri, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return RocksDbKvStore.open(RocksDbUri.parse(uri), options);
  }
}
