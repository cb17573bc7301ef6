package dev.chatstore.keyspace;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvStore;
import dev.chatstore.tuple.Subspace;
import java.util.EnumMap;
import java.util.Map;

/**
 * One tenant (an account, a device, a job) of a {@link Keyspace}: a view that can reach only
 * its own keys. Obtained from {@code ChatStore.tenant(id)} or {@link Keyspace#tenant(String)};
 * cheap to create, immutable and thread-safe.
 */
public final class Tenant {
  private final Keyspace keyspace;
  private final String id;
  private final Subspace subspace;

  Tenant(Keyspace keyspace, String id) {
    this.keyspace = keyspace;
    this.id = id;
    this.subspace = Keyspace.tenantSubspace(id);
  }

  /** The tenant id. */
  public String id() {
    return id;
  }

  /** The subspace of all the tenant's keys. */
  public Subspace subspace() {
    return subspace;
  }

  /** The subspace of one area of the tenant. */
  public Subspace subspace(Area area) {
    return subspace.subspace(area.tag());
  }

  /**
   * The tenant's {@code area} as a {@link KvStore} whose keys are relative to the area: no call
   * through it reaches a key outside. Closing the view does nothing.
   */
  public KvStore area(Area area) {
    return keyspace.scoped(subspace(area).prefix(), keyspace.store().name() + " tenant '" + id
        + "' " + area);
  }

  /** The number of keys in each non-empty area of the tenant. */
  public Map<Area, Long> counts() {
    Map<Area, Long> out = new EnumMap<>(Area.class);
    for (Area a : Area.values()) {
      long n = keyspace.store().count(KeyRange.prefix(subspace(a).prefix()));
      if (n > 0) {
        out.put(a, n);
      }
    }
    return out;
  }

  /** Removes every key of the tenant, in one atomic range delete. */
  public void drop() {
    keyspace.dropTenant(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tenant t && t.keyspace == keyspace && t.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "tenant '" + id + "'";
  }
}
