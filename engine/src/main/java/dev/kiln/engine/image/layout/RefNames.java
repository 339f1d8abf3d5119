package dev.kiln.engine.image.layout;

import java.util.regex.Pattern;

/**
 * The grammar of the {@code org.opencontainers.image.ref.name} annotation in an OCI layout
 * (https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys):
 * {@code ref ::= component ("/" component)*}, {@code component ::= alphanum (separator alphanum)*},
 * {@code separator ::= [-._:@+] | "--"}.
 *
 * <p>Stateless.
 */
final class RefNames {

    private static final String COMPONENT = "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*";
    private static final Pattern REF = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

    private RefNames() {
    }

    static boolean isValid(String ref) {
        return REF.matcher(ref).matches();
    }
}
