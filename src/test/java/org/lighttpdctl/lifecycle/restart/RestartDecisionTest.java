package org.lighttpdctl.lifecycle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.SyscallException.Errno;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;
import org.lighttpdctl.testing.fake.FakeProcess;
import org.lighttpdctl.testing.fake.Op;

/**
 * The restart transaction decided against the fake kernel, lighttpd's own part (start, answer) played by the test:
 * what is signalled and when, what the canonical pidfile and the records say at each point, and which strategy a
 * failure falls back to. No root, no lighttpd; the fake clock runs every wait in milliseconds.
 */
@Tag("unit")
class RestartDecisionTest {
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int OLD_PID = 4711;
    private static final int NEW_PID = 5000;
    private static final int[] DEBIAN_13 = {1, 4, 79};

    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeInstance fake;
    private Instance instance;
    private Context context;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private FakeProcess oldProcess;
    private Generation old;
    /** What the test's lighttpd saw when it was started and asked to prove itself, in order. */
    private final List<String> seen = new ArrayList<>();
    private FakeProcess freshProcess;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel(tmp);
        fake = new FakeInstance(kernel, 8);
        instance = fake.instance();
        context = kernel.context(console);
        oldProcess = fake.generation(1, OLD_PID, Role.SERVING, 0, true).drainsFor(Duration.ofSeconds(1));
        fake.pidfile(OLD_PID);
        old = fake.records().get(0);
    }

    /** Starts the new generation as GenerationLauncher leaves it: running, holding what it inherited, recorded. */
    private Generation launch(Instance instance, List<Integer> inherited, String token) {
        seen.add("launch: pidfile " + pidfile() + ", signals " + kernel.signalLog() + ", old "
                + (oldProcess.exited() ? "exited" : "running") + ", " + inherited.size() + " inherited");
        freshProcess = fake.generation(2, NEW_PID, Role.STARTING, 0, !inherited.isEmpty())
                .drainsFor(Duration.ofSeconds(1));
        return fake.records().stream().filter(g -> g.id() == 2).findFirst().orElseThrow();
    }

    private void answers(Generation fresh, Instance instance, TakenSockets sockets, Optional<?> probe, String token) {
        seen.add("proof: pidfile " + pidfile() + ", signals " + kernel.signalLog() + ", roles " + roles());
    }

    private ProvenLaunch answering() {
        return new ProvenLaunch(context, this::launch, this::answers);
    }

    /** The new generation starts but fails its proof; {@code dies}: it has exited by then. */
    private ProvenLaunch notAnswering(boolean dies) {
        return new ProvenLaunch(context, this::launch, (fresh, inst, sockets, probe, token) -> {
            if (dies) {
                kernel.exit(freshProcess);
            }
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "new generation gave no answer");
        });
    }

    private String pidfile() {
        try {
            Path path = instance.pidfile().path();
            return Files.isRegularFile(path) ? Files.readString(path).trim() : "(none)";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> roles() {
        return fake.records().stream().map(g -> g.id() + ":" + g.role()).toList();
    }

    private StrategyChoice automatic(int[] version) {
        return StrategyChoice.choose(Optional.empty(), instance.effective(), version, false);
    }

    // ----- the handoff: commit order and rollback --------------------------------------------------------------

    @Test
    void theHandoffCommitsOnlyAfterTheProofAndTellsTheOldToDrainOnlyAfterTheCommit() throws Exception {
        RestartOutcome outcome = new HandoffRestart(context, answering()).replace(instance, old, DRAIN);

        assertEquals(List.of("launch: pidfile 4711, signals [], old running, 1 inherited",
                "proof: pidfile 4711, signals [], roles [1:SERVING, 2:STARTING]"), seen);
        assertEquals(Strategy.HANDOFF, outcome.strategy());
        assertEquals(String.valueOf(NEW_PID), pidfile());
        assertEquals(List.of("1:DRAINING", "2:SERVING"), roles());
        assertEquals(List.of("INT>4711", "CONT>4711"), kernel.signalLog(), "the old one, once, after the commit");
        assertTrue(kernel.signals().get(0).throughPidfd());
        assertTrue(freshProcess.received().isEmpty(), "the new generation is never signalled");
        assertEquals(java.util.Map.of(), kernel.takenSockets(), "this call's copies of the sockets are closed");
    }

    @Test
    void aCommitThatCannotWriteThePidfileNeverTellsTheOldToDrain() throws Exception {
        Files.delete(instance.pidfile().path());
        Files.createDirectory(instance.pidfile().path()); // not a regular file: the write is refused

        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> new HandoffRestart(context, answering()).replace(instance, old, DRAIN));

        assertTrue(e.getMessage().contains("pidfile"), e.getMessage());
        assertEquals(List.of(), kernel.signalLog(), "nothing signalled: the old generation still serves");
        assertFalse(oldProcess.exited());
        assertEquals(List.of("1:SERVING", "2:STARTING"), roles(), "the next call's housekeeping drains generation 2");
    }

    @Test
    void aNewGenerationThatDiesBeforeAnsweringLeavesTheOldServingAndNothingSignalled() {
        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> new HandoffRestart(context, notAnswering(true)).replace(instance, old, DRAIN));

        assertTrue(e.getMessage().contains("new generation gave no answer\nrolled back: the old generation (PID "
                + OLD_PID + ") still serves"), e.getMessage());
        assertEquals(List.of(), kernel.signalLog(), "the dead one is not signalled, the old one not told");
        assertEquals(String.valueOf(OLD_PID), pidfile());
        assertEquals(List.of("1:SERVING"), roles(), "the failed generation is forgotten");
        assertEquals(java.util.Map.of(), kernel.takenSockets());
    }

    @Test
    void aNewGenerationThatNeverAnswersIsDrainedNotCutAndTheOldKeepsServing() {
        assertThrows(LighttpdctlException.class,
                () -> new HandoffRestart(context, notAnswering(false)).replace(instance, old, DRAIN));

        assertEquals(List.of("INT>5000"), kernel.signalLog(), "SIGINT, which drains: it may hold clients already");
        assertTrue(freshProcess.exited());
        assertFalse(oldProcess.exited());
        assertEquals(String.valueOf(OLD_PID), pidfile());
        assertEquals(List.of("1:SERVING"), roles());
    }

    // ----- the commit's writes go through the context's seam -------------------------------------------------

    @Test
    void theCommitWritesThePidfileAndTheRecordsThroughTheContextsSeamAndClosesWhatItOpened() throws Exception {
        int before = kernel.files().calls().size();

        new HandoffRestart(context, answering()).replace(instance, old, DRAIN);

        List<String> calls = kernel.files().calls().subList(before, kernel.files().calls().size());
        Path records = instance.generations().dir();
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("renameAt ") && c.endsWith(" -> "
                + instance.pidfile().path())), "the pidfile is replaced through the fake kernel: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.endsWith(" -> " + records.resolve("1.generation"))),
                "record 1 through the fake kernel: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.endsWith(" -> " + records.resolve("2.generation"))),
                "record 2 through the fake kernel: " + calls);
        assertEquals(String.valueOf(NEW_PID), pidfile());
        assertEquals(java.util.Map.of(), kernel.files().openDescriptors(), "every descriptor it opened is closed");
    }

    @Test
    void aKernelThatRefusesThePidfilesRenameAtTheCommitLeavesTheOldServingAndNothingSignalled() {
        // The fault is armed once the new generation has been launched and recorded: the commit's first rename is
        // the pidfile's.
        ProvenLaunch failingCommit = new ProvenLaunch(context, this::launch, (fresh, inst, sockets, probe, token) ->
                kernel.failNext(Op.RENAME, 28)); // ENOSPC

        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> new HandoffRestart(context, failingCommit).replace(instance, old, DRAIN));

        assertTrue(e.getMessage().contains("cannot write pidfile " + instance.pidfile().path()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), kernel.signalLog(), "nothing signalled: the old generation still serves");
        assertFalse(oldProcess.exited());
        assertEquals(String.valueOf(OLD_PID), pidfile(), "the pidfile still names the old generation");
        assertEquals(java.util.Map.of(), kernel.files().openDescriptors(), "the temporary file's descriptor is closed");
    }

    // ----- fallbacks -------------------------------------------------------------------------------------------

    @Test
    void socketsThatCannotBeTakenMakeAnAutomaticHandoffSequenced() throws Exception {
        kernel.failNext(Op.PIDFD_GETFD, Errno.EPERM); // no ptrace rights over the server, once

        RestartOutcome outcome = new Replacement(context, answering()).run(instance, old, automatic(DEBIAN_13), DRAIN);

        assertEquals(Strategy.SEQUENCED, outcome.strategy());
        assertTrue(console.toString().contains("falling back to a sequenced restart"), console.toString());
        assertEquals("launch: pidfile 4711, signals [INT>4711, CONT>4711], old exited, 1 inherited", seen.get(0),
                "the new generation starts on the held socket only once the old one has gone");
        assertEquals(String.valueOf(NEW_PID), pidfile());
        assertEquals(List.of("INT>4711", "CONT>4711"), kernel.signalLog());
    }

    @Test
    void aRequestedHandoffIsNeverReplacedByAnotherStrategy() {
        kernel.failNext(Op.PIDFD_GETFD, Errno.EPERM);
        StrategyChoice requested = StrategyChoice.choose(Optional.of(Strategy.HANDOFF), instance.effective(),
                DEBIAN_13, false);

        assertThrows(HandoffImpossibleException.class,
                () -> new Replacement(context, answering()).run(instance, old, requested, DRAIN));

        assertEquals(List.of(), seen, "nothing started");
        assertEquals(List.of(), kernel.signalLog(), "nothing signalled");
        assertEquals(String.valueOf(OLD_PID), pidfile());
    }

    @Test
    void whenNoStrategyCanTakeTheSocketsTheOldExitsAndTheNewRebindsSayingClientsWereRefused() throws Exception {
        kernel.failNext(Op.PIDFD_GETFD, Errno.EPERM).failNext(Op.PIDFD_GETFD, Errno.EPERM);

        RestartOutcome outcome = new Replacement(context, answering()).run(instance, old, automatic(DEBIAN_13), DRAIN);

        assertEquals(Strategy.REBIND, outcome.strategy(), "reported as what it is");
        assertEquals("launch: pidfile 4711, signals [INT>4711, CONT>4711], old exited, 0 inherited", seen.get(0));
        assertTrue(outcome.summary("graceful").contains("new clients were refused for up to"),
                outcome.summary("graceful"));
        assertEquals(String.valueOf(NEW_PID), pidfile());
    }

    @Test
    void aLighttpdBefore1464RebindsWithoutTryingToTakeTheSockets() throws Exception {
        RestartOutcome outcome = new Replacement(context, answering()).run(instance, old,
                automatic(new int[] {1, 4, 63}), DRAIN);

        assertEquals(Strategy.REBIND, outcome.strategy());
        assertFalse(console.toString().contains("] took "), "no socket taken: " + console);
        assertEquals("launch: pidfile 4711, signals [INT>4711, CONT>4711], old exited, 0 inherited", seen.get(0));
    }

    @Test
    void aSequencedRestartWhoseNewGenerationFailsSaysNothingServes() {
        StrategyChoice sequenced = StrategyChoice.choose(Optional.of(Strategy.SEQUENCED), instance.effective(),
                DEBIAN_13, false);

        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> new Replacement(context, notAnswering(false)).run(instance, old, sequenced, DRAIN));

        assertEquals(ExitCode.GENERIC_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("has exited and NOTHING SERVES"), e.getMessage());
        assertEquals(List.of("INT>4711", "CONT>4711", "INT>5000"), kernel.signalLog(),
                "the unproven generation is drained, never left half-working behind the pidfile");
        assertEquals(String.valueOf(OLD_PID), pidfile(), "never committed");
        assertEquals(List.of("1:SERVING"), roles());
    }
}
