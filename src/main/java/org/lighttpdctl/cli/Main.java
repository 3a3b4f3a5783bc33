package org.lighttpdctl.cli;

/** Entry point of /usr/sbin/lighttpdctl. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CdsTraining.ARGUMENT)) {
            System.exit(CdsTraining.run(java.util.List.of(args).subList(1, args.length)));
        }
        System.exit(LighttpdctlCommand.execute(args));
    }
}
