package dev.chatstore.tck.engine;

import dev.chatstore.engine.Engine;
import java.util.function.Function;

/**
 * What a suite subclass opens per test: a store holding many sessions, each an independent
 * {@link Engine}. Closing the host releases the store (and ends every engine it handed out).
 */
public interface EngineHost extends AutoCloseable {

  /**
   * The engine of session {@code id}: the same data for the same id, none shared between ids.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid session id
   */
  Engine session(String id);

  /** Releases the store; the engines handed out are unusable afterwards. */
  @Override
  void close();

  /**
   * A host whose sessions come from {@code sessions} and whose {@link #close()} closes
   * {@code resources} (may be null when there is nothing to close).
   */
  static EngineHost of(Function<String, Engine> sessions, AutoCloseable resources) {
    return new EngineHost() {
      @Override
      public Engine session(String id) {
        return sessions.apply(id);
      }

      @Override
      public void close() {
        if (resources == null) {
          return;
        }
        try {
          resources.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("closing the engine host failed: " + e, e);
        }
      }
    };
  }
}
