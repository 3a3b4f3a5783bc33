package org.lighttpdctl.server.config;

/**
 * A token of {@code lighttpd -p} output. For STRING {@code text} is the unescaped value; for CONDITION it is the
 * whole condition text between {@code $} (included) and the block's opening brace (excluded). {@code firstOnLine}:
 * only spaces precede a STRING on its line; {@code raw}: a STRING read as a raw array key (see {@link ConfigLexer}).
 */
record Token(Type type, String text, int line, boolean firstOnLine, boolean raw) {

    Token(Type type, String text, int line) {
        this(type, text, line, false, false);
    }

    enum Type { NAME, STRING, INTEGER, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, ARROW, ASSIGN, CONDITION, EOF }
}
