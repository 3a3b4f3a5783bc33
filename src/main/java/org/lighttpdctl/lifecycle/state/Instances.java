package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.Settings;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.os.TrustedPath;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.EffectiveConfig;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.LighttpdBinary;
import org.lighttpdctl.server.Pidfile;
import org.lighttpdctl.server.ServingConfig;

/** Opens the instance a command line names, and takes its lock. */
public final class Instances {
    private Instances() {
    }

    /**
     * Checks the configuration with {@code lighttpd -tt} (so a broken one is reported in lighttpd's own words,
     * before anything is touched) and reads the effective configuration through {@code lighttpd -p}; fails with
     * 5 (not installed) or 6 (not configured) as LSB asks.
     */
    public static Instance open(Settings settings, Context context) throws LighttpdctlException {
        return open(settings, context, true);
    }

    /** As {@link #open(Settings, Context)}; {@code check} false skips -tt, for status, which changes nothing. */
    public static Instance open(Settings settings, Context context, boolean check) throws LighttpdctlException {
        LighttpdBinary binary = new LighttpdBinary(settings.daemon(), context.console().steps());
        binary.requireInstalled();
        requireStateDir(settings, context);
        EffectiveConfig effective = check ? checkedConfig(settings, context, binary)
                : binary.effectiveConfig(settings.config());
        context.console().step("read effective configuration: " + effective.endpoints().size() + " listener(s) "
                + effective.endpoints());
        return assembleTrusted(settings, context, binary, effective);
    }

    /**
     * {@code lighttpd -tt} and {@code lighttpd -p} side by side (nothing is touched before both have answered); a
     * configuration that fails -tt is reported in -tt's words, whatever -p said, as when they ran in turn.
     */
    private static EffectiveConfig checkedConfig(Settings settings, Context context, LighttpdBinary binary)
            throws LighttpdctlException {
        IncludablePath.require(settings.config());
        LighttpdBinary.PendingCheck test = binary.checkInBackground(settings.config());
        EffectiveConfig effective;
        try {
            effective = binary.effectiveConfig(settings.config());
        } catch (LighttpdctlException | RuntimeException e) {
            test.await();
            throw e;
        }
        test.await();
        context.console().step("lighttpd -tt passed");
        return effective;
    }

    /**
     * The instance without its configuration, for status while the configuration cannot be read (lighttpd rejects
     * it, or it is gone): the state directory and the records are found from the config path alone, the pidfile is
     * --pidfile or the default. The same trust checks apply.
     */
    public static Instance openWithoutConfig(Settings settings, Context context) throws LighttpdctlException {
        LighttpdBinary binary = new LighttpdBinary(settings.daemon(), context.console().steps());
        binary.requireInstalled();
        requireStateDir(settings, context);
        return assembleTrusted(settings, context, binary, EffectiveConfig.unknown());
    }

    /**
     * The instance as the call that committed its serving generation recorded its configuration
     * ({@link ServingConfig}), for status and a start while it serves: empty when nothing is recorded. The same
     * trust checks apply, and the record is read only once its directory has passed them (no one else can write
     * there).
     */
    public static Optional<Recorded> openRecorded(Settings settings, Context context) throws LighttpdctlException {
        LighttpdBinary binary = new LighttpdBinary(settings.daemon(), context.console().steps());
        binary.requireInstalled();
        return openRecorded(settings, context, binary);
    }

    /**
     * As {@link #openRecorded(Settings, Context)}, after {@code lighttpd -tt} of the configuration has passed (a
     * broken one fails here, exit 6, in lighttpd's words): for the stop half of a restart, which acts on the
     * serving generation alone but must not release it when the start half cannot start.
     */
    public static Optional<Recorded> openRecordedChecked(Settings settings, Context context)
            throws LighttpdctlException {
        LighttpdBinary binary = new LighttpdBinary(settings.daemon(), context.console().steps());
        binary.requireInstalled();
        IncludablePath.require(settings.config());
        binary.check(settings.config());
        context.console().step("lighttpd -tt passed");
        return openRecorded(settings, context, binary);
    }

    private static Optional<Recorded> openRecorded(Settings settings, Context context, LighttpdBinary binary)
            throws LighttpdctlException {
        Path stateDir = requireStateDir(settings, context);
        Optional<ServingConfig.Recorded> recorded = ServingConfig.read(stateDir.resolve(Instance.SERVING_CONFIG));
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Instance instance = assembleTrusted(settings, context, binary, recorded.get().config());
        return Optional.of(new Recorded(instance, recorded.get().generationId()));
    }

