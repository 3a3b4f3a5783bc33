package org.lighttpdctl.server.config;

import org.lighttpdctl.server.UnreadableConfigException;

/**
 * {@code lighttpd -p} printed something this parser does not understand (a lighttpd version that prints a new
 * form). Exit code 6 (not configured): the configuration cannot be acted on safely.
 */
public final class ConfigSyntaxException extends UnreadableConfigException {
    private final int line;
    private final String lineText;
    private final String problem;

    public ConfigSyntaxException(int line, String lineText, String problem) {
        super("cannot read the output of lighttpd -p: line " + line + ": " + problem
                + ": " + lineText.strip());
        this.line = line;
        this.lineText = lineText;
        this.problem = problem;
    }

    /** The 1-based line of the output. */
    public int line() {
        return line;
    }

    /** What is wrong there. */
    public String problem() {
        return problem;
    }

    /** The text of that line. */
    public String lineText() {
        return lineText;
    }
}
