/**
 * chatstore: the storage layer for messaging clients, bots and nodes on the JVM.
 * {@link dev.chatstore.ChatStore} opens a store from a URI and hands out tenants.
 *
 * <pre>
 *   domain stores     (written once, on the keyspace)
 *   keyspace          tenants and areas, feature filling   dev.chatstore.keyspace
 *   tuple keys        order-preserving codec, subspaces    dev.chatstore.tuple
 *   SPI               ordered byte key-value store         dev.chatstore.kv
 *   backends          memory, sqlite, ...
 * </pre>
 */
package dev.chatstore;