    /** The instance's state directory, checked ({@link TrustedState#requireStateDir}). */
    private static Path requireStateDir(Settings settings, Context context) throws LighttpdctlException {
        Path stateDir = Instance.stateDirFor(settings.stateRoot(), settings.config());
        TrustedState.requireStateDir(settings.stateRoot(), stateDir, context);
        return stateDir;
    }

    /** {@link #assemble}, then the pidfile's directory checked ({@link TrustedState#requirePidfileDir}). */
    private static Instance assembleTrusted(Settings settings, Context context, LighttpdBinary binary,
                                            EffectiveConfig effective) throws LighttpdctlException {
        Instance instance = assemble(settings, context, binary, effective);
        TrustedState.requirePidfileDir(instance, context);
        return instance;
    }

    /** An instance opened from its recorded configuration, and the generation that configuration is of. */
    public record Recorded(Instance instance, long generationId) {
        /**
         * The serving generation of {@code census} when this record is of it: lighttpdctl started it (not adopted),
         * its id is the recorded one, and no spawn is under way (whose commit would record another). Empty on any
         * doubt, when the caller reads the configuration itself.
         */
        public Optional<Generation> servingIn(Census census) {
            Optional<Generation> serving = census.serving();
            if (serving.isEmpty() || serving.get().adopted() || serving.get().id() != generationId
                    || !census.starting().isEmpty()) {
                return Optional.empty();
            }
            return serving;
        }
    }

    static Instance assemble(Settings settings, Context context, LighttpdBinary binary, EffectiveConfig effective) {
        Path pidfilePath = settings.pidfile().isPresent() ? settings.pidfile().get()
                : effective.pidFile().isPresent() ? effective.pidFile().get() : Settings.DEFAULT_PIDFILE;
        Pidfile pidfile = new Pidfile(pidfilePath, context.procfs().effectiveUid() == 0, context.procfs().pidMax(),
                context.files());
        return new Instance(settings.config(), binary, effective, pidfile,
                Instance.stateDirFor(settings.stateRoot(), settings.config()), context.files());
    }

    /**
     * The instance's state directory, created if missing through descriptors checked from / down
     * ({@link DirectoryFd#openTrusted}): never inside a directory others can write.
     */
    private static DirectoryFd openStateDir(Instance instance, Context context) throws LighttpdctlException {
        try {
            return DirectoryFd.openTrusted(context.syscalls(), instance.stateDir(),
                    context.procfs().effectiveUid(), true);
        } catch (TrustedPath.UntrustedException e) {
            throw untrusted(instance, e);
        } catch (SyscallException e) {
            throw new LighttpdctlException(e.isPermissionDenied() ? ExitCode.INSUFFICIENT_PRIVILEGE
                    : ExitCode.GENERIC_ERROR, "cannot create state directory " + instance.stateDir() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR,
                    "cannot create state directory " + instance.stateDir() + ": " + e.getMessage(), e);
        }
    }

    private static LighttpdctlException untrusted(Instance instance, TrustedPath.UntrustedException e) {
        return new LighttpdctlException(ExitCode.NOT_CONFIGURED,
                "cannot use state directory " + instance.stateDir() + ": " + e.getMessage());
    }

    /**
     * Takes the instance's exclusive lock, creating its state directory. Every mutating action holds it for its
     * whole transaction, so concurrent callers (an init script, dpkg, an administrator) run one after another.
     */
    public static FlockFile lock(Instance instance, Settings settings, Context context, String action)
            throws LighttpdctlException {
        DirectoryFd dir = openStateDir(instance, context);
        try (dir) {
            FlockFile lock = FlockFile.acquire(context.syscalls(), dir, instance.lockFile().getFileName().toString(),
                    settings.lockTimeout(), "PID " + context.syscalls().pid() + " (" + action + ")");
            try {
                // Checked again under the lock: the name still leads to the directory checked through descriptors,
                // and nothing in it was planted while this call waited.
                dir.requireStillAt();
                TrustedState.requireStateDir(settings.stateRoot(), instance.stateDir(), context);
            } catch (TrustedPath.UntrustedException | LighttpdctlException e) {
                lock.close();
                throw e;
            }
            context.console().step(Checkpoint.LOCKED, "locked " + instance.lockFile());
            return lock;
        } catch (TrustedPath.UntrustedException e) {
            throw untrusted(instance, e);
        } catch (SyscallException e) {
            throw new LighttpdctlException(e.isPermissionDenied() ? ExitCode.INSUFFICIENT_PRIVILEGE
                    : ExitCode.GENERIC_ERROR, e.getMessage(), e);
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }
}
