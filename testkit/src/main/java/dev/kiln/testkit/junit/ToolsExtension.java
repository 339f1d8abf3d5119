package dev.kiln.testkit.junit;

import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.process.ToolMissingException;
import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension behind {@link RequiresTools}: an execution condition that disables tests whose tools
 * are missing, and an exception handler that turns {@link ToolMissingException} from fixtures (in tests and
 * lifecycle methods) into aborted, i.e. skipped, tests.
 *
 * <p>Stateless, so thread-safe; JUnit may share one instance across parallel tests. In CI (see
 * {@link ToolAssumptions#toolsRequired()}) it never skips: a missing tool is a failure there.
 */
public final class ToolsExtension implements ExecutionCondition, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Set<Tool> wanted = new LinkedHashSet<>();
        collect(context.getElement().orElse(null), wanted);
        context.getTestClass().ifPresent(c -> collect(c, wanted));
        List<Tool> missing = Tool.missing(wanted.toArray(Tool[]::new));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("tools installed: " + wanted);
        }
        ToolMissingException e = new ToolMissingException(missing);
        if (ToolAssumptions.toolsRequired()) {
            throw e;
        }
        return ConditionEvaluationResult.disabled(e.getMessage());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw translate(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw translate(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw translate(throwable);
    }

    private static Throwable translate(Throwable t) {
        if (t instanceof ToolMissingException e && !ToolAssumptions.toolsRequired()) {
            return new TestAbortedException("skipped: " + e.getMessage(), e);
        }
        return t;
    }

    private static void collect(AnnotatedElement element, Set<Tool> into) {
        if (element != null) {
            AnnotationSupport.findAnnotation(element, RequiresTools.class).ifPresent(a -> into.addAll(List.of(a.value())));
        }
    }
}
