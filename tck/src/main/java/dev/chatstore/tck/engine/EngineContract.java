package dev.chatstore.tck.engine;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.Messages;
import dev.chatstore.tck.ManualClock;
import java.util.List;
import java.util.Set;

/**
 * What every contract interface of the engine kit needs from the suite that runs it. The
 * contracts ({@link GetSetContract}, {@link ListContract}, ...) hold the tests as
 * {@code @Test default} methods; {@link EngineConformanceSuite} implements all of them and
 * supplies these methods, so an engine author never implements this interface directly.
 */
public interface EngineContract {

  /** The engine under test: session {@link EngineConformanceSuite#MAIN_SESSION}, fresh and empty. */
  Engine engine();

  /** Another session of the same store as {@link #engine()}. */
  Engine session(String id);

  /** The clock the engine was opened with; tests move it. */
  ManualClock clock();

  /**
   * Closes the store and opens it again on the same directory with the same clock, and returns
   * the main session's new engine (which {@link #engine()} returns from then on). Only
   * meaningful with {@link EngineCapability#PERSISTENT}.
   */
  Engine reopen();

  /** The capabilities the engine declares. */
  Set<EngineCapability> declaredCapabilities();

  /** How the engine orders keys modified in the same instant. */
  SameInstantOrder declaredSameInstantOrder();

  /** The message index to test on {@code engine}. */
  Messages messagesOf(Engine engine);

  /** Internal consistency problems of {@code engine} (empty when consistent or unknown). */
  List<String> problemsOf(Engine engine);

  /** The seed of this test's randomness; printed in failure messages. */
  long seed();
}
