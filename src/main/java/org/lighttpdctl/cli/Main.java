package org.lighttpdctl.cli;

/** Entry point of /usr/sbin/lighttpdctl. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        nameSelectorProvider();
        formatAsUsWhenPlainEnglish();
        if (args.length > 0 && args[0].equals(CdsTraining.ARGUMENT)) {
            // System.exit: the training cleans up in a shutdown hook
            System.exit(CdsTraining.run(java.util.List.of(args).subList(1, args.length)));
        }
        exit(LighttpdctlCommand.execute(args));
    }

    /**
     * Ends the JVM with {@code code}, stdout and stderr flushed. Runtime.halt, not System.exit: from Java 21 on,
     * Runtime.exit logs through a System.Logger (JDK-8301627), and the first use of one looks for a logging
     * backend, scanning every jar on the class path for a LoggerFinder and starting java.util.logging: about a
     * sixth of a status call on Java 21 (README, "What a run costs the machine"). What exit does besides is run
     * the shutdown hooks, and a run of the tool registers none.
     */
    static void exit(int code) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /**
     * Names the JDK's own selector provider, unless the user named one. The first NIO channel (the probe's unix
     * socket, the netlink listing) asks SelectorProvider.provider(), which first looks for the property, then for
     * a java.nio.channels.spi.SelectorProvider service on the class path (opening the central directory of every
     * jar on it: about 65 classes and 10-20 ms, README "What a run costs the machine"), and else takes the JDK's
     * default, which on Linux is sun.nio.ch.EPollSelectorProvider. No jar of ours provides that service, so naming
     * the default skips only the scan. Left alone where that class does not exist (another platform or JDK).
     */
    private static void nameSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linuxDefault = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) == null) {
            try {
                Class.forName(linuxDefault, false, null);
                System.setProperty(property, linuxDefault);
            } catch (ClassNotFoundException e) {
                // not Linux's JDK: the JDK finds its provider itself
            }
        }
    }

    /**
     * Under the C, C.UTF-8 and POSIX locales (and LANG=en) Java's format locale is plain "en", and the first
     * String.format with a number (jffi's stub loader makes one on every run that loads native code) then sets up
     * the JDK's locale providers and resource bundles for its DecimalFormatSymbols: about 75 classes and 8 ms of
     * CPU per graceful. Locale.US skips that (Formatter takes '0' as its zero digit without asking), and CLDR's
     * "en" and "en-US" format numbers alike, so the format locale becomes en-US in exactly that case; any other
     * locale is left as it is.
     */
    private static void formatAsUsWhenPlainEnglish() {
        java.util.Locale current = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        java.util.Locale chosen = formatLocaleFor(current);
        if (!chosen.equals(current)) {
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, chosen);
        }
    }

    /** The format locale the tool runs with: en-US for plain "en", any other locale as it is. */
    static java.util.Locale formatLocaleFor(java.util.Locale current) {
        return current.equals(java.util.Locale.ENGLISH) ? java.util.Locale.US : current;
    }
}
