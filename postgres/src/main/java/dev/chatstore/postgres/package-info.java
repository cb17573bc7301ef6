/**
 * The PostgreSQL backend of chatstore: a {@link dev.chatstore.kv.KvStore} in one table of a
 * PostgreSQL database ({@code postgresql://} and {@code postgres://} URIs), through pgjdbc and a
 * HikariCP pool, for deployments where several application nodes share one store.
 *
 * <ul>
 *   <li>{@link dev.chatstore.postgres.PostgresKvStore} — the store: {@code bytea} keys in
 *       primary-key order, expiry as a column decided by the store's clock, group commit as one
 *       transaction with bulk {@code unnest} upserts, checks that lock what they read so they
 *       hold across processes, retries with backoff and recovery after a lost server; features
 *       TTL, RANGE_DELETE, REVERSE_SCAN and PERSISTENT.</li>
 *   <li>{@link dev.chatstore.postgres.PostgresUri} — the URI grammar
 *       {@code postgresql://[user[:password]@]host[:port]/database[?param=value&...]}.</li>
 *   <li>{@link dev.chatstore.postgres.PostgresOptions} — the parameters {@code table},
 *       {@code poolSize}, {@code connectTimeoutMs}, {@code socketTimeoutMs},
 *       {@code retryTimeoutMs}, {@code retryBackoffMs} and {@code sslmode}, with defaults.</li>
 *   <li>{@link dev.chatstore.postgres.PostgresKvStoreProvider} and
 *       {@link dev.chatstore.postgres.PostgresAliasKvStoreProvider} — the
 *       {@link dev.chatstore.kv.KvStoreProvider}s of the schemes {@code postgresql} and
 *       {@code postgres}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ChatStore store = ChatStore.open("postgresql://bot:secret@db:5432/chat?table=bot_kv")) {
 *   store.tenant("alice").area(Area.CREDENTIALS).put(key, value);
 * }
 * }</pre>
 *
 * <h2>Tenants in one table</h2>
 * Many tenants share one table: a tenant is a key prefix (see
 * {@link dev.chatstore.keyspace.Keyspace}: the packing of {@code (1, tenant-id)}, that is the bytes
 * {@code 0x15 0x01 0x02}, the escaped UTF-8 of the id and a terminating {@code 0x00}), so a
 * tenant's entries are one contiguous range of the primary key and dropping a tenant is one
 * {@code DELETE ... WHERE k >= start AND k < end} in one transaction.
 *
 * <h2>Distributing the table by tenant (Citus)</h2>
 * On a sharded PostgreSQL such as Citus, the table can be distributed by tenant so that each
 * tenant's entries live on one shard. This is a sketch of the deployment, <b>not implemented or
 * tested here</b>; the store as it is targets a single PostgreSQL server (or a primary with
 * replicas). The distribution key is the tenant prefix of the key, held in a generated column:
 * <pre>{@code
 * -- the tenant prefix of a key: up to the first 0x00 after the string type code for tenant keys
 * -- (every key of one tenant gives the same value, even for ids containing U+0000), and the
 * -- two-byte root tag for everything else (system records: one shard)
 * CREATE FUNCTION chatstore_tenant(k bytea) RETURNS bytea
 *   LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
 *     SELECT CASE WHEN substr(k, 1, 3) = '\x150102'::bytea
 *                 THEN substr(k, 1, 3 + position('\x00'::bytea IN substr(k, 4)))
 *                 ELSE substr(k, 1, 2) END $$;
 *
 * ALTER TABLE chatstore_kv ADD COLUMN tenant bytea
 *   GENERATED ALWAYS AS (chatstore_tenant(k)) STORED;
 * ALTER TABLE chatstore_kv DROP CONSTRAINT chatstore_kv_pkey, ADD PRIMARY KEY (tenant, k);
 * SELECT create_distributed_table('chatstore_kv', 'tenant');
 * SELECT create_reference_table('chatstore_kv_meta');
 * }</pre>
 * What the store's SQL ({@code PgSql}) would need for that layout, and why it is not done yet:
 * <ul>
 *   <li>Citus allows unique constraints only when they include the distribution column, so the
 *       upserts' {@code ON CONFLICT (k)} must become {@code ON CONFLICT (tenant, k)}, and a
 *       statement can only be routed to one shard when it names the tenant: every statement would
 *       add {@code AND tenant = chatstore_tenant(?)} (a range within one tenant has one tenant
 *       value; a range across tenants fans out to every shard, which is correct but slower).</li>
 *   <li>Citus routes an {@code INSERT} by the distribution column's value, which a generated
 *       column does not carry in the statement; the alternative is a plain {@code tenant} column
 *       that the store computes and writes itself.</li>
 *   <li>A group commit spanning tenants on several shards becomes a distributed transaction
 *       (two-phase commit); row locks, and so the checks, keep working, and Citus detects
 *       distributed deadlocks, which the store retries.</li>
 * </ul>
 */
package dev.chatstore.postgres;
