/**
 * JMH benchmarks of the engine's hot paths (digests, Dockerfile parsing, snapshots, layer writing). They are
 * compiled with the project and run by hand; numbers go into the closing notes, never into test asserts.
 */
package dev.kiln.benchmarks;
