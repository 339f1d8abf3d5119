/**
 * End-to-end self-tests of the harness that combine packages: busybox pushed through skopeo to each kind of
 * registry, run by runc, and used as the base of buildah builds.
 *
 * <p>Design: a test-only package, so that tests needing both {@code tool} and {@code image} do not create a
 * package cycle ({@code image} builds on {@code tool}).
 */
package dev.kiln.testkit.selftest;
