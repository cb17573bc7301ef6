/**
 * The keyspace: how chatstore lays out tenants and areas on one ordered key-value store, and
 * the emulation of backend features that a backend lacks ({@link dev.chatstore.keyspace.Features}).
 *
 * <pre>
 * (0, ...)                              system records
 * (1, tenant-id, area-tag, parts...)    a tenant's data
 * </pre>
 * Every domain store works inside one {@link dev.chatstore.keyspace.Area} of a
 * {@link dev.chatstore.keyspace.Tenant}, written once against this layer, so it runs on every
 * backend.
 */
package dev.chatstore.keyspace;
