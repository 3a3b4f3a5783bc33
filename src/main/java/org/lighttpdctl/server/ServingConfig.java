package org.lighttpdctl.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.Text;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * What status and the stop half of a restart need of the configuration the serving generation runs: its pidfile,
 * its listeners and its graceful-shutdown-timeout, as the call
 * that committed that generation (start, a restart, or an in-place reload) read them with {@code lighttpd -p}.
 * Kept in the instance's state directory ({@code serving-config}, root's, mode 0600, written atomically), so that
 * status, while a generation lighttpdctl started serves, answers without running {@code lighttpd -p}: that run
 * and the parse of its output were most of a status call (README, "What a run costs the machine"). It describes
 * what runs, which is what status reports: an edit not yet reloaded changes nothing here, and a broken edit is
 * configtest's to report. The stop half of a restart on systemd 257 ({@code RestartStopHalf}) acts on the serving
 * generation with it too (parks its listeners, bounds its drain), after its own {@code lighttpd -tt}.
 */
public final class ServingConfig {
    private static final String HEADER = "# lighttpdctl: the configuration of the serving generation, for status\n";

    private ServingConfig() {
    }

    /** Records {@code instance}'s effective configuration as that of generation {@code generationId}. */
    public static void record(Instance instance, long generationId) throws IOException {
        AtomicFile.write(instance.files(), instance.servingConfigFile(), text(generationId, instance.effective()),
                AtomicFile.PRIVATE);
    }

    /**
     * The recorded configuration, and the generation it was recorded for: only its pidfile, listeners and
     * graceful-shutdown-timeout are known, so it serves only what acts on that generation, never a new one. Empty
     * when there is none, or when it cannot be read back whole (then status runs lighttpd -p as it would without
     * it).
     */
    public static Optional<Recorded> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) { // NoSuchFileException: none recorded yet
            return Optional.empty();
        }
    }

    /** A recorded configuration: that of generation {@code generationId} (a stale one names an older one). */
    public record Recorded(long generationId, EffectiveConfig config) {
    }

    static String text(long generationId, EffectiveConfig config) {
        StringBuilder text = new StringBuilder(HEADER);
        RecordText.line(text, "generation", Long.toString(generationId));
        if (config.pidFile().isPresent()) {
            RecordText.line(text, "pidfile", config.pidFile().get().toString());
        }
        List<Endpoint> endpoints = config.endpoints();
        RecordText.line(text, "graceful-shutdown-timeout", Integer.toString(config.gracefulShutdownSeconds()));
        RecordText.line(text, "listeners", Integer.toString(endpoints.size()));
        for (int i = 0; i < endpoints.size(); i++) {
            RecordText.line(text, "listener." + i, describe(endpoints.get(i)));
        }
        return text.toString();
    }

    /** "tcp TLS PORT HOST" or "unix TLS PATH" (TLS 0 or 1): the host or path last, whatever it holds. */
    private static String describe(Endpoint endpoint) {
        String tls = endpoint.tls() ? "1" : "0";
        if (endpoint instanceof Endpoint.Tcp tcp) {
            return "tcp " + tls + " " + tcp.port() + " " + tcp.host();
        }
        return "unix " + tls + " " + ((Endpoint.Unix) endpoint).path();
    }

    static Optional<Recorded> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            int count = Integer.parseInt(p.getProperty("listeners", "-1"));
            long generation = Long.parseLong(p.getProperty("generation", "-1"));
            // absent in the records of 0.7.0: such a record is not read whole, and -p is run as before it
            int graceful = Integer.parseInt(p.getProperty("graceful-shutdown-timeout", "-1"));
            if (!text.startsWith(HEADER) || count < 0 || generation < 0 || graceful < 0) {
                return Optional.empty();
            }
            List<Endpoint> endpoints = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Optional<Endpoint> endpoint = endpoint(p.getProperty("listener." + i, ""));
                if (endpoint.isEmpty()) {
                    return Optional.empty();
                }
                endpoints.add(endpoint.get());
            }
            String pidfile = p.getProperty("pidfile");
            return Optional.of(new Recorded(generation, new EffectiveConfig(
                    pidfile == null ? Optional.empty() : Optional.of(Path.of(pidfile)), Optional.empty(),
                    List.copyOf(endpoints), Optional.empty(), Optional.empty(), false,
                    graceful, List.of(), List.of(),
                    LighttpdConfig.empty())));
        } catch (IOException | IllegalArgumentException e) { // InvalidPathException, NumberFormatException too
            return Optional.empty();
        }
    }

    private static Optional<Endpoint> endpoint(String description) {
        String[] kindAndTls = description.split(" ", 3);
        if (kindAndTls.length < 3 || !(kindAndTls[1].equals("0") || kindAndTls[1].equals("1"))) {
            return Optional.empty();
        }
        boolean tls = kindAndTls[1].equals("1");
        if (kindAndTls[0].equals("unix")) {
            return kindAndTls[2].isEmpty() ? Optional.empty()
                    : Optional.of(new Endpoint.Unix(Path.of(kindAndTls[2]), tls));
        }
        String[] portAndHost = kindAndTls[2].split(" ", 2);
        if (!kindAndTls[0].equals("tcp") || portAndHost.length < 2
                || !Text.isDigits(portAndHost[0], 1, 5, false) || Integer.parseInt(portAndHost[0]) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint.Tcp(portAndHost[1], Integer.parseInt(portAndHost[0]), tls));
    }
}
