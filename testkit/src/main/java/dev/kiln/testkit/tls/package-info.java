/**
 * Test TLS material: a {@link dev.kiln.testkit.tls.TestCertificateAuthority} made with the openssl CLI and
 * {@link dev.kiln.testkit.tls.PemTrust}, which turns a PEM file into Java trust managers.
 *
 * <p>Design: certificates are made by openssl, not by JDK internals, because the JDK has no public API to
 * issue certificates and the same files must serve Go tools (docker-registry, skopeo, buildah) and Java
 * clients. Every CA is private to one fixture and trusted explicitly; nothing touches the system trust store.
 * Depends only on {@code dev.kiln.testkit.process}.
 */
package dev.kiln.testkit.tls;
