package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The users a lighttpd of an instance may run as: root, which starts it, and server.username, to which it drops
 * its privileges. A lighttpd run by anyone else is not this instance's server, whatever sockets it holds.
 */
public final class ServerUser {
    private static final Path PASSWD = Path.of("/etc/passwd");

    private ServerUser() {
    }

    public static Set<Integer> allowedUids(EffectiveConfig config) {
        Set<Integer> uids = new HashSet<>();
        uids.add(0);
        if (config.username().isPresent()) {
            java.util.OptionalInt uid = uidOf(config.username().get(), PASSWD);
            if (uid.isPresent()) {
                uids.add(uid.getAsInt());
            }
        }
        return uids;
    }

    /** A user name as /etc/passwd has it (lighttpd itself calls getpwnam), or a numeric UID. */
    static java.util.OptionalInt uidOf(String name, Path passwd) {
        if (org.lighttpdctl.os.Text.isDigits(name, 1, 9, false)) {
            return java.util.OptionalInt.of(Integer.parseInt(name));
        }
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[0].equals(name)) {
                    return java.util.OptionalInt.of(Integer.parseInt(fields[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown user: only root is allowed
        }
        return java.util.OptionalInt.empty();
    }
}
