/**
 * Encryption at rest: the values of chosen areas of every tenant (by default
 * {@link dev.chatstore.keyspace.Area#CREDENTIALS} and {@link dev.chatstore.keyspace.Area#SIGNAL})
 * sealed with AES-256-GCM under keys from a {@link dev.chatstore.crypto.KeyProvider}.
 *
 * <pre>{@code
 * EncryptionConfig enc = EncryptionConfig.of(KeyProvider.fromFile(Path.of("chatstore.keys")));
 * try (ChatStore store = ChatStore.open("sqlite:./chatstore-data", StoreOptions.defaults(), enc)) {
 *   store.tenant("alice").area(Area.CREDENTIALS).put(key, secret); // sealed on disk
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Each value records the id of the key that sealed it and is bound to the key it is stored
 *       under (the stored key is authenticated data): a value copied to another key, altered or
 *       truncated fails to open.</li>
 *   <li>A missing or wrong key is an {@link dev.chatstore.crypto.EncryptionException} naming the
 *       record and the key id, never other bytes and never absence.</li>
 *   <li>Rotation is online: new writes use the provider's current key, old values keep opening
 *       with their key, and {@link dev.chatstore.crypto.EncryptingKvStore#rekey} (the
 *       {@code chatstore rekey} command) re-seals them, plaintext written before encryption was
 *       enabled included.</li>
 * </ul>
 * The envelope format is drawn on {@code Envelope}; the per-area markers among the system
 * records, {@code (0, "encryption", area-tag)}, on {@link dev.chatstore.crypto.EncryptingKvStore}.
 * Keys, counts and order are not hidden: only values are encrypted. GCM nonces are random (96
 * bits): rotate a key well before it has sealed 2^32 values.
 */
package dev.chatstore.crypto;
