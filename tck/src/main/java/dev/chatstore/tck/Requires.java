package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test checks an optional part of the contract: it runs only when the store under test
 * declares every one of these features ({@link KvStoreConformanceSuite#expectedFeatures()}),
 * and is reported as skipped otherwise.
 *
 * <p>On a contract interface, it applies to every test of the interface.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(FeatureCondition.class)
public @interface Requires {
  /** The features the test needs, all of them. */
  KvFeature[] value();
}
