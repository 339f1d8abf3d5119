/**
 * Registry authentication: challenges, tokens, keychains and credential helpers (work in progress).
 */
package dev.kiln.engine.registry.auth;
