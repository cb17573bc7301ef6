package dev.chatstore.postgres;

/**
 * Opens {@link PostgresKvStore}s for {@code postgres://} URIs, the alias of
 * {@code postgresql://} that many tools write; otherwise exactly {@link PostgresKvStoreProvider}.
 * Registered with {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class PostgresAliasKvStoreProvider extends PostgresKvStoreProvider {
  /** The alias URI scheme. */
  public static final String ALIAS_SCHEME = PostgresUri.ALIAS_SCHEME;

  /** A provider; stateless. */
  public PostgresAliasKvStoreProvider() {}

  @Override
  public String scheme() {
    return ALIAS_SCHEME;
  }
}
