package dev.kiln.engine.registry.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Docker {@code config.json} that hold credentials
 * (https://docs.docker.com/reference/cli/docker/login/#credential-stores): {@code auths} entries with
 * {@code auth} (base64 {@code user:password}), {@code username}/{@code password}, {@code identitytoken} or
 * {@code registrytoken}; {@code credsStore}; {@code credHelpers} per registry.
 *
 * <p>Immutable; package-private, read by {@link DockerConfigKeychain}. Keys are normalised with
 * {@link RegistryHosts#normalize}; when several keys name one registry, the first with a credential wins.
 * Entries without a credential (what {@code docker login} leaves with a {@code credsStore}) are dropped.
 *
 * @param source      the file it came from, for messages
 * @param auths       credentials by normalised registry host
 * @param credsStore  the helper for every registry, if set
 * @param credHelpers helpers by normalised registry host
 */
record DockerConfig(Path source, Map<String, Credential> auths, Optional<String> credsStore,
        Map<String, String> credHelpers) {

    /** A config without anything, for when no file exists. */
    static DockerConfig empty(Path source) {
        return new DockerConfig(source, Map.of(), Optional.empty(), Map.of());
    }

    DockerConfig {
        auths = Map.copyOf(auths);
        credHelpers = Map.copyOf(credHelpers);
    }

    /**
     * Parses the file's text.
     *
     * @throws KeychainException naming the file and the key, never quoting a value (they are secrets)
     */
    static DockerConfig parse(String text, Path source) {
        JsonObject json;
        try {
            json = text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new KeychainException("read docker config " + source + ": not a JSON object");
        }
        Map<String, Credential> auths = new LinkedHashMap<>();
        if (json.getValue("auths") instanceof JsonObject entries) {
            for (String key : entries.fieldNames()) {
                if (entries.getValue(key) instanceof JsonObject entry) {
                    credential(entry, source, key).ifPresent(c -> auths.putIfAbsent(RegistryHosts.normalize(key), c));
                }
            }
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        if (json.getValue("credHelpers") instanceof JsonObject entries) {
            for (String key : entries.fieldNames()) {
                if (entries.getValue(key) instanceof String helper && !helper.isBlank()) {
                    helpers.putIfAbsent(RegistryHosts.normalize(key), helper.strip());
                }
            }
        }
        Optional<String> store = json.getValue("credsStore") instanceof String s && !s.isBlank()
                ? Optional.of(s.strip()) : Optional.empty();
        return new DockerConfig(source, auths, store, helpers);
    }

    /** The credential an {@code auths} entry holds: registry token, then identity token, then user and password. */
    private static Optional<Credential> credential(JsonObject entry, Path source, String key) {
        String registryToken = text(entry, "registrytoken");
        if (!registryToken.isEmpty()) {
            return Optional.of(new Credential.RegistryToken(registryToken));
        }
        String identityToken = text(entry, "identitytoken");
        if (!identityToken.isEmpty()) {
            return Optional.of(new Credential.IdentityToken(identityToken));
        }
        String auth = text(entry, "auth");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.replaceAll("\\s", "")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new KeychainException("read docker config " + source + ": auths[\"" + key
                        + "\"].auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new KeychainException("read docker config " + source + ": auths[\"" + key
                        + "\"].auth is not base64 of user:password");
            }
            return Optional.of(new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String username = text(entry, "username");
        String password = text(entry, "password");
        if (!username.isEmpty() && !password.isEmpty()) {
            return Optional.of(new Credential.Basic(username, password));
        }
        return Optional.empty();
    }

    private static String text(JsonObject entry, String field) {
        return entry.getValue(field) instanceof String s ? s : "";
    }

    @Override
    public String toString() {
        return "DockerConfig[" + source + ", auths=" + auths.keySet() + ", credsStore=" + credsStore.orElse("none")
                + ", credHelpers=" + credHelpers + "]";
    }
}
