package org.lighttpdctl.server.config;

/**
 * A token of {@code lighttpd -p} output. For STRING {@code text} is the unescaped value; for CONDITION it is the
 * whole condition text between {@code $} (included) and the block's opening brace (excluded).
 */
record Token(Type type, String text, int line) {

    enum Type { NAME, STRING, INTEGER, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, ARROW, ASSIGN, CONDITION, EOF }
}
