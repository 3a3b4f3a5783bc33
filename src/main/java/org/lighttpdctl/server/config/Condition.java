package org.lighttpdctl.server.config;

import java.util.Objects;

/**
 * The condition of a block, e.g. {@code $SERVER["socket"] == "[::]:80"}: {@code variable} "SERVER", {@code field}
 * "socket", the operator, and the operand exactly as lighttpd holds it (unescaped).
 */
public record Condition(String variable, String field, Operator operator, String operand) {

    /** lighttpd's comparison operators. */
    public enum Operator {
        EQUAL("=="), NOT_EQUAL("!="), MATCH("=~"), NOT_MATCH("!~"), PREFIX("=^"), SUFFIX("=$");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator printed as {@code symbol}, or null. */
        static Operator ofSymbol(String symbol) {
            for (Operator op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    public Condition {
        Objects.requireNonNull(variable);
        Objects.requireNonNull(field);
        Objects.requireNonNull(operator);
        Objects.requireNonNull(operand);
    }

    /** Whether this is {@code $SERVER["socket"] == "..."}, the block that makes lighttpd listen on a socket. */
    public boolean isServerSocket() {
        return variable.equals("SERVER") && field.equals("socket") && operator == Operator.EQUAL;
    }

    /** The condition in lighttpd's source syntax (operand escaped), e.g. {@code $HTTP["host"] == "a"}. */
    @Override
    public String toString() {
        return "$" + variable + "[\"" + field + "\"] " + operator.symbol() + " " + ConfigPrinter.quote(operand);
    }
}
