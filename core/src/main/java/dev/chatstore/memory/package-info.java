/**
 * The in-memory reference backend ({@code memory:}): the contract of
 * {@link dev.chatstore.kv.KvStore} in its simplest correct form, used by tests that need no disk.
 */
package dev.chatstore.memory;
