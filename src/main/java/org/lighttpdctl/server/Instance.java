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
        return stateRoot.resolve(readable(config.getFileName().toString()) + "-" + shortHash(absolute));
    }

    /**
     * The file name with every code point but [A-Za-z0-9._-] replaced by one '_' (as
     * {@code replaceAll("[^A-Za-z0-9._-]", "_")} did: a loop, because every run of the tool passes here and the
     * regex engine is a few dozen classes and a lambda form spun at run time).
     */
    static String readable(String name) {
        StringBuilder readable = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            boolean kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            readable.append(kept ? (char) c : '_');
            i += Character.charCount(c);
        }
        return readable.toString();
    }

    public Path lockFile() {
        return stateDir.resolve("lock");
    }

    /** The file name, in the state directory, of what status needs of the serving generation's configuration. */
    public static final String SERVING_CONFIG = "serving-config";

    /** What status needs of the serving generation's configuration ({@link ServingConfig}). */
    public Path servingConfigFile() {
        return stateDir.resolve(SERVING_CONFIG);
    }

    public GenerationStore generations() {
        return new GenerationStore(stateDir.resolve("generations"), files);
    }

    /** Tells apart configs of the same file name in different directories; CRC32 loads no security provider. */
    private static String shortHash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue()); // as "%08x", without a Formatter
        return "0".repeat(8 - hex.length()) + hex;
    }
}
