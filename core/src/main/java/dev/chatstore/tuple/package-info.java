/**
 * Order-preserving tuple keys, in the style of FoundationDB's tuple layer.
 *
 * <p>A {@link dev.chatstore.tuple.Tuple} is an immutable list of typed elements (null, byte
 * strings, strings, 64-bit integers, booleans, UUIDs and nested tuples) that {@linkplain
 * dev.chatstore.tuple.Tuple#pack() packs} into a byte key. Packing preserves order: comparing
 * two packings as unsigned bytes, which is how every {@code KvStore} orders keys, agrees with
 * {@link dev.chatstore.tuple.Tuple#compareTo} on the tuples. So a store can scan
 * {@code ("chat", chatId, messageSeq)} keys in message order, and every tuple's extensions lie
 * in one contiguous {@linkplain dev.chatstore.tuple.Tuple#range() range}.
 * A {@link dev.chatstore.tuple.Subspace} is a key prefix made from a tuple, used to give each
 * tenant, table or index its own region of the keyspace.
 *
 * <h2>Encoding</h2>
 *
 * <table>
 *   <caption>Element encodings, in type order</caption>
 *   <tr><th>Type</th><th>Code</th><th>Body</th></tr>
 *   <tr><td>null</td><td>{@code 00}</td><td>none; {@code 00 FF} inside a nested tuple</td></tr>
 *   <tr><td>byte string</td><td>{@code 01}</td><td>bytes, {@code 00} escaped as
 *       {@code 00 FF}, then terminator {@code 00}</td></tr>
 *   <tr><td>string</td><td>{@code 02}</td><td>UTF-8, escaped and terminated the same way</td>
 *   </tr>
 *   <tr><td>nested tuple</td><td>{@code 05}</td><td>elements, then terminator {@code 00}</td>
 *   </tr>
 *   <tr><td>integer</td><td>{@code 0C..1C}</td><td>{@code 14} for zero; {@code 14+len} and
 *       {@code len} big-endian bytes for positive; {@code 14-len} and the one's complement
 *       for negative; shortest {@code len}</td></tr>
 *   <tr><td>false</td><td>{@code 26}</td><td>none</td></tr>
 *   <tr><td>true</td><td>{@code 27}</td><td>none</td></tr>
 *   <tr><td>UUID</td><td>{@code 30}</td><td>16 bytes, big-endian</td></tr>
 * </table>
 *
 * <p>Examples: {@code 0 -> 14}, {@code 1 -> 15 01}, {@code -1 -> 13 FE}, {@code 256 -> 16 01
 * 00}, {@code -256 -> 12 FE FF}, {@code "a\0" -> 02 61 00 FF 00}, {@code (null) nested -> 05 00
 * FF 00}.
 *
 * <p>Every tuple has exactly one packing and decoding is strict: a byte array that is not the
 * packing of a tuple is rejected with an {@link java.lang.IllegalArgumentException} naming the
 * offset and what was expected. Strings order by Unicode code point and UUIDs by their unsigned
 * bytes, unlike {@link java.lang.String#compareTo} and {@link java.util.UUID#compareTo}.
 *
 * <p>All types of this package are immutable and thread-safe.
 */
package dev.chatstore.tuple;
