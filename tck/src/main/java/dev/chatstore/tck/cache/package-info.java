/**
 * The conformance kit of {@link dev.chatstore.cache.CacheStore}: subclass
 * {@link dev.chatstore.tck.cache.CacheStoreConformanceSuite} once per implementation to run the
 * cache contract, and {@link dev.chatstore.cache.TypedCache} over it, on it.
 */
package dev.chatstore.tck.cache;
