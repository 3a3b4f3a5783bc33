package org.lighttpdctl.lifecycle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;
import org.lighttpdctl.testing.fake.FakeProcess;

/**
 * Housekeeping of every state a killed call can leave, decided against the fake kernel: records of processes that
 * are gone, a spawn never committed (with and without its PID recorded), a generation demoted on disk but never
 * told, a commit whose old generation was never told, a stale pidfile, a drain past its deadline, leftover files.
 */
@Tag("unit")
class HousekeepingTest {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeInstance fake;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Housekeeping housekeeping;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel(tmp).oversleep(Duration.ofMillis(250));
        fake = new FakeInstance(kernel, 8);
        Context context = kernel.context(console);
        housekeeping = new Housekeeping(context);
    }

    private Census settle() throws Exception {
        return housekeeping.settle(fake.instance(), DRAIN);
    }

    private Generation record(long id) {
        return fake.records().stream().filter(g -> g.id() == id).findFirst().orElseThrow();
    }

    @Test
    void recordsOfProcessesThatAreGoneAreForgotten() throws Exception {
        FakeProcess serving = fake.generation(1, 4711, Role.SERVING, 0, true);
        FakeProcess old = fake.generation(2, 4700, Role.DRAINING, kernel.currentTimeMillis(), false);
        kernel.exit(old);
        fake.pidfile(4711);

        Census census = settle();

        assertEquals(List.of(1L), fake.records().stream().map(Generation::id).toList());
        assertEquals(4711, census.serving().orElseThrow().pid());
        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
        assertTrue(serving.received().isEmpty());
    }

    @Test
    void aSpawnNeverCommittedIsDrainedNotKilled() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        // the restart died after its new generation took the sockets, before the commit
        fake.generation(2, 4800, Role.STARTING, 0, true);
        Files.writeString(fake.instance().generations().serverPidfile(2), "4800\n");

        settle();

        assertEquals(List.of("INT>4800"), kernel.signalLog());
        assertEquals(Role.DRAINING, record(2).role());
        assertEquals(kernel.currentTimeMillis() + DRAIN.toMillis(), record(2).drainDeadline(), 100);
        assertEquals(Role.SERVING, record(1).role());
        assertTrue(console.toString().contains("never finished: draining it"), console.toString());
    }

    @Test
    void aSpawnStillStartingIsWaitedForUntilItsPidfileNamesTheDaemon() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.generation(2, 4800, Role.STARTING, 0, true);
        Path own = fake.instance().generations().serverPidfile(2);
        Files.writeString(own, ""); // lighttpd creates it empty and writes the PID once it is ready
        kernel.after(Duration.ofSeconds(3), () -> write(own, "4800\n"));

        settle();

        assertEquals(List.of("INT>4800"), kernel.signalLog());
        assertTrue(kernel.signals().get(0).atMillis() >= 3_000, kernel.signals().toString());
        assertTrue(console.toString().contains("is still starting: waiting for it"), console.toString());
    }

    @Test
    void aSpawnThatNeverGetsReadyIsWaitedForSixtySecondsThenDrained() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.generation(2, 4800, Role.STARTING, 0, true);
        Files.writeString(fake.instance().generations().serverPidfile(2), "");

        settle();

        assertEquals(List.of("INT>4800"), kernel.signalLog());
        long at = kernel.signals().get(0).atMillis();
        assertTrue(at >= 60_000 && at < 61_000, kernel.signals().toString());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSpawnWhosePidWasNeverRecordedIsFoundByItsWrapperAndDrained() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        // the record was written just before posix_spawn: no PID yet
        long recordedAt = kernel.processAt(4711).startTicks();
        fake.save(new Generation(2, 0, recordedAt, fake.binary(), Role.STARTING, 0, false));
        kernel.advance(Duration.ofMillis(30));
        kernel.process(4800, fake.binary()).holdsSocket(3, FakeInstance.LISTENER).commandLine(List.of(
                fake.binary().toString(), "-D", "-f", fake.instance().generations().wrapperConfig(2).toString()));
        Files.writeString(fake.instance().generations().serverPidfile(2), "4800\n");

        settle();

        assertEquals(List.of("INT>4800"), kernel.signalLog());
        assertEquals(4800, record(2).pid(), "the record now names the spawn");
        assertEquals(Role.DRAINING, record(2).role());
    }

    @Test
    void aSpawnThatNeverStartedLeavesNothingToSignal() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.save(new Generation(2, 0, kernel.processAt(4711).startTicks(), fake.binary(), Role.STARTING, 0, false));

        settle();

        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
        assertEquals(List.of(1L), fake.records().stream().map(Generation::id).toList());
    }

    @Test
    void theOldGenerationOfACommitThatDiedBeforeSigintIsToldNow() throws Exception {
        // the pidfile (the commit point) names the new generation; the records were not updated, no SIGINT sent
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.generation(2, 4800, Role.STARTING, 0, true);
        Files.writeString(fake.instance().generations().serverPidfile(2), "4800\n");
        fake.pidfile(4800);

        Census census = settle();

        assertEquals(List.of("INT>4711"), kernel.signalLog());
        assertEquals(Role.DRAINING, record(1).role());
        assertEquals(4800, census.serving().orElseThrow().pid());
    }

    @Test
    void aDrainingGenerationThatStillHoldsTheListenersIsToldOnce() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.generation(2, 4700, Role.DRAINING, kernel.currentTimeMillis() + 60_000, true)
                .drainsFor(Duration.ofSeconds(30));

        settle();
        settle();

        assertEquals(List.of("INT>4700"), kernel.signalLog(), "a second SIGINT would cut its requests at once");
    }

    @Test
    void aDrainWithinItsDeadlineIsLeftAlone() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.generation(2, 4700, Role.DRAINING, kernel.currentTimeMillis() + 1_000, false);

        settle();

        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
    }

    @Test
    void aDrainPastItsDeadlineGetsSigtermThenSigkillFiveSecondsLater() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        fake.generation(2, 4700, Role.DRAINING, kernel.currentTimeMillis() - 1_000, false);
        fake.generation(3, 4701, Role.DRAINING, kernel.currentTimeMillis() - 6_000, false);

        settle();

        assertEquals(2, kernel.signals().size(), kernel.signals().toString());
        assertEquals(java.util.Set.of("TERM>4700", "KILL>4701"), java.util.Set.copyOf(kernel.signalLog()));
    }

    @Test
    void aStalePidfileDoesNotHideTheServingGeneration() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);
        fake.pidfile(9999); // a PID no process holds: the server died and a later one was recorded only

        Census census = settle();

        assertEquals(4711, census.serving().orElseThrow().pid());
        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
    }

    @Test
    void leftoverTemporaryAndOrphanFilesAreRemovedThroughTheDirectoryDescriptor() throws Exception {
        Path state = fake.instance().stateDir();
        Path generations = fake.instance().generations().dir();
        Files.writeString(state.resolve(".lock.1234.tmp"), "");
        Files.writeString(generations.resolve(".5.generation.99.tmp"), "");
        Files.writeString(generations.resolve("7.pid"), ""); // a spawn never recorded, long gone
        Files.writeString(generations.resolve("7.out"), "");
        Files.writeString(generations.resolve("8.out"), ""); // a spawn not recorded yet, still running
        kernel.process(4900, fake.binary()).commandLine(List.of(fake.binary().toString(), "-D", "-f",
                fake.instance().generations().wrapperConfig(8).toString()));

        settle();

        assertFalse(Files.exists(state.resolve(".lock.1234.tmp")));
        assertFalse(Files.exists(generations.resolve(".5.generation.99.tmp")));
        assertFalse(Files.exists(generations.resolve("7.pid")));
        assertFalse(Files.exists(generations.resolve("7.out")));
        assertTrue(Files.exists(generations.resolve("8.out")), "a process still names generation 8's wrapper");
        assertTrue(kernel.files().calls().contains("unlinkAt " + generations.resolve("7.out")),
                kernel.files().calls().toString());
        assertTrue(kernel.files().openDescriptors().isEmpty(), kernel.files().openDescriptors().toString());
    }
}
