package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Enables or skips a test by the {@link Requires} and {@link WhenAbsent} annotations on it (or on
 * the contract interface that declares it), against the features the suite subclass says its
 * store has ({@link KvStoreConformanceSuite#expectedFeatures()}). The store itself is opened
 * after conditions are evaluated, so the declared set is what decides; a separate test checks
 * that the store really declares that set.
 */
final class FeatureCondition implements ExecutionCondition {
  private static final ConditionEvaluationResult NO_CONDITION =
      ConditionEvaluationResult.enabled("no feature condition");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    if (method.isEmpty()) {
      return NO_CONDITION;
    }
    Optional<Object> instance = context.getTestInstance();
    if (instance.isEmpty() || !(instance.get() instanceof KvStoreConformanceSuite suite)) {
      return NO_CONDITION;
    }
    Set<KvFeature> declared = suite.expectedFeatures();
    String who = suite.getClass().getSimpleName();

    Set<KvFeature> required = EnumSet.noneOf(KvFeature.class);
    KvFeature mustBeAbsent = null;
    for (AnnotatedElement element : new AnnotatedElement[] {
        method.get(), method.get().getDeclaringClass()}) {
      AnnotationSupport.findAnnotation(element, Requires.class)
          .ifPresent(r -> required.addAll(Set.of(r.value())));
      Optional<WhenAbsent> absent = AnnotationSupport.findAnnotation(element, WhenAbsent.class);
      if (absent.isPresent() && mustBeAbsent == null) {
        mustBeAbsent = absent.get().value();
      }
    }

    for (KvFeature f : required) {
      if (!declared.contains(f)) {
        return ConditionEvaluationResult.disabled("needs " + f + " (" + f.description()
            + "), which " + who + " does not declare");
      }
    }
    if (mustBeAbsent != null && declared.contains(mustBeAbsent)) {
      return ConditionEvaluationResult.disabled("checks the refusal without " + mustBeAbsent
          + ", but " + who + " declares it");
    }
    if (required.isEmpty() && mustBeAbsent == null) {
      return NO_CONDITION;
    }
    return ConditionEvaluationResult.enabled(who + " declares " + declared);
  }
}
