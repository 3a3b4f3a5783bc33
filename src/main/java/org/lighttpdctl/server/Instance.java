package org.lighttpdctl.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.lighttpdctl.os.FileCalls;

/**
 * One lighttpd server as an administrator knows it: a configuration file, the binary that runs it, its canonical
 * pidfile, and the state directory where lighttpdctl keeps its lock and generation records. Two instances with
 * different configuration files share nothing: each has its own directory under the state dir. Its records are
 * written through {@code files}, the seam of the call that made it.
 */
public record Instance(Path config, LighttpdBinary binary, EffectiveConfig effective, Pidfile pidfile,
                       Path stateDir, FileCalls files) {

    /** The state directory of the instance that {@code config} defines, below {@code stateRoot}. */
    public static Path stateDirFor(Path stateRoot, Path config) {
        String absolute = config.toAbsolutePath().normalize().toString();
        String readable = config.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return stateRoot.resolve(readable + "-" + shortHash(absolute));
    }

    public Path lockFile() {
        return stateDir.resolve("lock");
    }

    public GenerationStore generations() {
        return new GenerationStore(stateDir.resolve("generations"), files);
    }

    /** Tells apart configs of the same file name in different directories; CRC32 loads no security provider. */
    private static String shortHash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
