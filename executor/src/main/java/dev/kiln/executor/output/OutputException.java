package dev.kiln.executor.output;

/**
 * Writing an output file failed. The message is kaniko's for the file concerned followed by the cause, e.g.
 * {@code writing digest to file failed: write /out/digest: Permission denied}; URLs appear without their query.
 *
 * <p>Immutable. Unchecked: the executor reports it as a failed build.
 */
public final class OutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
