package dev.chatstore.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The message index of the specification's chats over an {@link Engine}: the operations of the
 * original {@code Message} class on {@code chat/{cid}/messages} — append, a newest-first page,
 * count, latest, remove one message, remove a chat.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Order.</b> Pages are {@link MessageRef#NEWEST_FIRST}: by timestamp, newest first,
 *       then by id — never by arrival.</li>
 *   <li><b>One entry per id.</b> Appending an id the index already holds keeps one entry
 *       (redelivery is normal): with the same timestamp nothing changes; with another one the
 *       entry moves to the new timestamp.</li>
 *   <li><b>Concurrency.</b> Appends and removals from many threads on one chat lose nothing:
 *       100 concurrent appends of distinct ids leave 100 entries.</li>
 *   <li><b>Documents.</b> The index lists ids; the documents of a message live under
 *       {@code chat/{cid}/message/{id}/} and are written by the caller through the engine.
 *       {@link #load} joins a page with the {@code index} documents; a missing document yields
 *       an entry with a {@code null} {@link MessageDoc#index()}, never a shorter page.</li>
 *   <li><b>Compatibility.</b> Whatever the implementation, {@code engine.get(chatMessages(cid))}
 *       returns the specification's text: one {@code "TS ID\n"} line per entry, newest first
 *       (the empty string once every entry is removed; {@code null} before the first append),
 *       and a text written there with {@code engine.set} is what the index holds.</li>
 *   <li><b>Arguments.</b> A chat id is one key segment ({@link EngineKeys#segment}); a message
 *       id is checked by {@link MessageRef#checkId}; offsets are at least 0 and limits from 1 to
 *       {@link EngineKeys#MAX_LIST_LIMIT}. A bad argument is an {@link IllegalArgumentException}
 *       naming it, and changes nothing.</li>
 * </ul>
 * Implementations are thread-safe. {@link #on(Engine)} picks the right one: on a
 * {@link KvEngine}, an ordered index in the keyspace (append, remove and count cost
 * O(log n), a page O(log n + offset + limit), whatever the size of the chat); on any other engine,
 * {@link TextIndexMessages}, which keeps the text document itself (every operation reads and
 * rewrites it: O(n)).
 */
public interface Messages {
  /** The most bytes of UTF-8 in a message id. */
  int MAX_ID_BYTES = 256;

  /**
   * The message index over {@code engine}: the ordered one of a {@link KvEngine}, the text one
   * ({@link TextIndexMessages}) on any other engine.
   *
   * @throws IllegalArgumentException when {@code engine} is null
   */
  static Messages on(Engine engine) {
    if (engine == null) {
      throw new IllegalArgumentException("engine must not be null");
    }
    return engine instanceof KvEngine kv ? new KvMessages(kv) : new TextIndexMessages(engine);
  }

  /** The engine this index works on. */
  Engine engine();

  /**
   * Adds {@code (timestamp, id)} to chat {@code cid}'s index, creating the index when absent.
   *
   * @return {@code true} when the id was new to the index, {@code false} when the index already
   *     held it (the entry then has the given timestamp)
   * @throws IllegalArgumentException when {@code cid}, {@code timestamp} or {@code id} is invalid
   */
  boolean append(String cid, long timestamp, String id);

  /**
   * Up to {@code limit} entries of chat {@code cid}, newest first, skipping the first
   * {@code offset}; empty for a chat without an index.
   *
   * @throws IllegalArgumentException when an argument is invalid
   */
  List<MessageRef> page(String cid, int offset, int limit);

  /**
   * A page with each entry's {@code chat/{cid}/message/{id}/index} document, which is
   * {@code null} when absent: the page has exactly the entries of {@link #page}.
   *
   * @throws IllegalArgumentException when an argument is invalid
   */
  default List<MessageDoc> load(String cid, int offset, int limit) {
    List<MessageRef> refs = page(cid, offset, limit);
    List<MessageDoc> out = new ArrayList<>(refs.size());
    for (MessageRef r : refs) {
      out.add(new MessageDoc(r, engine().get(EngineKeys.messageIndex(cid, r.id()))));
    }
    return out;
  }

  /**
   * The number of entries of chat {@code cid}'s index (0 without an index).
   *
   * @throws IllegalArgumentException when {@code cid} is invalid
   */
  long count(String cid);

  /**
   * The newest entry of chat {@code cid}, or empty.
   *
   * @throws IllegalArgumentException when {@code cid} is invalid
   */
  Optional<MessageRef> latest(String cid);

  /**
   * Removes message {@code id} of chat {@code cid}: its index line and every document under
   * {@code chat/{cid}/message/{id}} (never those of another id such as {@code id + "0"}), in one
   * atomic step where the engine's {@link Engine#setBatch} is atomic.
   *
   * @return whether the index held the id
   * @throws IllegalArgumentException when {@code cid} or {@code id} is invalid
   */
  boolean remove(String cid, String id);

  /**
   * Removes chat {@code cid} whole: {@code engine.set("chat/{cid}", null)}, which takes the
   * chat's data, its index and every message document, and never another chat's.
   *
   * @throws IllegalArgumentException when {@code cid} is invalid
   */
  void removeChat(String cid);
}
