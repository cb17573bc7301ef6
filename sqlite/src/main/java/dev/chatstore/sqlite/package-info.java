/**
 * The embedded default backend of chatstore: a {@link dev.chatstore.kv.KvStore} in one SQLite
 * database file ({@code sqlite:} URIs), through sqlite-jdbc and its bundled native library.
 *
 * <ul>
 *   <li>{@link dev.chatstore.sqlite.SqliteKvStore} — the store: WAL journal, one writer
 *       connection driven by the group commit of {@link dev.chatstore.kv.AbstractKvStore} (its
 *       writer thread, or a caller that finds the store idle), a checkpoint connection on a
 *       thread of its own, a pool of read connections; features TTL,
 *       RANGE_DELETE, REVERSE_SCAN and PERSISTENT.</li>
 *   <li>{@link dev.chatstore.sqlite.SqliteUri} — the URI grammar
 *       {@code sqlite:PATH[?param=value&...]} (also {@code sqlite://relative} and
 *       {@code sqlite:///absolute}); PATH is a directory holding {@code chatstore.db} or a file
 *       ending in {@code .db}, {@code .sqlite} or {@code .sqlite3}.</li>
 *   <li>{@link dev.chatstore.sqlite.SqliteOptions} — the parameters {@code synchronous},
 *       {@code readers} and {@code busyTimeoutMs}, with their defaults.</li>
 *   <li>{@link dev.chatstore.sqlite.SqliteKvStoreProvider} — the
 *       {@link dev.chatstore.kv.KvStoreProvider} for the scheme {@code sqlite}.</li>
 * </ul>
 *
 * <p>The database is marked with chatstore's {@code PRAGMA application_id} and versioned with
 * {@code PRAGMA user_version}; an older schema is migrated on open in one transaction, a newer or
 * foreign database is refused without being changed.
 *
 * <pre>{@code
 * try (SqliteKvStore store = SqliteKvStore.open(Path.of("data"))) {   // data/chatstore.db
 *   store.put(key, value);
 *   byte[] v = store.get(key);
 * }
 * }</pre>
 */
package dev.chatstore.sqlite;
