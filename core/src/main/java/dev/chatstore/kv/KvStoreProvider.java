package dev.chatstore.kv;

/**
 * Opens a {@link KvStore} for one URI scheme. Backends register an implementation with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.chatstore.kv.KvStoreProvider}
 * file) and {@code ChatStore.open(uri)} picks the provider whose {@link #scheme()} matches.
 */
public interface KvStoreProvider {

  /** The URI scheme this provider opens, lower case, without the colon (e.g. {@code sqlite}). */
  String scheme();

  /** One line describing the URI grammar, shown when a URI is wrong. */
  String uriSyntax();

  /**
   * Opens the store that {@code uri} names.
   *
   * @param uri the whole URI, scheme included
   * @param options how the store runs (clock, writer queue); backends may ignore what they
   *     do not use
   * @throws IllegalArgumentException when the URI is malformed, naming the bad part
   * @throws StoreException when the store cannot be opened
   */
  KvStore open(String uri, StoreOptions options);
}
