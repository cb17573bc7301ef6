/**
 * The chatstore dump: a portable, streaming, versioned file holding the entries of a whole store
 * or of one tenant, checked end to end by a SHA-256 digest.
 *
 * <h2>Format, version 1</h2>
 * All integers are big-endian and unsigned unless said otherwise.
 * <pre>
 * header   magic     8 bytes   0x89 'C' 'S' 'D' 'U' 'M' 'P' 0x0A
 *          version   u16       1
 *          flags     u16       0 (reserved: a reader refuses any other value)
 *          scopeLen  u16       0..1024
 *          scope     scopeLen bytes of UTF-8: empty for a whole store, else the tenant id
 * record   tag       u8        0x01
 * (0..n,   keyLen    u16       0..2048 ({@link dev.chatstore.kv.KvLimits#MAX_KEY_BYTES})
 *  keys    key       keyLen bytes: the full store key (tenant prefix included)
 *  strictly valueLen u32       0..4 MiB ({@link dev.chatstore.kv.KvLimits#MAX_VALUE_BYTES})
 *  ascending) value  valueLen bytes
 *          expires   u8        0: no expiry; 1: an expiry follows
 *          expiry    i64       (only when expires = 1) epoch milliseconds, signed
 * trailer  tag       u8        0x00
 *          count     u64       the number of records
 *          sha256    32 bytes  SHA-256 of every byte of the file before it
 * </pre>
 * Nothing may follow the trailer. Records are in strictly ascending unsigned key order, and in
 * a tenant dump every key lies in the tenant's subspace; so a dump is canonical: two dumps of
 * the same entries are byte for byte identical, whatever store they were taken from.
 *
 * <h2>Reading hostile files</h2>
 * {@link dev.chatstore.dump.DumpReader} checks every length against its limit before reading
 * the bytes, and reads them as they arrive, so a forged length costs at most the limit, never
 * more; any deviation (bad magic, unknown version or flag, a length over its limit, keys out of
 * order or outside the scope, a truncated file, a wrong count or digest, bytes after the
 * trailer) is a {@link dev.chatstore.dump.DumpFormatException} naming the byte offset.
 */
package dev.chatstore.dump;
