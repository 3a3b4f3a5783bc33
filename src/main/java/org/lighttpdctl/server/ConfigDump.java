package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code lighttpd -p}: lighttpd's own parser has already expanded includes, include_shell,
 * variables and += merges, and prints one normalised assignment per line inside nested condition blocks. This class
 * only picks values out of that normalised form; it never parses an administrator's configuration files.
 */
public final class ConfigDump {
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern SOCKET_BLOCK = Pattern.compile("^\\s*\\$SERVER\\[\"socket\"\\]\\s*==\\s*\"(.*)\"\\s*\\{\\s*$");
    private static final Pattern BLOCK_OPEN = Pattern.compile("^\\s*(\\$|else).*\\{\\s*$");
    private static final Pattern GRACEFUL_TIMEOUT = Pattern.compile("\"server\\.graceful-shutdown-timeout\"\\s*=>\\s*(\\d+)");
    private static final Pattern BIN_PATH = Pattern.compile("\"bin-path\"\\s*=>\\s*\"([^\"]*)\"");

    private ConfigDump() {
    }

    /** One $SERVER["socket"] block: its address and whether ssl.engine is enabled inside it. */
    private static final class SocketBlock {
        final String spec;
        boolean tls;

        SocketBlock(String spec) {
            this.spec = spec;
        }
    }

    public static EffectiveConfig parse(String dump) {
        Globals globals = new Globals();
        List<SocketBlock> socketBlocks = new ArrayList<>();
        List<String> hazards = new ArrayList<>();
        Deque<SocketBlock> blocks = new ArrayDeque<>();
        for (String line : dump.split("\n")) {
            Matcher socket = SOCKET_BLOCK.matcher(line);
            if (socket.matches()) {
                SocketBlock block = new SocketBlock(unquote("\"" + socket.group(1) + "\""));
                socketBlocks.add(block);
                blocks.push(block);
                continue;
            }
            if (BLOCK_OPEN.matcher(line).matches()) {
                blocks.push(blocks.isEmpty() ? new SocketBlock(null) : blocks.peek());
                continue;
            }
            if (line.trim().startsWith("} # end of")) {
                blocks.pop(); // lighttpd -p marks the end of every condition block this way.
                continue;
            }
            findHazards(line, hazards);
            Matcher graceful = GRACEFUL_TIMEOUT.matcher(line);
            if (graceful.find()) {
                globals.gracefulSeconds = Integer.parseInt(graceful.group(1)); // only in server.feature-flags
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                continue;
            }
            String key = assignment.group(1);
            String value = assignment.group(2);
            if (blocks.isEmpty()) {
                globals.set(key, value);
            } else if (key.equals("ssl.engine") && blocks.peek().spec != null) {
                blocks.peek().tls = isEnabled(value);
            }
        }
        return globals.toConfig(socketBlocks, hazards);
    }

    private static void findHazards(String line, List<String> hazards) {
        Matcher binPath = BIN_PATH.matcher(line);
        if (binPath.find()) {
            hazards.add("a backend started by lighttpd itself (bin-path " + binPath.group(1)
                    + ") listens at a fixed socket path that two generations would share");
        }
        if (line.trim().startsWith("rrdtool.db-name")) {
            hazards.add("mod_rrdtool writes one RRD file that two generations would share");
        }
    }

    /** The top-level assignments lighttpdctl needs. */
    private static final class Globals {
        String bind;
        Integer port;
        String pidFile;
        String errorLog;
        String username;
        String chroot;
        boolean useIpv6;
        boolean tls;
        boolean socketActivation;
        int gracefulSeconds = EffectiveConfig.LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS;

        void set(String key, String value) {
            switch (key) {
                case "server.bind" -> bind = unquote(value);
                case "server.port" -> port = Integer.parseInt(value);
                case "server.pid-file" -> pidFile = unquote(value);
                case "server.errorlog" -> errorLog = unquote(value);
                case "server.username" -> username = unquote(value);
                case "server.chroot" -> chroot = unquote(value);
                case "server.use-ipv6" -> useIpv6 = isEnabled(value);
                case "ssl.engine" -> tls = isEnabled(value);
                case "server.systemd-socket-activation" -> socketActivation = isEnabled(value);
                default -> {
                    // Everything else is the server's own business.
                }
            }
        }

        EffectiveConfig toConfig(List<SocketBlock> socketBlocks, List<String> hazards) {
            int mainPort = port != null ? port : (tls ? 443 : 80);
            String mainHost = bind != null ? bind : (useIpv6 ? "[::]" : "");
            Set<Endpoint> endpoints = new LinkedHashSet<>();
            endpoints.add(Endpoint.parse(mainHost, mainPort, tls));
            for (SocketBlock block : socketBlocks) {
                endpoints.add(Endpoint.parse(block.spec, mainPort, block.tls));
            }
            return new EffectiveConfig(optionalPath(pidFile), optionalPath(errorLog), List.copyOf(endpoints),
                    Optional.ofNullable(username).filter(s -> !s.isEmpty()), optionalPath(chroot),
                    socketActivation, gracefulSeconds, List.copyOf(new LinkedHashSet<>(hazards)));
        }
    }

    private static Optional<Path> optionalPath(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static boolean isEnabled(String value) {
        String v = unquote(value);
        return v.equals("enable") || v.equals("1") || v.equals("true");
    }

    static String unquote(String value) {
        String v = value.trim();
        if (v.endsWith(",")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
