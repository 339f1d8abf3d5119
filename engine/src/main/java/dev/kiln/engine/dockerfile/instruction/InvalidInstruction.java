package dev.kiln.engine.dockerfile.instruction;

/**
 * An instruction that BuildKit would reject, before the location is known; the dispatcher turns it into a
 * {@link dev.kiln.engine.dockerfile.parser.DockerfileParseException} naming the file and line.
 *
 * <p>Immutable; package-private plumbing, never seen by callers. Without a stack trace because it is an
 * expected outcome of bad input, thrown often by the fuzz tests.
 */
final class InvalidInstruction extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidInstruction(String message) {
        super(message, null, false, false);
    }
}
