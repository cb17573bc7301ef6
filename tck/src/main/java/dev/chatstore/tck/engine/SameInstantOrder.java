package dev.chatstore.tck.engine;

/**
 * The order in which an engine lists keys modified in the same instant (of the clock it was
 * given), as the engine documents it. Either way the order must be the same on every call.
 */
public enum SameInstantOrder {
  /**
   * Newest modification first even within one instant: keys set one after another come last
   * set first ({@link dev.chatstore.engine.KvEngine}).
   */
  MODIFICATION_ORDER_NEWEST_FIRST,
  /** Keys of one instant come in ascending key order. */
  KEY_ASCENDING
}
