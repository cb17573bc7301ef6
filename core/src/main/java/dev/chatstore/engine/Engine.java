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
 *   <li>{@link #list} returns the keys that start with {@code prefix} (a plain string prefix:
 *       no character is a wildcard, so {@code list("a%")} never returns {@code ab}), newest
 *       modification first. Each implementation documents the order of keys modified in the same
 *       instant, and that order is deterministic.</li>
 *   <li>A key is a non-empty {@code /}-separated path of non-empty segments of at most
 *       {@link EngineKeys#MAX_KEY_BYTES} bytes of UTF-8; {@code .} and {@code ..} segments,
 *       NUL and other control characters ({@link Character#isISOControl}) and unpaired
 *       surrogates are refused with an {@link IllegalArgumentException} naming the key, by every
 *       method that takes a key ({@link EngineKeys#checkKey}). Any other character is allowed,
 *       non-ASCII included. A prefix (of {@link #list} and {@link #deletePrefix}) is any string:
 *       one that no valid key can start with simply matches nothing.</li>
 *   <li>A value is any well-formed string of at most {@link EngineKeys#MAX_VALUE_BYTES} bytes of
 *       UTF-8 (an implementation may document a lower limit); a longer value or one with an
 *       unpaired surrogate is refused with an {@link IllegalArgumentException} naming the key.</li>
 *   <li>Calls block and are thread-safe. Failures of the storage underneath are
 *       {@link dev.chatstore.kv.StoreException}s. No method accepts {@code null} where it is not
 *       documented as meaningful ({@code set}'s value); such a call throws
 *       {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <p>Implementations: {@link KvEngine} on any {@link dev.chatstore.kv.KvStore} (so on every
 * backend of chatstore), and the file engine of the {@code chatstore-files} module. The message
 * index of a chat ({@code chat/{jid}/messages}) is best kept through {@link Messages}.
 */
public interface Engine {

  /**
   * The text stored under {@code key}.
   *
   * @return the text, or {@code null} when the key is absent (or expired)
   * @throws IllegalArgumentException when {@code key} is not a valid key
   */
  String get(String key);

  /**
   * Stores {@code value} under {@code key}, replacing any value it had; {@code null} deletes the
   * key and every key under {@code key + "/"} instead (and is a no-op when there is none).
   *
   * @throws IllegalArgumentException when {@code key} is not a valid key or {@code value} is too
   *     long or not well-formed
   */
  void set(String key, String value);

  /**
   * Up to {@code limit} keys starting with {@code prefix}, newest modification first, skipping
   * the first {@code offset}.
   *
   * @param prefix a plain string prefix; {@code ""} matches every key
   * @param offset how many matching keys to skip, at least 0
   * @param limit the most keys returned, from 1 to {@link EngineKeys#MAX_LIST_LIMIT}
   * @throws IllegalArgumentException when {@code prefix} is null or {@code offset} or
   *     {@code limit} is out of range
   */
  List<String> list(String prefix, int offset, int limit);

  /**
   * {@code list(prefix, 0, 50)}.
   *
   * @throws IllegalArgumentException when {@code prefix} is null
   */
  default List<String> list(String prefix) {
    return list(prefix, 0, 50);
  }

  /**
   * Applies every entry, in order, as {@link #set} would: a {@code null} value cascade-deletes.
   * All or nothing: when one entry is invalid, nothing is changed.
   *
   * @param entries the entries; a later entry for the same key wins; the list and its entries
   *     must not be null (their values may)
   * @throws IllegalArgumentException when an entry is invalid (nothing is changed), naming it
   */
  void setBatch(List<Map.Entry<String, String>> entries);

  /**
   * Stores {@code value} under {@code key} until {@code ttl} has passed: from that instant on the
   * key is gone for every reader ({@link #get}, {@link #list}, {@link #deletePrefix} counts).
   * A later {@link #set} of the key makes it permanent again.
   *
   * @param ttl a positive duration
   * @throws IllegalArgumentException when {@code key} or {@code value} is invalid, {@code value}
   *     is null, or {@code ttl} is null, zero or negative
   * @throws UnsupportedOperationException when the implementation has no expiry (it documents so)
   */
  void setTtl(String key, String value, Duration ttl);

  /**
   * Deletes every key starting with {@code prefix} (a plain string prefix; {@code ""} deletes
   * everything of this engine).
   *
   * @return how many keys it removed (0 when none matched)
   * @throws IllegalArgumentException when {@code prefix} is null
   */
  long deletePrefix(String prefix);
}
