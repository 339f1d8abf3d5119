/**
 * Time for tests: a {@link java.time.Clock} the test sets and moves by hand, so that expiry, token lifetimes and
 * timestamps are checked without sleeping.
 */
package dev.kiln.testkit.time;
