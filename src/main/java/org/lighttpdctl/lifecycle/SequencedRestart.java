package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.util.List;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.Sleep;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The restart for when two generations must not overlap or a handoff is impossible: SIGINT the old generation,
 * wait until the kernel no longer lists its listening sockets (read from /proc/net: no port is probed), then start
 * the new one at once. A busy old generation may take a moment to act on SIGINT, so a start that fails with
 * EADDRINUSE is retried within a bound rather than leaving nothing listening.
 */
final class SequencedRestart {
    private static final Duration PORT_FREE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BIND_RETRY_WINDOW = Duration.ofSeconds(10);
    private final Context context;

    SequencedRestart(Context context) {
        this.context = context;
    }

    RestartOutcome replace(Instance instance, Generation old, Duration drainTimeout) throws LighttpdctlException {
        long started = System.nanoTime();
        new Signaller(context).signal(old, Signal.INT);
        new Signaller(context).signal(old, Signal.CONT);
        awaitPortsFree(instance);
        Generation fresh = launchWithRetry(instance, old);
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        new Commit(context).promote(instance, fresh, old, drainTimeout);
        int open = context.scan().isSameProcess(old) ? context.procfs().socketInodes(old.pid()).size() : 0;
        return new RestartOutcome(Strategy.SEQUENCED, old.pid(), fresh.pid(), readyMillis, open);
    }

    private void awaitPortsFree(Instance instance) {
        long deadline = System.nanoTime() + PORT_FREE_TIMEOUT.toNanos();
        while (!context.scan().configuredListeners(instance.effective()).isEmpty() && System.nanoTime() < deadline) {
            Sleep.millis(1);
        }
        context.console().step("listening sockets released");
    }

    private Generation launchWithRetry(Instance instance, Generation old) throws LighttpdctlException {
        long deadline = System.nanoTime() + BIND_RETRY_WINDOW.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return new GenerationLauncher(context).launch(instance, List.of(), ReadinessProbe.newToken());
            } catch (LaunchFailedException e) {
                if (!e.addressInUse() || System.nanoTime() > deadline) {
                    throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage() + "\nthe old generation (PID "
                            + old.pid() + ") is draining and no longer accepts connections: fix the cause and run start");
                }
                context.console().step("address still in use (attempt " + attempt + "): retrying");
                Sleep.millis(20);
            }
        }
    }
}
