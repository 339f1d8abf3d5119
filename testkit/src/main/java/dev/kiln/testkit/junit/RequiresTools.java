package dev.kiln.testkit.junit;

import dev.kiln.testkit.process.Tool;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips the annotated test class or method, with a message naming the missing programs and their apt
 * packages, unless every listed {@link Tool} is installed; and turns a
 * {@link dev.kiln.testkit.process.ToolMissingException} thrown by a fixture into a skip as well.
 *
 * <p>When the environment variable {@code CI} is {@code true} (or the system property
 * {@code kiln.testkit.requireTools} is {@code true}), a missing tool fails instead: CI installs every tool,
 * so a skip there would hide a broken setup behind a green build.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ToolsExtension.class)
public @interface RequiresTools {
    /** The programs the test needs. */
    Tool[] value();
}
