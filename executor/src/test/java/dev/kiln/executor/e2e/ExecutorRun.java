package dev.kiln.executor.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kiln.executor.Cli;
import dev.kiln.executor.ExecutorCommand;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * One executor invocation in this JVM, as {@code executor ARGS} with environment {@code env} would run:
 * its exit code, what it printed on stdout and stderr, and every log line of the {@code dev.kiln} loggers
 * (which is where the build's progress and the RUN output go).
 *
 * <p>Immutable. {@link #of} is serialised: the log capture is JVM-wide.
 *
 * @param exitCode the exit code {@code executor} would return
 * @param stdout   what it printed on stdout (kaniko prints its final error there)
 * @param stderr   what it printed on stderr (usage errors)
 * @param log      the formatted log messages, in order
 */
record ExecutorRun(int exitCode, String stdout, String stderr, List<String> log) {

    ExecutorRun {
        log = List.copyOf(log);
    }

    /** Runs the executor with {@code env} as its whole environment. */
    static synchronized ExecutorRun of(Map<String, String> env, List<String> args) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger kiln = ctx.getLogger("dev.kiln");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(ctx);
        appender.start();
        kiln.addAppender(appender);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            code = Cli.run(new ExecutorCommand(env), args.toArray(String[]::new), new PrintWriter(out, true),
                    new PrintWriter(err, true));
        } finally {
            kiln.detachAppender(appender);
            appender.stop();
        }
        List<String> lines = appender.list.stream().map(ExecutorRun::format).toList();
        return new ExecutorRun(code, out.toString(), err.toString(), lines);
    }

    private static String format(ILoggingEvent e) {
        String m = e.getLevel() + " " + e.getFormattedMessage();
        return e.getThrowableProxy() == null ? m : m + " (" + e.getThrowableProxy().getMessage() + ")";
    }

    /** Whether some log line contains {@code fragment}. */
    boolean logged(String fragment) {
        return log.stream().anyMatch(l -> l.contains(fragment));
    }

    /** The last non-empty line on stdout ("" if none). */
    String lastLine() {
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    /** stdout, stderr and the log together, for "never printed anywhere" checks. */
    String everything() {
        return stdout + "\n" + stderr + "\n" + String.join("\n", log);
    }

    /** For assertion messages: the exit code, the output and the end of the log. */
    String describe() {
        List<String> tail = log.size() > 40 ? log.subList(log.size() - 40, log.size()) : log;
        return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr + "\nlog:\n" + String.join("\n", tail);
    }

    @Override
    public String toString() {
        return describe();
    }
}
