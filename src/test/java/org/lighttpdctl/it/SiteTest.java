package org.lighttpdctl.it;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * A fresh sample site on free loopback ports for each test, and afterwards the end of every process whose command
 * line names the site's private root (only processes this test started), by PID.
 */
abstract class SiteTest {
    SampleSite site;
    Ctl ctl;

    @BeforeEach
    void createSite() throws IOException {
        site = SampleSite.create(gracefulTimeoutSeconds());
        ctl = new Ctl(site);
    }

    /** The sample's server.graceful-shutdown-timeout. */
    int gracefulTimeoutSeconds() {
        return SampleSite.DEFAULT_GRACEFUL_TIMEOUT_SECONDS;
    }

    @AfterEach
    void removeSite() {
        Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        site.close();
    }
}
