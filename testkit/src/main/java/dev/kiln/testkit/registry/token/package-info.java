/**
 * A Docker registry token server (https://distribution.github.io/distribution/spec/auth/token/) for
 * docker-registry's {@code auth: token} mode: {@link dev.kiln.testkit.registry.token.TokenServer} signs JWTs
 * ({@link dev.kiln.testkit.registry.token.Jwt}) with RS256 or ES256 keys made by openssl
 * ({@link dev.kiln.testkit.registry.token.SigningKey}), naming the key by libtrust {@code kid}
 * ({@link dev.kiln.testkit.registry.token.LibtrustKeyId}) or {@code x5c}.
 *
 * <p>Design: JDK only ({@code com.sun.net.httpserver}, {@code java.security}); it grants whatever is asked,
 * because tests need a registry that exercises the client's token flow, not an authorisation policy; the
 * requests it served are recorded so tests can assert the scopes. Depends on {@code process}, {@code json} and
 * {@code tls}; never on {@code dev.kiln.testkit.registry}, which builds on it.
 */
package dev.kiln.testkit.registry.token;
