/**
 * The conformance kit of the path-key document engine (spec 000):
 * {@link dev.chatstore.tck.engine.EngineConformanceSuite}, the whole
 * {@link dev.chatstore.engine.Engine} contract and that of its message index
 * {@link dev.chatstore.engine.Messages}, which every engine runs through one small subclass.
 *
 * <pre>{@code
 * class FileEngineConformanceTest extends EngineConformanceSuite {
 *   protected EngineHost open(Path dir, Clock clock) {
 *     return EngineHost.of(session -> new FileEngine(dir.resolve(session), clock), null);
 *   }
 *   protected Set<EngineCapability> capabilities() {
 *     return EnumSet.of(EngineCapability.PERSISTENT);   // no TTL, no value beside sub-keys
 *   }
 *   protected SameInstantOrder sameInstantOrder() {
 *     return SameInstantOrder.KEY_ASCENDING;
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code open} is called once per test on a fresh temporary directory, and again on the same
 *       directory when a test reopens ({@link dev.chatstore.tck.engine.EngineCapability#PERSISTENT}).
 *       Sessions of one host share a store and must be isolated.</li>
 *   <li>The engine must take modification times and expiry from the clock given: the suite passes
 *       a {@link dev.chatstore.tck.ManualClock} and moves it by a millisecond between writes whose
 *       order it checks.</li>
 *   <li>Optional behaviours are {@link dev.chatstore.tck.engine.EngineCapability capabilities};
 *       tests of a missing one are skipped
 *       ({@link dev.chatstore.tck.engine.RequiresCapability}) or check its clear refusal
 *       ({@link dev.chatstore.tck.engine.WhenCapabilityAbsent}).</li>
 *   <li>Override {@code messages(Engine)} to test another message index than
 *       {@code Messages.on(engine)}, and {@code indexProblems(Engine)} to contribute an internal
 *       consistency check run after the concurrent tests.</li>
 * </ul>
 * Failure messages read as the contract ("set(k, null) should also delete k/a"); randomized tests
 * print their seed, replayed with {@code -Dchatstore.tck.seed=<seed>}; every test is bounded in
 * time and nothing measures speed.
 */
package dev.chatstore.tck.engine;
