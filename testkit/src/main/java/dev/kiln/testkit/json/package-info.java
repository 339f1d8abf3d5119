/**
 * A minimal JSON reader and writer over plain Java maps and lists.
 *
 * <p>Design: the testkit stays JDK-only so that modules using it in test scope inherit no library; the
 * harness needs JSON only for small documents (runtime {@code config.json}, image indexes, token responses),
 * so a strict recursive-descent parser and a compact writer are enough. Production code uses Vert.x's
 * {@code JsonObject}; this package is not meant for it. Depends on no other testkit package.
 */
package dev.kiln.testkit.json;
