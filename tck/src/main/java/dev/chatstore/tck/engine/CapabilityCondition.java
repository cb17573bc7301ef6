package dev.chatstore.tck.engine;

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
 * Enables or skips a test by {@link RequiresCapability} and {@link WhenCapabilityAbsent} (on the
 * method, or on the contract interface declaring it) against the capabilities the suite subclass
 * declares.
 */
final class CapabilityCondition implements ExecutionCondition {
  private static final ConditionEvaluationResult NONE =
      ConditionEvaluationResult.enabled("no capability condition");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    Optional<Object> instance = context.getTestInstance();
    if (method.isEmpty() || instance.isEmpty()
        || !(instance.get() instanceof EngineConformanceSuite suite)) {
      return NONE;
    }
    Set<EngineCapability> declared = suite.capabilities();
    String who = suite.getClass().getSimpleName();
    Set<EngineCapability> required = EnumSet.noneOf(EngineCapability.class);
    for (AnnotatedElement e : new AnnotatedElement[] {method.get(),
        method.get().getDeclaringClass()}) {
      AnnotationSupport.findAnnotation(e, RequiresCapability.class)
          .ifPresent(r -> required.addAll(Set.of(r.value())));
    }
    for (EngineCapability c : required) {
      if (!declared.contains(c)) {
        return ConditionEvaluationResult.disabled("needs " + c + " (" + c.description()
            + "), which " + who + " does not declare");
      }
    }
    Optional<WhenCapabilityAbsent> absent =
        AnnotationSupport.findAnnotation(method.get(), WhenCapabilityAbsent.class);
    if (absent.isPresent() && declared.contains(absent.get().value())) {
      return ConditionEvaluationResult.disabled("checks the refusal without "
          + absent.get().value() + ", but " + who + " declares it");
    }
    return ConditionEvaluationResult.enabled(who + " declares " + declared);
  }
}
