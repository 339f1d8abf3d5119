package dev.kiln.testkit.registry.token;

/**
 * How a token names its signing key in the JWT header, the two ways docker-registry 2.8 accepts.
 *
 * <p>Immutable. Both exist in the wild, and a registry client never needs to care, but the registry
 * verifies them differently, so the harness tests both.
 */
public enum KeyHeader {
    /** {@code kid}: the libtrust key id of the public key, looked up among the registry's root certificates. */
    KID,
    /** {@code x5c}: the signing certificate itself, whose chain must end in the registry's root bundle. */
    X5C
}
