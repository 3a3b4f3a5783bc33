package org.lighttpdctl.lifecycle.state;

import java.nio.file.Path;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * A generation runs on a wrapper config that includes the administrator's file, and lighttpd's include takes
 * its argument as a glob pattern: "site[1].conf" would silently include "site1.conf" (or nothing, or several
 * files). A path with a pattern character is refused before anything is done, never served differently.
 */
final class IncludablePath {
    private static final String GLOB_CHARACTERS = "\\*?[{";

    private IncludablePath() {
    }

    static void require(Path config) throws LighttpdctlException {
        String path = config.toAbsolutePath().normalize().toString();
        for (char c : GLOB_CHARACTERS.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                throw new LighttpdctlException(ExitCode.NOT_CONFIGURED, "cannot use configuration " + config
                        + ": its path contains '" + c + "', which lighttpd's include takes as a pattern "
                        + "(rename it, or name it through a link without " + GLOB_CHARACTERS + ")");
            }
        }
    }
}
