/**
 * The conformance suite of the specification-001 stores ({@link dev.chatstore.signal.Backend}):
 * subclass {@link dev.chatstore.tck.signal.BackendConformanceSuite} once per backend.
 */
package dev.chatstore.tck.signal;
