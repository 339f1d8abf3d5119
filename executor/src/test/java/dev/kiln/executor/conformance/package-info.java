/**
 * The conformance corpus: Dockerfiles under {@code src/test/resources/conformance/NNN-name/} built by Kiln (the
 * executor CLI, in process) and by the reference builder buildah ({@code bud --layers}), then compared.
 *
 * <p>Design: a case is data ({@link dev.kiln.executor.conformance.CaseDefinition}: a Dockerfile, a context and a
 * {@code case.properties} of expectations and named allowances). Both images are read back from OCI layouts and
 * flattened by this package's own tar reader ({@link dev.kiln.executor.conformance.FlatTree}, never Kiln's
 * extractor), so the comparison does not trust the code under test. Every expectation is checked against
 * buildah now (stdout and exit code under runc, the count of layers that change the filesystem, the stated
 * buildah side of each allowance); the Kiln side runs when the system property {@code kiln.conformance.kiln}
 * is true (the default). Where buildah 1.28 differs from BuildKit's documented behaviour the case names the
 * difference and Kiln is held to BuildKit's side.
 */
package dev.kiln.executor.conformance;
