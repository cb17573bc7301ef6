package dev.chatstore;

import dev.chatstore.crypto.EncryptingKvStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.keyspace.Features;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The entry point of chatstore: opens a store from a URI and hands out its tenants.
 *
 * <pre>{@code
 * try (ChatStore store = ChatStore.open("sqlite:./chatstore-data")) {
 *   KvStore creds = store.tenant("alice").area(Area.CREDENTIALS);
 *   creds.put(Tuple.of("noise-key").pack(), noiseKey);
 * }
 * }</pre>
 *
 * <p>The backend is chosen by the URI scheme among the {@link KvStoreProvider}s found with
 * {@link ServiceLoader}: {@code memory:}, {@code sqlite:PATH} (the embedded default), and the
 * schemes of any other backend module on the class path. Features a backend lacks are emulated
 * ({@link Features}). Thread-safe; close it once, when done.
 */
public final class ChatStore implements AutoCloseable {
  /** The embedded default store: SQLite in {@code ./chatstore-data}. */
  public static final String DEFAULT_URI = "sqlite:./chatstore-data";

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  /** Schemes of backend modules that may simply be missing from the class path. */
  private static final Map<String, String> MODULE_OF = Map.of(
      "sqlite", "chatstore-sqlite",
      "postgresql", "chatstore-postgres",
      "redis", "chatstore-redis",
      "redis-cluster", "chatstore-redis",
      "rocksdb", "chatstore-rocksdb");

  private final String uri;
  private final Keyspace keyspace;

  private ChatStore(String uri, KvStore store) {
    this.uri = uri;
    this.keyspace = new Keyspace(store);
  }

  /** Opens the embedded default store, {@value #DEFAULT_URI}. */
  public static ChatStore open() {
    return open(DEFAULT_URI);
  }

  /** Opens the store that {@code uri} names, with default options. */
  public static ChatStore open(String uri) {
    return open(uri, StoreOptions.defaults());
  }

  /**
   * Opens the store that {@code uri} names.
   *
   * @throws IllegalArgumentException when the URI is malformed or its scheme is unknown (the
   *     message lists the known schemes)
   * @throws dev.chatstore.kv.StoreException when the store cannot be opened
   */
  public static ChatStore open(String uri, StoreOptions options) {
    return open(uri, options, null);
  }

  /**
   * Opens the store that {@code uri} names, with the values of {@code encryption}'s areas
   * encrypted at rest ({@link dev.chatstore.crypto}); {@code null} means no encryption, which is
   * refused for a store holding encrypted areas.
   *
   * @throws IllegalArgumentException as {@link #open(String, StoreOptions)}, and when the store
   *     holds an encrypted area that {@code encryption} leaves out (or is null)
   */
  public static ChatStore open(String uri, StoreOptions options, EncryptionConfig encryption) {
    KvStoreProvider provider = provider(uri);
    return new ChatStore(uri, encrypt(Features.fill(provider.open(uri, options), options),
        encryption));
  }

  /** A chatstore on an already open backend; closing the chatstore closes it. */
  public static ChatStore on(KvStore backend) {
    return on(backend, null);
  }

  /** Like {@link #on(KvStore)}, encrypting as {@link #open(String, StoreOptions, EncryptionConfig)}. */
  public static ChatStore on(KvStore backend, EncryptionConfig encryption) {
    return new ChatStore(backend.name(), encrypt(Features.fill(backend), encryption));
  }

  private static KvStore encrypt(KvStore filled, EncryptionConfig encryption) {
    try {
      if (encryption == null) {
        EncryptingKvStore.requireUnencrypted(filled);
        return filled;
      }
      return EncryptingKvStore.open(filled, encryption);
    } catch (RuntimeException e) {
      filled.close();
      throw e;
    }
  }

  /** The provider for {@code uri}'s scheme. */
  public static KvStoreProvider provider(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("store URI must not be empty; expected scheme:details,"
          + " such as " + DEFAULT_URI);
    }
    int colon = uri.indexOf(':');
    String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("store URI '" + uri + "' has no scheme; expected"
          + " scheme:details with one of the schemes " + providers().keySet());
    }
    Map<String, KvStoreProvider> known = providers();
    KvStoreProvider p = known.get(scheme);
    if (p == null) {
      String hint = MODULE_OF.containsKey(scheme)
          ? " (add the " + MODULE_OF.get(scheme) + " module to the class path)" : "";
      throw new IllegalArgumentException("unknown store URI scheme '" + scheme + "' in '" + uri
          + "'" + hint + "; known schemes: " + describe(known));
    }
    return p;
  }

  /** The backends on the class path, by scheme. */
  public static Map<String, KvStoreProvider> providers() {
    Map<String, KvStoreProvider> out = new TreeMap<>();
    for (KvStoreProvider p : ServiceLoader.load(KvStoreProvider.class)) {
      out.putIfAbsent(p.scheme(), p);
    }
    return out;
  }

  private static String describe(Map<String, KvStoreProvider> known) {
    StringBuilder sb = new StringBuilder();
    for (KvStoreProvider p : known.values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(p.scheme()).append(" (").append(p.uriSyntax())
          .append(')');
    }
    return sb.toString();
  }

  /** The URI this store was opened with. */
  public String uri() {
    return uri;
  }

  /** The tenant {@code id}: a view that reaches only its own keys. */
  public Tenant tenant(String id) {
    return keyspace.tenant(id);
  }

  /** The ids of every tenant holding data. */
  public List<String> tenants() {
    return keyspace.tenants();
  }

  /** Removes tenant {@code id} whole, in one atomic range delete. */
  public void dropTenant(String id) {
    keyspace.dropTenant(id);
  }

  /** The keyspace layout. */
  public Keyspace keyspace() {
    return keyspace;
  }

  /** The ordered key-value store underneath, with every fillable feature. */
  public KvStore kv() {
    return keyspace.store();
  }

  /** Waits for writes in flight and closes the backend. */
  @Override
  public void close() {
    keyspace.store().close();
  }

  @Override
  public String toString() {
    return "ChatStore[" + uri + "]";
  }
}
