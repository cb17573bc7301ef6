package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test checks how a store behaves <em>without</em> an optional feature: it runs only when the
 * store under test does not declare it ({@link KvStoreConformanceSuite#expectedFeatures()}).
 * Such tests check the clear refusal the contract asks for: an
 * {@link dev.chatstore.kv.UnsupportedFeatureException} naming the feature, thrown at the call,
 * and a store whose contents are exactly what they were before.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(FeatureCondition.class)
public @interface WhenAbsent {
  /** The feature that must be absent. */
  KvFeature value();
}
