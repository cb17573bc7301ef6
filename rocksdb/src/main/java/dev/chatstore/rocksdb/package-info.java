/**
 * The RocksDB backend of chatstore: a {@link dev.chatstore.kv.KvStore} in one RocksDB database
 * directory ({@code rocksdb:} URIs), through rocksdbjni and its bundled native library, for
 * nodes and bots whose write load outgrows the embedded SQLite default.
 *
 * <ul>
 *   <li>{@link dev.chatstore.rocksdb.RocksDbKvStore} — the store: one atomic RocksDB
 *       {@code WriteBatch} per group commit of {@link dev.chatstore.kv.AbstractKvStore}'s writer
 *       thread, snapshot multi-gets, bounded iterators, range tombstones, expiry in a value
 *       header with an expiry index for the sweeper; features TTL, RANGE_DELETE, REVERSE_SCAN
 *       and PERSISTENT.</li>
 *   <li>{@link dev.chatstore.rocksdb.RocksDbUri} — the URI grammar
 *       {@code rocksdb:PATH[?param=value&...]} (also {@code rocksdb://relative} and
 *       {@code rocksdb:///absolute}); PATH is the database directory.</li>
 *   <li>{@link dev.chatstore.rocksdb.RocksDbOptions} — the parameters {@code sync},
 *       {@code blockCacheMb}, {@code writeBufferMb}, {@code bloomBitsPerKey},
 *       {@code compression} and {@code backgroundJobs}, with their defaults.</li>
 *   <li>{@link dev.chatstore.rocksdb.RocksDbKvStoreProvider} — the
 *       {@link dev.chatstore.kv.KvStoreProvider} for the scheme {@code rocksdb}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (RocksDbKvStore store = RocksDbKvStore.open(Path.of("chatdb-data"))) {
 *   store.put(key, value);
 *   byte[] v = store.get(key);
 * }
 * // or, with the keyspace on top:  ChatStore.open("rocksdb:./chatdb-data?blockCacheMb=512")
 * }</pre>
 */
package dev.chatstore.rocksdb;
