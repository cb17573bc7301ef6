package dev.chatstore.tck.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test checks an optional behaviour: it runs only when the engine under test declares every
 * one of these capabilities ({@link EngineConformanceSuite#capabilities()}), and is reported as
 * skipped otherwise. On a contract interface it applies to all its tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(CapabilityCondition.class)
public @interface RequiresCapability {
  /** The capabilities the test needs, all of them. */
  EngineCapability[] value();
}
