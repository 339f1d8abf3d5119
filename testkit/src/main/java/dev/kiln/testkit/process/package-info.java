/**
 * Running external programs from tests: one-shot {@link dev.kiln.testkit.process.Command}s with captured
 * output and a timeout, long-running {@link dev.kiln.testkit.process.ManagedProcess} servers stopped by PID,
 * free loopback {@link dev.kiln.testkit.process.Ports}, self-deleting {@link dev.kiln.testkit.process.TempDir}s
 * and the {@link dev.kiln.testkit.process.Tool} catalogue of the programs the harness needs.
 *
 * <p>Design: the bottom of the testkit; it imports no other testkit package. Every process and temp dir
 * registers with {@link dev.kiln.testkit.process.ShutdownCleanup}, so nothing outlives the test JVM even when a
 * test fails before its {@code close()}. Failures are unchecked and carry the command line (secrets
 * redacted), the exit code and the stderr tail, because in a test the message is the whole diagnosis.
 */
package dev.kiln.testkit.process;
