package dev.chatstore.memory;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;

/**
 * Opens {@link MemoryKvStore}s for the URI {@code memory:} (nothing after the colon). Every
 * open gives a new, empty store.
 */
public final class MemoryKvStoreProvider implements KvStoreProvider {
  /** The URI scheme. */
  public static final String SCHEME = "memory";

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String uriSyntax() {
    return "memory: (a new empty store in memory; nothing is kept after close)";
  }

  @Override
  public KvStore open(String uri, StoreOptions options) {
    String rest = uri.substring(uri.indexOf(':') + 1);
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException("memory URI takes nothing after 'memory:', got '" + uri
          + "'");
    }
    return new MemoryKvStore(options);
  }
}
