/**
 * The path-key document engine of the specification (spec 000): {@link dev.chatstore.engine.Engine}
 * — JSON (or any) text under {@code /}-separated keys, cascade delete, newest-first listing,
 * batches, expiry and prefix deletes — and the message index of its chats,
 * {@link dev.chatstore.engine.Messages}.
 *
 * <ul>
 *   <li>{@link dev.chatstore.engine.KvEngine} runs the engine on any
 *       {@link dev.chatstore.kv.KvStore}, so on every backend, one engine per session
 *       ({@code KvEngine.of(chatStore, session)}), with a recency index kept in the same atomic
 *       write as each document.</li>
 *   <li>{@link dev.chatstore.engine.EngineKeys} holds the key layout of the specification
 *       ({@code session/…}, {@code contact/{jid}/index}, {@code chat/{jid}/index},
 *       {@code chat/{jid}/messages}, {@code chat/{cid}/message/{id}/…}, {@code lid/{lid}}) and
 *       the key rules every engine enforces.</li>
 *   <li>{@link dev.chatstore.engine.Messages#on} gives the message index of an engine: an ordered
 *       structure with O(log n) operations on a {@code KvEngine},
 *       {@link dev.chatstore.engine.TextIndexMessages} (the text document itself) elsewhere.</li>
 * </ul>
 * The conformance suite of the contract is {@code dev.chatstore.tck.engine.EngineConformanceSuite}
 * in {@code chatstore-tck}.
 */
package dev.chatstore.engine;
