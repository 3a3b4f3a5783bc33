package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What keeps status cheap (README, "What a run costs the machine", fourth pass), checked by the JVM's class+load
 * log of a real status call, not by a timing: while a generation lighttpdctl started serves, status starts no
 * process (no lighttpd -p, no ProcessBuilder, no jffi), and its way has no lambda, method reference or stream
 * (invokedynamic sites linked at run time: see org.lighttpdctl's package javadoc) and asks no System.Logger.
 * Each assertion names the classes that broke it.
 */
class StatusCostTest extends SiteTest {

    @Test
    void statusWhileServingLoadsNoProcessApiNoLambdaNoStreamAndNoLogger() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Path log = site.root().resolve("status-classes.log");
        // through the launcher, as init scripts and monitoring call it (its JVM options, its archive)
        ProcessBuilder launcher = new ProcessBuilder(Path.of("bin/lighttpdctl").toAbsolutePath().toString(),
                "status", "-f", site.config().toString(), "--state-dir", ctl.stateDir().toString())
                .redirectErrorStream(true);
        launcher.environment().put("LIGHTTPDCTL_JAVA_OPTS", "-Xlog:class+load:file=" + log);
        Process status = launcher.start();
        String output = new String(status.getInputStream().readAllBytes());
        assertTrue(status.waitFor(60, TimeUnit.SECONDS), "status did not end");
        assertEquals(0, status.exitValue(), output);
        List<String> classes = loaded(log);
        assertTrue(classes.contains("org.lighttpdctl.lifecycle.StatusAction"), "not the tool's log: " + classes.size());

        assertEquals(List.of(), matching(classes, "java.lang.ProcessBuilder", "java.lang.ProcessImpl$",
                "org.apache.commons.exec.", "com.kenai.jffi.Foreign"), "status started a process or loaded native code");
        assertEquals(List.of(), matching(classes, "$$Lambda", "java.lang.invoke.LambdaForm$MH/",
                "java.lang.invoke.InnerClassLambdaMetafactory"), "status linked a lambda or method reference");
        assertEquals(List.of(), matching(classes, "java.util.stream."), "status used a stream");
        assertEquals(List.of(), matching(classes, "jdk.internal.logger.", "java.util.logging."),
                "status asked a System.Logger");
    }

    /** The class names of a class+load log ("[...][info][class,load] NAME source: ..."). */
    private static List<String> loaded(Path log) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int start = line.indexOf("] ", line.indexOf("class,load")) + 2;
            int end = line.indexOf(' ', start);
            if (start > 1 && end > start) {
                names.add(line.substring(start, end));
            }
        }
        return names;
    }

    private static List<String> matching(List<String> classes, String... parts) {
        List<String> found = new ArrayList<>();
        for (String name : classes) {
            for (String part : parts) {
                if (name.contains(part)) {
                    found.add(name);
                }
            }
        }
        return found;
    }
}
