package org.lighttpdctl.lifecycle.restart;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.GenerationLauncher;
import org.lighttpdctl.lifecycle.LaunchFailedException;
import org.lighttpdctl.lifecycle.Terminator;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Endpoint;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The step every strategy that starts a new generation shares: start it on the taken listening sockets (the private
 * probe socket passed last) and prove it serves ({@link ReadinessProbe}). It returns only a proven generation,
 * recorded as STARTING; what to do with it (commit now, or after the old one has gone) is the caller's.
 */
final class ProvenLaunch {
    /**
     * A lighttpd whose daemon parent has exited 0 has bound its sockets and finished its setup: it answers in
     * milliseconds. 10 s leaves room for a loaded machine and a TLS handshake per listener, and bounds how long a
     * sequenced restart keeps new clients in the listen queue behind a generation that will never answer.
     */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    /** Starts lighttpd on the given descriptors of this process ({@link GenerationLauncher}). */
    @FunctionalInterface
    interface Launcher {
        Generation launch(Instance instance, List<Integer> inherited, String token) throws LighttpdctlException;
    }

    /** Proves a started generation serves, or says why not ({@link ReadinessProbe}). */
    @FunctionalInterface
    interface Proof {
        void await(Generation fresh, Instance instance, TakenSockets sockets, Optional<Endpoint> privateProbe,
                   String token) throws LighttpdctlException;
    }

    private final Context context;
    private final Launcher launcher;
    private final Proof proof;

    ProvenLaunch(Context context) {
        this(context, new GenerationLauncher(context)::launch, (fresh, instance, sockets, privateProbe, token) ->
                new ReadinessProbe(context).await(fresh, instance.effective().endpoints(), sockets.inodes(),
                        privateProbe, token, READY_TIMEOUT));
    }

    /** With lighttpd's part given: unit tests put their own behind it. */
    ProvenLaunch(Context context, Launcher launcher, Proof proof) {
        this.context = context;
        this.launcher = launcher;
        this.proof = proof;
    }

    /**
     * @throws LaunchFailedException the generation did not start; nothing of it is left running or recorded
     * @throws NotProvenException    it started but was not proven: it has been drained (it may already have
     *                               accepted clients on the shared sockets, so never cut) and forgotten
     */
    Generation start(Instance instance, TakenSockets sockets, Optional<ProbeSocket> probe, Duration drainTimeout)
            throws LighttpdctlException {
        String token = ReadinessProbe.newToken();
        List<Integer> passed = new ArrayList<>(sockets.descriptors());
        // last: lighttpd serves it although its configuration names it not
        probe.ifPresent(p -> passed.add(p.descriptor()));
        Generation fresh = launcher.launch(instance, passed, token);
        context.console().step(Checkpoint.NEW_GENERATION_RUNNING, "new generation " + fresh.id()
                + " running as PID " + fresh.pid());
        try {
            proof.await(fresh, instance, sockets, probe.map(ProbeSocket::endpoint), token);
            return fresh;
        } catch (LighttpdctlException notReady) {
            drainUnproven(instance, fresh, drainTimeout);
            throw new NotProvenException(notReady);
        }
    }

    private void drainUnproven(Instance instance, Generation fresh, Duration drainTimeout)
            throws LighttpdctlException {
        context.console().step("rolling back: draining new generation " + fresh.id());
        new Terminator(context).end(List.of(fresh), Signal.INT, drainTimeout);
        try {
            instance.generations().forget(fresh.id());
        } catch (IOException e) {
            // Its process is gone: the next call's housekeeping forgets a record whose PID is gone.
            context.console().warn("cannot remove the records of generation " + fresh.id() + ": " + e.getMessage());
        }
    }
}
