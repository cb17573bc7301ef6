/**
 * The SPI every chatstore backend implements: {@link dev.chatstore.kv.KvStore}, an ordered map
 * of byte keys to byte values compared as unsigned bytes, with multi-gets, paged range scans in
 * both directions, counts, atomic write batches (puts with optional expiry, deletes, range
 * deletes, checks) and declared {@link dev.chatstore.kv.KvFeature features}.
 *
 * <p>Backends extend {@link dev.chatstore.kv.AbstractKvStore}, which validates every call, runs
 * the single writer with group commit and sweeps expired entries, and register a
 * {@link dev.chatstore.kv.KvStoreProvider} for their URI scheme. The conformance kit
 * ({@code chatstore-tck}) proves a backend keeps the contract.
 */
package dev.chatstore.kv;
