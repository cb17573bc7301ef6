/**
 * Per-tenant persistency: {@link dev.chatstore.jobs.Persistency} manages
 * {@link dev.chatstore.jobs.Job jobs}, each with a store and a writer of its own, fire-and-forget
 * writes whose futures complete on commit, and asynchronous reads (get, exists, scan, scan by
 * prefix, count, acknowledged delete) over {@link dev.chatstore.tuple.Tuple} keys grouped in
 * categories.
 *
 * <pre>
 * ROOT/                       one folder per Persistency
 *  └─ job-id/                 one store per job (SQLite: chatstore.db; RocksDB: its files)
 *      (1, job-id, JOBS,      the job's tenant area of that store
 *         category, key...)   → payload
 * </pre>
 */
package dev.chatstore.jobs;
