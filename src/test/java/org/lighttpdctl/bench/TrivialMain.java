package org.lighttpdctl.bench;

/** The baseline of {@link CostBench}: a Java main that does nothing but print a line. */
public final class TrivialMain {
    private TrivialMain() {}

    public static void main(String[] args) {
        System.out.println("trivial");
    }
}
