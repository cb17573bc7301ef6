package dev.chatstore.keyspace;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of every chatstore: tenants, each split into {@link Area areas}, on one
 * {@link KvStore}.
 *
 * <pre>
 * (0, ...)                           system records
 * (1, tenant-id, area-tag, ...)      tenant data, see {@link Area}
 * </pre>
 * Keys are {@link Tuple} packings, so a tenant's keys all start with the packing of
 * {@code (1, tenant-id)} followed by an area tag, and no tenant's keys can fall inside another
 * tenant's range whatever bytes the ids hold (a string is terminated, and a tag never starts
 * with the escape byte 0xFF). Dropping a tenant is one range delete. Thread-safe.
 */
public final class Keyspace {
  /** Root tag of system records. */
  public static final int SYSTEM_TAG = 0;
  /** Root tag of tenant data. */
  public static final int TENANTS_TAG = 1;
  /** Longest tenant id, in chars. */
  public static final int MAX_TENANT_ID_LENGTH = 256;

  private static final Subspace TENANTS = Subspace.of(TENANTS_TAG);
  private static final Subspace SYSTEM = Subspace.of(SYSTEM_TAG);

  private final KvStore store;

  /**
   * The keyspace on {@code store}. The store should have every feature of
   * {@link Features#FILLABLE} ({@link Features#fill} gives one).
   */
  public Keyspace(KvStore store) {
    this.store = Features.fill(store);
  }

  /** The store underneath (with every fillable feature). */
  public KvStore store() {
    return store;
  }

  /** A view of tenant {@code id}; creating it writes nothing. */
  public Tenant tenant(String id) {
    return new Tenant(this, checkTenantId(id));
  }

  /** The system records, as a store confined to their subspace. */
  public KvStore system() {
    return new ScopedKvStore(store, SYSTEM.prefix(), store.name() + " system");
  }

  /** The ids of every tenant holding at least one key, in key order. */
  public List<String> tenants() {
    List<String> ids = new ArrayList<>();
    KeyRange rest = TENANTS.range();
    while (rest != null) {
      ScanPage page = store.scan(rest, Direction.ASCENDING, 1);
      if (page.entries().isEmpty()) {
        break;
      }
      String id = tenantIdOf(page.entries().get(0).key());
      ids.add(id);
      byte[] next = tenantSubspace(id).range().end();
      rest = new KeyRange(next, TENANTS.range().end());
    }
    return ids;
  }

  /** Removes every key of tenant {@code id} in one atomic range delete. */
  public void dropTenant(String id) {
    store.write(WriteBatch.builder().deleteRange(tenantSubspace(checkTenantId(id)).range()).build());
  }

  /**
   * The tenant id at the start of a tenant key. Only the id element is decoded: what follows it
   * holds raw bytes of the tenant's areas, which are not a tuple.
   */
  private static String tenantIdOf(byte[] key) {
    int start = TENANTS.prefix().length;
    int i = start + 1; // after the string type code
    while (i < key.length) {
      if (key[i] == 0 && (i + 1 >= key.length || key[i + 1] != (byte) 0xFF)) {
        return Tuple.unpack(key, start, i + 1 - start).getString(0);
      }
      i += key[i] == 0 ? 2 : 1;
    }
    throw new IllegalArgumentException("key " + dev.chatstore.kv.Bytes.show(key)
        + " holds no terminated tenant id after the tenants prefix");
  }

  static Subspace tenantSubspace(String id) {
    return TENANTS.subspace(id);
  }

  ScopedKvStore scoped(byte[] prefix, String name) {
    return new ScopedKvStore(store, prefix, name);
  }

  private static String checkTenantId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("tenant id must not be empty, got "
          + (id == null ? "null" : "\"\""));
    }
    if (id.length() > MAX_TENANT_ID_LENGTH) {
      throw new IllegalArgumentException("tenant id of " + id.length()
          + " chars exceeds the limit of " + MAX_TENANT_ID_LENGTH + " chars");
    }
    Tuple.of(id).pack(); // refuses strings that are not valid Unicode, naming the bad char
    return id;
  }
}
