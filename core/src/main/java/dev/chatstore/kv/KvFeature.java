package dev.chatstore.kv;

/**
 * What a {@link KvStore} does natively. A store declares its features in
 * {@link KvStore#features()}; a call that needs an undeclared feature throws
 * {@link UnsupportedFeatureException} and changes nothing. The keyspace layer
 * ({@link dev.chatstore.keyspace.Features#fill(KvStore)}) fills the gaps once for every
 * backend, so domain stores can rely on all of them.
 */
public enum KvFeature {
  /** Puts may carry an expiry instant; expired entries are invisible and swept. */
  TTL("puts with an expiry instant"),
  /** Write batches may hold range deletes. */
  RANGE_DELETE("range deletes in a write batch"),
  /** Scans may run in descending key order. */
  REVERSE_SCAN("descending scans"),
  /** Acknowledged writes survive closing and reopening the store. Not emulated. */
  PERSISTENT("durable storage across close and reopen");

  private final String description;

  KvFeature(String description) {
    this.description = description;
  }

  /** A short human description, used in error messages. */
  public String description() {
    return description;
  }
}
