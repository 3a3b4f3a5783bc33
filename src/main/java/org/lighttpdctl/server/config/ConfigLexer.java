package org.lighttpdctl.server.config;

/**
 * Splits {@code lighttpd -p} output into tokens. Mirrors lighttpd's tokenizer (src/configfile.c): strings know
 * only the escape {@code \"} (every other backslash is literal), names are {@code [A-Za-z0-9_.-]}, comments run
 * from {@code #} to the end of the line ({@code # block N}, {@code # end of ...}).
 * <p>
 * A condition is taken as one raw token up to the {@code {} ending its line, because lighttpd prints its operand
 * unescaped ({@code data_config.comp_key}): a regex containing {@code "} would break a string lexer.
 * <p>
 * Array keys are printed raw too (a key {@code k"ey} prints as {@code "k"ey" => ...}), one keyed entry per line,
 * padded to the longest key: a string that starts its line and is followed on it by {@code => } is read as a raw key
 * up to the first {@code "} followed by spaces and {@code => }. Such a key is marked {@link Token#raw()}: when it
 * holds a quote, the output no longer says unambiguously where one key ends (see {@link ConfigParser}).
 */
final class ConfigLexer {
    private final String text;
    private final String[] lines;
    private int pos;
    private int line = 1;

    ConfigLexer(String text) {
        this.text = text;
        this.lines = text.split("\n", -1);
    }

    /** The text of a 1-based line, for error messages. */
    String lineText(int number) {
        return number >= 1 && number <= lines.length ? lines[number - 1] : "";
    }

    /** The next token; EOF at the end, and again on every later call. */
    Token next() throws ConfigSyntaxException {
        skipSpaceAndComments();
        if (pos >= text.length()) {
            return new Token(Token.Type.EOF, "", line);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '"' -> string();
            case '(' -> single(Token.Type.LPAREN);
            case ')' -> single(Token.Type.RPAREN);
            case '{' -> single(Token.Type.LBRACE);
            case '}' -> single(Token.Type.RBRACE);
            case ',' -> single(Token.Type.COMMA);
            case '$' -> condition();
            case '=' -> assignOrArrow();
            default -> word(c);
        };
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token single(Token.Type type) {
        pos++;
        return new Token(type, text.substring(pos - 1, pos), line);
    }

    private Token assignOrArrow() throws ConfigSyntaxException {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '>') {
            pos += 2;
            return new Token(Token.Type.ARROW, "=>", line);
        }
        pos++;
        return new Token(Token.Type.ASSIGN, "=", line);
    }

    private static final java.util.regex.Pattern RAW_KEY = java.util.regex.Pattern.compile(
            "\"((?:[^\\n]*?[^\\\\\\n])?)\" *=> ");

    private Token string() throws ConfigSyntaxException {
        if (startsItsLine()) {
            java.util.regex.Matcher key = RAW_KEY.matcher(text).region(pos, text.length());
            if (key.lookingAt()) {
                pos = key.end(1) + 1;
                return new Token(Token.Type.STRING, key.group(1), line, true, true);
            }
        }
        int startLine = line;
        StringBuilder value = new StringBuilder();
        int i = pos + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                c = '"';
                i++;
            } else if (c == '\n') {
                line++;
            }
            value.append(c);
            i++;
        }
        if (i >= text.length()) {
            throw new ConfigSyntaxException(startLine, lineText(startLine), "string without closing quote");
        }
        boolean first = startsItsLine();
        pos = i + 1;
        return new Token(Token.Type.STRING, value.toString(), startLine, first, false);
    }

    private Token condition() throws ConfigSyntaxException {
        int end = text.indexOf('\n', pos);
        String rest = (end < 0 ? text.substring(pos) : text.substring(pos, end)).stripTrailing();
        if (!rest.endsWith("{")) {
            throw new ConfigSyntaxException(line, lineText(line), "condition without { at the end of its line");
        }
        pos += rest.length() - 1; // the '{' is the next token
        return new Token(Token.Type.CONDITION, rest.substring(0, rest.length() - 1).strip(), line);
    }

    private Token word(char first) throws ConfigSyntaxException {
        int start = pos;
        if (first == '-' || Character.isDigit(first)) {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos > start + (first == '-' ? 1 : 0) && !isNameChar(peek())) {
                return new Token(Token.Type.INTEGER, text.substring(start, pos), line);
            }
            pos = start;
        }
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw new ConfigSyntaxException(line, lineText(line), "unexpected character '" + first + "'");
        }
        return new Token(Token.Type.NAME, text.substring(start, pos), line);
    }

    /** Whether only spaces precede the current position on its line. */
    private boolean startsItsLine() {
        for (int i = pos - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : ' ';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
