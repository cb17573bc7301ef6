package dev.chatstore.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The path-key document engine of the specification: JSON (or any) text stored under
 * {@code /}-separated path keys, with cascade delete and newest-first listing.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #get} returns the stored text, or {@code null} when the key is absent.</li>
 *   <li>{@link #set} with a text creates or replaces the key; with {@code null} it deletes the
 *       key and every key starting with {@code key + "/"} (cascade delete) — never a sibling
 *       such as {@code key2} or {@code key2/x}. Deleting an absent key is a no-op. Only
 *       {@code null} deletes: {@code ""} is a value and is stored.</li>
 *   <li>{@link #list} returns the keys that start with {@code prefix} (a plain string prefix),
 *       newest modification first.</li>
 *   <li>A key is a non-empty {@code /}-separated path of non-empty segments; {@code .} and
 *       {@code ..} segments, NUL and other control characters, and keys over the documented
 *       length are refused with an {@link IllegalArgumentException} naming the key.</li>
 *   <li>Calls block and are thread-safe. Failures of the store are
 *       {@link dev.chatstore.kv.StoreException}s.</li>
 * </ul>
 */
public interface Engine {

  /** The text stored under {@code key}, or {@code null} when absent. */
  String get(String key);

  /** Stores {@code value} under {@code key}; {@code null} deletes the key and its sub-keys. */
  void set(String key, String value);

  /** Up to {@code limit} keys starting with {@code prefix}, newest first, skipping {@code offset}. */
  List<String> list(String prefix, int offset, int limit);

  /** {@code list(prefix, 0, 50)}. */
  default List<String> list(String prefix) {
    return list(prefix, 0, 50);
  }

  /**
   * Applies every entry atomically, in order: a {@code null} value cascade-deletes as
   * {@link #set} does. All or nothing.
   */
  void setBatch(List<Map.Entry<String, String>> entries);

  /** Stores {@code value} under {@code key} until {@code ttl} has passed; gone for every reader after. */
  void setTtl(String key, String value, Duration ttl);

  /** Deletes every key starting with {@code prefix} (plain string prefix); returns how many. */
  long deletePrefix(String prefix);
}
