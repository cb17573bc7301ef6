package dev.chatstore.tck.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test checks how an engine WITHOUT this capability refuses it (clearly, changing nothing):
 * it runs only when the engine under test does not declare it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(CapabilityCondition.class)
public @interface WhenCapabilityAbsent {
  /** The capability whose absence the test checks. */
  EngineCapability value();
}
