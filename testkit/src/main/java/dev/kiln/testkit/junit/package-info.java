/**
 * JUnit 5 support: {@link dev.kiln.testkit.junit.RequiresTools} and {@link dev.kiln.testkit.junit.ToolAssumptions}
 * skip tests whose external programs are not installed, with a message naming the apt packages.
 *
 * <p>Design: the only package that depends on JUnit (compile scope in the testkit pom, which other modules
 * already have in test scope). Skipping is for developer machines; when {@code CI=true} a missing tool fails,
 * because the suite's setup installs every tool and a skip would hide a broken setup. Depends only on
 * {@code dev.kiln.testkit.process}.
 */
package dev.kiln.testkit.junit;
