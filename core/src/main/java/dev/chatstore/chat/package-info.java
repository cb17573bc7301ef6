/**
 * The chat database ({@link dev.chatstore.chat.ChatDb}): messages keyed by chat and hybrid
 * logical clock ({@link dev.chatstore.chat.Hlc}), deduplication by message id, chat metadata, a
 * newest-first inbox per user with unread counts computed from read progress, a membership CRDT
 * ({@link dev.chatstore.chat.MemberInfo}), last-writer-wins identity blobs, Merkle trees for
 * anti-entropy sync ({@link dev.chatstore.chat.MerkleTree}) and retention.
 *
 * <p>It lives in the {@code CHAT} area of a tenant and is written once against the keyspace, so
 * it runs on every backend. Its keys inside the area:
 *
 * <pre>
 * (1, chat, hlc, seq)        messages             CBOR record
 * (2, msg_id)                seen index           message key [chat:32][hlc:8][seq:4]
 * (3, chat)                  chat meta            CBOR record
 * (4, user, ~hlc, chat)      user inbox           empty (newest first)
 * (5, user, chat)            inbox position       hlc of the user's one entry for the chat
 * (6, chat, user)            members              CBOR record (CRDT)
 * (7, user, chat)            read progress        u32
 * (8, user)                  identity             [hlc:8][blob]
 * (9, record_id)             member sync index    [chat:32][user:20]
 * (10, record_id)            identity sync index  [user:20]
 * (11, domain, bucket)       Merkle leaves        XOR of the bucket's ids
 * </pre>
 */
package dev.chatstore.chat;
