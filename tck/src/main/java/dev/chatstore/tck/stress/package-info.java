/**
 * Load that checks invariants: {@link dev.chatstore.tck.stress.StressContract}, part of the
 * conformance suite, mixes every operation from many threads for a bounded time
 * ({@code -Dchatstore.stress.seconds}, default 2); {@link dev.chatstore.tck.stress.FaultLoad}
 * keeps writers and readers busy while a test stops and restarts a server, and names every
 * acknowledged write that was lost.
 */
package dev.chatstore.tck.stress;
