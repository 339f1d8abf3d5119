package dev.kiln.warmer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kiln.executor.Cli;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * One warmer invocation in this JVM: exit code, stdout, stderr and the {@code dev.kiln} log lines. Immutable;
 * {@link #of} is serialised because the log capture is JVM-wide.
 */
record WarmerRun(int exitCode, String stdout, String stderr, List<String> log) {

    static synchronized WarmerRun of(Map<String, String> env, String... args) {
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
            code = Cli.run(new WarmerCommand(env), args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            kiln.detachAppender(appender);
            appender.stop();
        }
        return new WarmerRun(code, out.toString(), err.toString(),
                appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }

    boolean logged(String fragment) {
        return log.stream().anyMatch(l -> l.contains(fragment));
    }

    String lastLine() {
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr + "\nlog:\n" + String.join("\n", log);
    }
}
