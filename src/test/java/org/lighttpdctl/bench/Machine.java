package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line about the machine a benchmark ran on, for the record. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return String.format("%s UTC; %s; %d cores; Linux %s; Debian %s; Java %s; load average %s",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", ""),
                cpuModel(), Runtime.getRuntime().availableProcessors(), read("/proc/sys/kernel/osrelease"),
                read("/etc/debian_version"), System.getProperty("java.version"),
                read("/proc/loadavg").replaceAll("^(\\S+ \\S+ \\S+).*", "$1"));
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
