package dev.kiln.executor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * kaniko's logging flags ({@code -v/--verbosity}, {@code --log-format}, {@code --log-timestamp}), shared by
 * the executor and the warmer as a picocli mixin. Mutable (picocli fills it), used on the main thread only.
 */
public final class LoggingOptions {

    @Option(names = {"-v", "--verbosity"}, paramLabel = "LEVEL", defaultValue = "info",
            description = "Log level (trace, debug, info, warn, error, fatal, panic). Default: ${DEFAULT-VALUE}.")
    String verbosity;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "color",
            description = "Log format (text, color, json). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--log-timestamp", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Timestamp in log output.")
    boolean timestamp;

    /** Maps kaniko's logrus level names onto logback levels. */
    static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal", "panic" -> Level.ERROR;
            default -> throw new IllegalArgumentException("invalid log level \"" + name
                    + "\" (trace, debug, info, warn, error, fatal, panic)");
        };
    }

    /** The logback pattern for a kaniko log format. */
    static String pattern(String format, boolean timestamp) {
        String ts = timestamp ? "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} " : "";
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> ts + "%level %msg%n";
            case "color" -> ts + "%highlight(%-5level) %msg%n";
            case "json" -> "{" + (timestamp ? "\"time\":\"%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}\"," : "")
                    + "\"level\":\"%level\",\"msg\":\"%replace(%replace(%msg){'\\\\','\\\\\\\\'}){'\"','\\\\\"'}\"}%n";
            default -> throw new IllegalArgumentException("invalid log format \"" + format + "\" (text, color, json)");
        };
    }

    /** Validates the flags and reconfigures logback's root logger to stderr. */
    public void apply() {
        Level lvl = level(verbosity);
        String pattern = pattern(format, timestamp);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(ctx);
        out.setTarget("System.err");
        out.setEncoder(enc);
        out.start();
        root.addAppender(out);
        root.setLevel(lvl);
        // Netty and Vert.x are chatty at debug; keep them at info unless trace was asked for.
        if (lvl != Level.TRACE) {
            ctx.getLogger("io.netty").setLevel(Level.INFO);
        }
    }
}
