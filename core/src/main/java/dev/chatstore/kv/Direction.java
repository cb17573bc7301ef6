package dev.chatstore.kv;

/** The order of a scan. */
public enum Direction {
  /** Smallest key first. */
  ASCENDING,
  /** Largest key first; needs {@link KvFeature#REVERSE_SCAN}. */
  DESCENDING
}
