package dev.kiln.engine.image;

import dev.kiln.engine.oci.MalformedContentException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Base of the image error family: reading or writing an image, index, layer or blob failed.
 *
 * <p>Immutable. Unchecked because image views are lazy: almost any accessor may touch storage, and a
 * checked exception on every accessor would drown the API without making callers more careful. Every
 * message names the action and the object, then the cause, e.g.
 * {@code read blob sha256:ab12... from OCI layout /tmp/x: missing}. Subclasses say what kind of failure it
 * was: {@link ImageNotFoundException} (something named is absent), {@link InvalidImageException} (content is
 * malformed or inconsistent) and {@link DigestMismatchException} (content does not match its digest).
 * Plain I/O failures are this class with the {@link IOException} as cause.
 */
public class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code message} is the whole message: action, object and cause. */
    public ImageException(String message) {
        super(message);
    }

    /** {@code action} names action and object; the cause's description is appended after a colon. */
    public ImageException(String action, Throwable cause) {
        super(action + ": " + describe(cause), cause);
    }

    /**
     * A short, human description of an I/O failure: the JDK's file exceptions carry only a path as
     * message, which reads badly after a colon, so they are spelled out.
     */
    public static String describe(Throwable t) {
        return switch (t) {
            case NoSuchFileException e -> "missing " + e.getFile();
            case AccessDeniedException e -> "access denied to " + e.getFile();
            case FileAlreadyExistsException e -> "already exists " + e.getFile();
            case ImageException e -> e.getMessage();
            case MalformedContentException e -> e.getMessage();
            default -> t.getMessage() == null ? t.getClass().getSimpleName()
                    : t.getClass().getSimpleName() + " " + t.getMessage();
        };
    }
}
