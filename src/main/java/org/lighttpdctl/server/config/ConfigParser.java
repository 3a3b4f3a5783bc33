package org.lighttpdctl.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser of what {@code lighttpd -p} prints (src/configfile.c config_print_*, the same in
 * 1.4.69 to 1.4.85):
 * <pre>
 * dump       := noise "config" "{" body "}" noise
 * body       := { assignment | chain }
 * assignment := NAME "=" value
 * chain      := ["if"] CONDITION "{" body "}" { ("else" | "elseif" | "elif" | "elsif") (["if"] CONDITION | "") "{" body "}" }
 * value      := STRING | INTEGER | "(" [ entry { "," entry } [","] ] ")"
 * entry      := STRING "=>" value | value
 * </pre>
 * 1.4.79 prints {@code if $SERVER[...] == ... {} where 1.4.69 printed {@code $SERVER[...] == ... {}; both are
 * accepted. {@code +=} and {@code :=} never appear: lighttpd prints the merged result. Lines before
 * {@code config {} and after its closing brace are ignored: lighttpd's stderr (warnings of include_shell scripts)
 * is read together with its stdout.
 */
public final class ConfigParser {
    private static final Pattern CONDITION = Pattern.compile(
            "\\$([A-Za-z_]+)\\[\"([^\"]*)\"\\]\\s*(==|!=|=~|!~|=\\^|=\\$)\\s*\"(.*)\"");

    private final ConfigLexer lexer;
    /** Tokens read ahead; lexing is lazy so that stderr noise after the closing brace is never lexed. */
    private final List<Token> lookahead = new ArrayList<>();
    /** The first line whose array keys do not say unambiguously what the configuration holds, or 0. */
    private int ambiguousLine;

    private ConfigParser(String text) {
        this.lexer = new ConfigLexer(text);
    }

    /** Parses the complete output of {@code lighttpd -p}. */
    public static LighttpdConfig parse(String dump) throws ConfigSyntaxException {
        int start = findConfigStart(dump);
        String prefix = dump.substring(0, start);
        int skippedLines = (int) prefix.chars().filter(c -> c == '\n').count();
        ConfigParser parser = new ConfigParser(dump.substring(start));
        try {
            ConfigBlock root = parser.dump();
            return new LighttpdConfig(root, parser.ambiguousLine == 0 ? java.util.OptionalInt.empty()
                    : java.util.OptionalInt.of(parser.ambiguousLine + skippedLines));
        } catch (ConfigSyntaxException e) {
            // report the line number in the whole output the administrator can rerun
            throw new ConfigSyntaxException(e.line() + skippedLines, e.lineText(), e.problem());
        }
    }

    /** Parses one value in lighttpd syntax, e.g. {@code ("a", "b" => 1)}. */
    public static ConfigValue parseValue(String text) throws ConfigSyntaxException {
        ConfigParser parser = new ConfigParser(text);
        ConfigValue value = parser.value();
        parser.expect(Token.Type.EOF, "end of value");
        return value;
    }

    private static int findConfigStart(String dump) throws ConfigSyntaxException {
        Matcher m = Pattern.compile("(?m)^config \\{[ \\t\\r]*$").matcher(dump);
        if (!m.find()) {
            String first = dump.strip().isEmpty() ? "" : dump.strip().lines().findFirst().orElse("");
            throw new ConfigSyntaxException(1, first, "no line \"config {\" in the output");
        }
        return m.start();
    }

    private ConfigBlock dump() throws ConfigSyntaxException {
        Token config = expect(Token.Type.NAME, "config");
        if (!config.text().equals("config")) {
            throw error(config, "expected \"config {\"");
        }
        expect(Token.Type.LBRACE, "{");
        return body(ConfigBlock.Kind.GLOBAL, Optional.empty(), config.line());
        // whatever follows the closing brace is stderr noise
    }

    /** The assignments and blocks up to and including the closing brace. */
    private ConfigBlock body(ConfigBlock.Kind kind, Optional<Condition> condition, int line)
            throws ConfigSyntaxException {
        Map<String, ConfigValue> assignments = new LinkedHashMap<>();
        List<ConfigBlock> children = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.type()) {
                case RBRACE -> {
                    next();
                    return new ConfigBlock(kind, condition, assignments, children, line);
                }
                case CONDITION -> chain(children);
                case NAME -> {
                    if (t.text().equals("if") && peekAt(1).type() == Token.Type.CONDITION) {
                        next();
                        chain(children);
                    } else {
                        assignment(assignments);
                    }
                }
                case EOF -> throw error(t, "missing } at the end of the output");
                default -> throw error(t, "expected an assignment or a condition, found '" + t.text() + "'");
            }
        }
    }

    private void assignment(Map<String, ConfigValue> assignments) throws ConfigSyntaxException {
        Token key = next();
        if (isElse(key)) {
            throw error(key, "else without a preceding condition block");
        }
        expect(Token.Type.ASSIGN, "=");
        assignments.put(key.text(), value());
    }

    /** An if block and the else-if / else blocks chained to it. */
    private void chain(List<ConfigBlock> siblings) throws ConfigSyntaxException {
        Token cond = next();
        expect(Token.Type.LBRACE, "{");
        siblings.add(body(ConfigBlock.Kind.IF, Optional.of(condition(cond)), cond.line()));
        while (isElse(peek())) {
            Token elseToken = next();
            if (peek().type() == Token.Type.NAME && peek().text().equals("if")) {
                next();
            }
            if (peek().type() == Token.Type.CONDITION) {
                Token c = next();
                expect(Token.Type.LBRACE, "{");
                siblings.add(body(ConfigBlock.Kind.ELSE_IF, Optional.of(condition(c)), c.line()));
            } else {
                expect(Token.Type.LBRACE, "{ or a condition after else");
                siblings.add(body(ConfigBlock.Kind.ELSE, Optional.empty(), elseToken.line()));
                return; // nothing can follow the catch-all
            }
        }
    }

    private static boolean isElse(Token t) {
        return t.type() == Token.Type.NAME && switch (t.text()) {
            case "else", "elseif", "elif", "elsif" -> true;
            default -> false;
        };
    }

    private Condition condition(Token t) throws ConfigSyntaxException {
        Matcher m = CONDITION.matcher(t.text());
        if (!m.matches()) {
            throw error(t, "condition not of the form $VARIABLE[\"field\"] OPERATOR \"operand\"");
        }
        return new Condition(m.group(1), m.group(2), Condition.Operator.ofSymbol(m.group(3)), m.group(4));
    }

    private ConfigValue value() throws ConfigSyntaxException {
        Token t = next();
        return switch (t.type()) {
            case STRING -> new ConfigString(t.text());
            case INTEGER -> integer(t);
            case LPAREN -> array();
            default -> throw error(t, "expected a value (string, integer or array), found '" + t.text() + "'");
        };
    }

    private ConfigValue integer(Token t) throws ConfigSyntaxException {
        try {
            return new ConfigInteger(Long.parseLong(t.text()));
        } catch (NumberFormatException e) {
            throw error(t, "integer out of range");
        }
    }

    private ConfigArray array() throws ConfigSyntaxException {
        List<ConfigArray.Entry> entries = new ArrayList<>();
        while (peek().type() != Token.Type.RPAREN) {
            if (peek().type() == Token.Type.STRING && peekAt(1).type() == Token.Type.ARROW) {
                Token keyToken = next();
                noteAmbiguity(keyToken);
                String key = keyToken.text();
                next();
                entries.add(new ConfigArray.Entry(key, value()));
            } else {
                entries.add(new ConfigArray.Entry(null, value()));
            }
            if (peek().type() != Token.Type.COMMA) {
                break;
            }
            next();
        }
        expect(Token.Type.RPAREN, ")");
        return new ConfigArray(entries);
    }

    /**
     * lighttpd prints array keys raw, one keyed entry per line. A key that holds a quote, or a keyed entry that
     * does not start its line, may be one key of the administrator's that merely reads as several entries
     * ({@code "x\" => \"1\", \"bin-path\" => ..."}): the configuration then parses, but what it says is not certain.
     */
    private void noteAmbiguity(Token key) {
        if ((!key.firstOnLine() || key.text().indexOf('"') >= 0) && ambiguousLine == 0) {
            ambiguousLine = key.line();
        }
    }

    private Token peek() throws ConfigSyntaxException {
        return peekAt(0);
    }

    private Token peekAt(int offset) throws ConfigSyntaxException {
        while (lookahead.size() <= offset) {
            lookahead.add(lexer.next());
        }
        return lookahead.get(offset);
    }

    private Token next() throws ConfigSyntaxException {
        Token t = peek();
        lookahead.remove(0);
        return t;
    }

    private Token expect(Token.Type type, String what) throws ConfigSyntaxException {
        Token t = next();
        if (t.type() != type) {
            throw error(t, "expected " + what + ", found '" + (t.type() == Token.Type.EOF ? "end of output" : t.text())
                    + "'");
        }
        return t;
    }

    private ConfigSyntaxException error(Token t, String problem) {
        return new ConfigSyntaxException(t.line(), lexer.lineText(t.line()), problem);
    }
}
