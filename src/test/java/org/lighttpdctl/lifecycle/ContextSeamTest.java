package org.lighttpdctl.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.Console;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.server.Pidfile;
import org.lighttpdctl.testing.fake.FakeKernel;

/**
 * The context's file calls: objects every action builds (an instance's pidfile and records, status too) hold them
 * without creating the seam; their first write creates it once, and the write lands behind it.
 */
@Tag("unit")
class ContextSeamTest {
    @TempDir
    Path tmp;

    @Test
    void theFileCallsCreateTheSeamOnTheirFirstCallOnlyAndWriteThroughIt() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        AtomicInteger created = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Context context = new Context(new Console(print, print, false, true), kernel.procfs(),
                new ListeningSockets(kernel), () -> {
                    created.incrementAndGet();
                    return kernel;
                });
        Path run = kernel.directory("run");
        Pidfile pidfile = new Pidfile(run.resolve("lighttpd.pid"), false, 32768, context.files());

        assertEquals(0, pidfile.read().orElse(0));
        assertEquals(0, created.get(), "made and read, as status does: no seam created");

        pidfile.write(4711);
        AtomicFile.write(context.files(), run.resolve("other"), "x\n");

        assertEquals(1, created.get(), "created once, on the first call");
        assertEquals("4711\n", Files.readString(run.resolve("lighttpd.pid")));
        assertTrue(kernel.files().calls().stream().anyMatch(c -> c.startsWith("renameAt ")
                && c.endsWith(" -> " + run.resolve("lighttpd.pid"))), kernel.files().calls().toString());
        assertEquals(java.util.Map.of(), kernel.files().openDescriptors());
        assertTrue(out.toString().contains("native calls loaded"), out.toString());
    }
}
