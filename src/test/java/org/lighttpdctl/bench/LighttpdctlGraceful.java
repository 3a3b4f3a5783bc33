package org.lighttpdctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lighttpdctl.testing.Fixtures;
import org.lighttpdctl.testing.SampleSite;

/**
 * {@code bin/lighttpdctl graceful}: the tool under development. The server is started with
 * {@code bin/lighttpdctl start} and stopped with {@code bin/lighttpdctl stop}, all with the site's
 * config and a state directory inside the site's root.
 */
final class LighttpdctlGraceful implements RestartMethod {
    /** @return bin/lighttpdctl of this repository */
    static Path script() {
        return Fixtures.base().toAbsolutePath().getParent().resolve("bin").resolve("lighttpdctl");
    }

    @Override
    public String name() {
        return "lighttpdctl-graceful";
    }

    @Override
    public Optional<String> unavailable() {
        return Files.isExecutable(script()) ? Optional.empty() : Optional.of("bin/lighttpdctl missing");
    }

    @Override
    public void start(SampleSite site) {
        Shell.Result result = lighttpdctl("start", site);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("lighttpdctl start exited " + result.exitCode() + ": " + result.output());
        }
    }

    @Override
    public Shell.Result restart(SampleSite site) {
        return lighttpdctl("graceful", site);
    }

    @Override
    public void stop(SampleSite site) {
        lighttpdctl("stop", site);
    }

    private static Shell.Result lighttpdctl(String command, SampleSite site) {
        return Shell.run(List.of(script().toString(), command, "-f", site.config().toString(),
                "--state-dir", site.root().resolve("state").toString()), Map.of());
    }
}
