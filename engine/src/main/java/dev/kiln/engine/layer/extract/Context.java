package dev.kiln.engine.layer.extract;

import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractException.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer being extracted and the entry being applied, so every error names both; plus the warnings.
 * Not thread-safe: one per extraction.
 */
final class Context {

    static final int MAX_WARNINGS = 100;

    final String layer;
    String entry;
    final List<String> warnings = new ArrayList<>();
    private long droppedWarnings;

    Context(String layer) {
        this.layer = layer;
    }

    ExtractException fail(Reason reason, String detail) {
        return new ExtractException(layer, entry, reason, detail, null);
    }

    ExtractException fail(Reason reason, String detail, Throwable cause) {
        return new ExtractException(layer, entry, reason, detail, cause);
    }

    void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add("entry " + dev.kiln.engine.layer.LayerException.quote(entry) + ": " + message);
        } else {
            droppedWarnings++;
        }
    }

    List<String> warnings() {
        if (droppedWarnings == 0) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.add("... and " + droppedWarnings + " more warnings");
        return all;
    }
}
