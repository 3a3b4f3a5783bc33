package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.OptionalInt;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.EffectiveUid;
import org.lighttpdctl.os.FileCalls;

/**
 * The canonical pidfile: the one init scripts, systemd (PIDFile=) and administrators read. lighttpdctl owns it:
 * it names exactly the serving generation, is replaced atomically, and is never handed to lighttpd (which unlinks
 * its pidfile on every exit, and leaves it empty after dropping privileges). It is written through the seam it is
 * given (the context's, or a test's fake kernel).
 */
public final class Pidfile {
    private static final int MAX_PID_DIGITS = 10;
    private final Path path;
    private final boolean runningAsRoot;
    private final long pidMax;
    private final FileCalls files;

    public Pidfile(Path path, boolean runningAsRoot, long pidMax, FileCalls files) {
        this.path = path;
        this.runningAsRoot = runningAsRoot;
        this.pidMax = pidMax;
        this.files = files;
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The PID the file names; empty when the file is absent or empty (lighttpd leaves an empty file when, running
     * as an unprivileged user, it cannot unlink it: that means "not running").
     *
     * @throws LighttpdctlException naming the file and what is wrong with it: unsafe to trust (as root: a symlink,
     *                              writable by others, not owned by root, as start-stop-daemon refuses), or content
     *                              that is not one PID in range
     */
    public OptionalInt read() throws LighttpdctlException {
        String text;
        try {
            checkSafe();
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw failure("cannot read pidfile " + path + ": " + reason(e));
        }
        return parse(text);
    }

    OptionalInt parse(String text) throws LighttpdctlException {
        String content = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (content.isEmpty()) {
            return OptionalInt.empty();
        }
        if (content.startsWith("-") && org.lighttpdctl.os.Text.isDigits(content, 1, Integer.MAX_VALUE, true)) {
            throw failure("pidfile " + path + " names a negative PID (" + content + ")");
        }
        int digits = 0;
        while (digits < content.length() && Character.isDigit(content.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw failure("pidfile " + path + " does not hold a PID: it starts with " + quote(content));
        }
        if (digits < content.length()) {
            throw failure("pidfile " + path + " has junk after the PID: " + quote(content.substring(digits)));
        }
        if (digits > MAX_PID_DIGITS || Long.parseLong(content) > pidMax) {
            throw failure("pidfile " + path + " names PID " + content + ", beyond the kernel's pid_max " + pidMax);
        }
        int pid = Integer.parseInt(content);
        if (pid <= 1) {
            throw failure("pidfile " + path + " names PID " + pid + ", which is never a lighttpd generation");
        }
        return OptionalInt.of(pid);
    }

    /**
     * Fails, naming the file and the reason, when the pidfile could not safely be replaced: checked before
     * anything is started, so that a refused pidfile never leaves a server running that no pidfile names.
     */
    public void requireSafe() throws LighttpdctlException {
        try {
            if (exists()) {
                checkSafe();
            }
        } catch (IOException e) {
            throw failure("cannot use pidfile " + path + ": " + reason(e));
        }
    }

    /** Replaces the file atomically with this PID (the rename replaces a link itself, never its target). */
    public void write(int pid) throws LighttpdctlException {
        try {
            if (exists()) {
                checkSafe();
            }
            // mkdirat through checked descriptors, only inside a directory nobody else can write
            DirectoryFd.createTrusted(files, path.toAbsolutePath().getParent(), EffectiveUid.get());
            AtomicFile.write(files, path, pid + "\n");
        } catch (IOException e) {
            throw failure("cannot write pidfile " + path + ": " + reason(e));
        }
    }

    public void remove() throws LighttpdctlException {
        try {
            if (exists()) {
                checkSafe();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw failure("cannot remove pidfile " + path + ": " + reason(e));
        }
    }

    /** As root, refuse a pidfile someone else could have planted or could change (start-stop-daemon's checks). */
    private void checkSafe() throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException("is a symbolic link (refusing to follow it)");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("not a regular file");
        }
        if (runningAsRoot) {
            if (attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("writable by every user (refusing to trust it)");
            }
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!Integer.valueOf(0).equals(uid)) {
                throw new IOException("owned by uid " + uid + ", not root (refusing to trust it)");
            }
        }
    }

    private LighttpdctlException failure(String message) {
        return new LighttpdctlException(ExitCode.GENERIC_ERROR, message);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }

    private static String quote(String text) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        StringBuilder escaped = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            escaped.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return escaped.append('"').toString();
    }
}
