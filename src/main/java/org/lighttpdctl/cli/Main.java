package org.lighttpdctl.cli;

/** Entry point of /usr/sbin/lighttpdctl. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LighttpdctlCommand.execute(args));
    }
}
