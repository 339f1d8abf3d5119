/**
 * The {@link dev.kiln.testkit.registry.RegistryServer} fixture: a real docker-registry (distribution 2.8) on
 * 127.0.0.1 in each mode a registry client must handle (plain HTTP, TLS with a private CA, htpasswd Basic,
 * bearer tokens), plus {@link dev.kiln.testkit.registry.RegistryHttpClient}, a tiny client for checking
 * what landed in it.
 *
 * <p>Design: the real registry, not a fake, because the point is to catch protocol mistakes; each instance
 * owns a temp dir (config, storage, keys, a Docker {@code config.json}) and one process stopped by PID.
 * Everything clients need is exposed as files or JDK objects, never as secrets on command lines. Depends on
 * {@code process}, {@code json}, {@code tls} and {@code registry.token}; tool wrappers depend on this package,
 * never the reverse.
 */
package dev.kiln.testkit.registry;
