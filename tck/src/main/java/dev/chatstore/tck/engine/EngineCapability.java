package dev.chatstore.tck.engine;

/**
 * The optional behaviours of an {@link dev.chatstore.engine.Engine}. A suite subclass declares the
 * ones its engine has ({@link EngineConformanceSuite#capabilities()}); tests marked
 * {@link RequiresCapability} run only then, tests marked {@link WhenCapabilityAbsent} only when
 * it is missing (they check the clear refusal, and that nothing changed).
 */
public enum EngineCapability {
  /**
   * {@code setTtl} stores a key that is gone for every reader once its time has passed. Without
   * it, {@code setTtl} throws {@link UnsupportedOperationException} and changes nothing.
   */
  TTL("keys that expire (setTtl)"),
  /** Data written survives closing the engine's store and opening it again. */
  PERSISTENT("data that survives close and reopen"),
  /**
   * A key can hold a value while keys under it hold values too ({@code k} and {@code k/child}
   * at once). An engine mapping keys to files and directories may not; the tests that need both
   * are then skipped, the others never store both.
   */
  NESTED_VALUES("a value at a key that also has sub-keys");

  private final String description;

  EngineCapability(String description) {
    this.description = description;
  }

  /** A short description, for skip reasons. */
  public String description() {
    return description;
  }
}
