package org.lighttpdctl.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fast path of an action's command line: a plain loop over the arguments, no picocli at all. Even with its
 * model built in code (no annotations read), picocli's CommandLine set-up loads about 140 of its classes and
 * registers its type converters (java.time, java.sql, regex) and took about 20 ms of a 80 ms status (README).
 *
 * <p>It accepts only the plain forms init scripts, units and people write: {@code NAME VALUE}, {@code --NAME=VALUE}
 * and flags, each spelled exactly as declared, a later option winning. Anything else (help, version, an unknown or
 * clustered option, an attached or {@code -f=} short value, an empty value or one that starts with "-" or
 * "@", a path the JDK rejects, a number that is
 * not plain decimal, a missing value, {@code --}) gets an empty answer, and the action's annotated picocli command
 * line parses it instead: that command line stays the contract, with one source for every message and exit code.
 * So for any input this path either gives exactly what picocli would parse, or leaves it to picocli;
 * ActionLineTest checks both, against the annotated commands.
 */
final class ActionLine {
    /** How an option takes its value. */
    enum Kind {
        FLAG, TEXT, NUMBER
    }

    private ActionLine() {
    }

    /**
     * The command for {@code action} with {@code args} parsed into it, or empty when the annotated command line
     * must answer: help or version asked for, an error in the arguments, or a form this loop leaves to picocli.
     */
    static Optional<ActionCommand> parse(String action, String[] args) {
        Map<String, Kind> options = options(action);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Kind kind = options.get(name);
            if (kind == null || arg.startsWith("@")) {
                return Optional.empty();
            }
            if (kind == Kind.FLAG) {
                if (value != null) {
                    return Optional.empty();
                }
                values.put(canonical(name), "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return Optional.empty();
                }
                value = args[++i];
                // picocli decides whether an option name or an @file may be an option's value
                if (value.startsWith("-") || value.startsWith("@")) {
                    return Optional.empty();
                }
            }
            if (value.isEmpty() || value.startsWith("@") || (kind == Kind.NUMBER && !plainDecimal(value))) {
                return Optional.empty();
            }
            values.put(canonical(name), value);
        }
        try {
            return Optional.of(command(action, values));
        } catch (InvalidPathException e) {
            return Optional.empty(); // picocli names the option and the reason
        }
    }

    /**
     * The options {@code action} accepts, every name of each: those of {@link CommonOptions} and the action's own
     * (help and version are left out on purpose: picocli answers them).
     */
    static Map<String, Kind> options(String action) {
        Map<String, Kind> options = new HashMap<>();
        options.put("-f", Kind.TEXT);
        options.put("--config", Kind.TEXT);
        options.put("--daemon", Kind.TEXT);
        options.put("--pidfile", Kind.TEXT);
        options.put("--state-dir", Kind.TEXT);
        options.put("--timeout", Kind.NUMBER);
        options.put("--lock-timeout", Kind.NUMBER);
        options.put("-q", Kind.FLAG);
        options.put("--quiet", Kind.FLAG);
        options.put("-v", Kind.FLAG);
        options.put("--verbose", Kind.FLAG);
        switch (action) {
            case "status" -> options.put("--json", Kind.FLAG);
            case "graceful", "reload", "force-reload" -> {
                addReplaceOptions(options);
                options.put("--wait", Kind.FLAG);
            }
            case "restart" -> {
                addReplaceOptions(options);
                options.put("--hard", Kind.FLAG);
            }
            default -> {
                // start, stop, configtest, reopen-logs: the common options only
            }
        }
        return options;
    }

    private static void addReplaceOptions(Map<String, Kind> options) {
        options.put("--strategy", Kind.TEXT);
        options.put("--drain-timeout", Kind.NUMBER);
    }

    /** The long name of an option that has a short one too. */
    private static String canonical(String name) {
        return switch (name) {
            case "-f" -> "--config";
            case "-q" -> "--quiet";
            case "-v" -> "--verbose";
            default -> name;
        };
    }

    /**
     * 0 to 999,999,999 written plainly: what Integer.valueOf (picocli's converter) reads the same way as any other
     * reader would; signs, leading zeros and larger numbers go to picocli.
     */
    private static boolean plainDecimal(String value) {
        if (value.isEmpty() || value.length() > 9 || (value.length() > 1 && value.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ActionCommand command(String action, Map<String, String> values) {
        ActionCommand command = switch (action) {
            case "start" -> new Actions.Start();
            case "stop" -> new Actions.Stop();
            case "configtest" -> new Actions.ConfigTest();
            case "reopen-logs" -> new Actions.ReopenLogs();
            case "status" -> {
                Actions.Status status = new Actions.Status();
                status.json = values.containsKey("--json");
                yield status;
            }
            case "restart" -> {
                Actions.Restart restart = new Actions.Restart();
                restart.replace = replaceOptions(values);
                restart.hard = values.containsKey("--hard");
                yield restart;
            }
            case "graceful", "reload", "force-reload" -> {
                Actions.Graceful graceful = new Actions.Graceful();
                graceful.replace = replaceOptions(values);
                graceful.waitForDrain = values.containsKey("--wait");
                graceful.invokedAs = action; // its messages say how it was invoked ("lighttpdctl reload")
                yield graceful;
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
        command.options = commonOptions(values);
        return command;
    }

    /** The parsed values over {@link CommonOptions}'s own defaults. */
    private static CommonOptions commonOptions(Map<String, String> values) {
        CommonOptions options = new CommonOptions();
        options.config = path(values, "--config", options.config);
        options.daemon = path(values, "--daemon", options.daemon);
        options.pidfile = path(values, "--pidfile", options.pidfile);
        options.stateDir = path(values, "--state-dir", options.stateDir);
        options.timeoutSeconds = number(values, "--timeout", options.timeoutSeconds);
        options.lockTimeoutSeconds = number(values, "--lock-timeout", options.lockTimeoutSeconds);
        options.quiet = values.containsKey("--quiet");
        options.verbose = values.containsKey("--verbose");
        return options;
    }

    private static Actions.ReplaceOptions replaceOptions(Map<String, String> values) {
        Actions.ReplaceOptions replace = new Actions.ReplaceOptions();
        replace.strategy = values.get("--strategy");
        replace.drainTimeoutSeconds = values.containsKey("--drain-timeout")
                ? Integer.valueOf(values.get("--drain-timeout")) : null;
        return replace;
    }

    private static int number(Map<String, String> values, String option, int fallback) {
        String value = values.get(option);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Path path(Map<String, String> values, String option, Path fallback) {
        String value = values.get(option);
        return value == null ? fallback : Path.of(value);
    }
}
