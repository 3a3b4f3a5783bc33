package org.lighttpdctl.lifecycle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;

/**
 * Leftover backend sockets, decided against the fake kernel: what a generation killed outright left at its
 * per-generation socket names goes (a socket, or a link itself, never its target), a live generation's stays, a
 * directory at such a name is named and left, and nothing outside the configured names is touched.
 */
@Tag("unit")
class BackendSocketSweepTest {
    @TempDir
    Path tmp;

    @Test
    void whatADeadGenerationLeftGoesAndNothingElse() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        Path run = Files.createDirectories(tmp.resolve("run/lighttpd"));
        FakeInstance fake = new FakeInstance(kernel, 8).backendSocket(run.resolve("php.socket"));
        fake.generation(2, 4711, Role.SERVING, 0, true);
        fake.pidfile(4711);
        kernel.exit(fake.generation(1, 4700, Role.DRAINING, 0, false)); // SIGKILLed: its sockets stay behind
        bindSocket(run.resolve("php.socket.g1-0"));
        bindSocket(run.resolve("php.socket.g2-0"));
        Path target = Files.writeString(tmp.resolve("precious"), "not lighttpdctl's\n");
        Files.createSymbolicLink(run.resolve("php.socket.g3-0"), target);
        Files.createDirectory(run.resolve("php.socket.g4-0"));
        bindSocket(run.resolve("other.socket"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        new BackendSocketSweep(kernel.context(console)).sweep(fake.instance());

        assertFalse(Files.exists(run.resolve("php.socket.g1-0"), LinkOption.NOFOLLOW_LINKS), console.toString());
        assertTrue(Files.exists(run.resolve("php.socket.g2-0")), "generation 2 runs");
        assertFalse(Files.exists(run.resolve("php.socket.g3-0"), LinkOption.NOFOLLOW_LINKS), "the link goes");
        assertEquals("not lighttpdctl's\n", Files.readString(target), "its target stays");
        assertTrue(Files.isDirectory(run.resolve("php.socket.g4-0")));
        assertTrue(console.toString().contains(run.resolve("php.socket.g4-0") + " is a directory"), console.toString());
        assertTrue(Files.exists(run.resolve("other.socket")));
        assertEquals(List.of("unlinkAt " + run.resolve("php.socket.g1-0"), "unlinkAt " + run.resolve("php.socket.g3-0")),
                kernel.files().calls().stream().filter(c -> c.startsWith("unlinkAt")).sorted().toList());
        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
    }

    private static void bindSocket(Path path) throws Exception {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(path));
        }
    }
}
