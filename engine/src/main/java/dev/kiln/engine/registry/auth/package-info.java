/**
 * Registry authentication: challenges, tokens, keychains and credential helpers
 * (https://distribution.github.io/distribution/spec/auth/token/).
 *
 * <p>The transport ({@code dev.kiln.engine.registry.transport}) knows nothing about schemes. Per registry host
 * it holds one {@link dev.kiln.engine.registry.auth.RegistryAuthenticator}: before a request it asks
 * {@code authorization(scopes)} for a header (empty until the registry has challenged once); after a 401 it
 * parses the {@code WWW-Authenticate} headers with {@link dev.kiln.engine.registry.auth.WwwAuthenticate} and calls
 * {@code challenged(challenges, scopes)}, then retries once with the returned header. A Bearer challenge makes
 * the authenticator fetch a token from the realm (GET with repeated {@code scope} parameters, anonymous or
 * Basic; for an identity token the OAuth2 refresh-token POST, falling back to GET on 404/405); a Basic challenge
 * is answered with the keychain's user and password; a docker {@code registrytoken} is sent as the bearer token
 * itself. Tokens are cached per list of {@link dev.kiln.engine.registry.auth.Scope}s until shortly before
 * they expire, and concurrent requests for the same scopes share one token request; {@code challenged} never
 * returns the cached token the registry just refused.
 *
 * <p>Credentials come from a {@link dev.kiln.engine.registry.auth.Keychain}. The
 * {@link dev.kiln.engine.registry.auth.DefaultKeychain} follows Docker and kaniko: the first existing
 * {@code config.json} of {@code $DOCKER_CONFIG}, the executor's directory ({@code /kaniko/.docker}) and
 * {@code ~/.docker}; in it an inline {@code auths} entry, then the host's {@code credHelpers} helper, then
 * {@code credsStore} (helpers run as processes through {@link dev.kiln.engine.registry.auth.CredentialHelpers});
 * then the built-ins for ECR ({@link dev.kiln.engine.registry.auth.EcrKeychain}, AWS SDK) and Google
 * ({@link dev.kiln.engine.registry.auth.GoogleKeychain}); else anonymous. ACR works through a configured helper.
 * Docker itself prefers {@code credHelpers} over an inline entry; an inline secret wins here because it is the
 * most explicit statement a user can make (the two only meet when a file holds both for one host).
 *
 * <p>Design rules: everything is non-blocking and returns Vert.x futures; files and helper processes run on
 * worker threads ({@code executeBlocking}, {@code fileSystem()}), HTTP goes through the Vert.x
 * {@code WebClient} (the ECR SDK through its own Netty client). Values are immutable records, services are
 * thread-safe. Secrets never reach a message or a log: credential and token {@code toString()}s mask them, and
 * any text quoted from a server or helper goes through {@link dev.kiln.engine.registry.auth.Redactor}. Failures
 * are typed: {@link dev.kiln.engine.registry.auth.AuthenticationException} (naming registry and scope),
 * {@link dev.kiln.engine.registry.auth.KeychainException} (naming the file, helper or service) and
 * {@link dev.kiln.engine.registry.auth.InvalidChallengeException}.
 *
 * <p>This package depends on no other engine package: {@code registry} and {@code registry.transport} depend on
 * it, never the reverse.
 */
package dev.kiln.engine.registry.auth;
