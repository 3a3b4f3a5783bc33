package org.lighttpdctl.cli;

import java.util.concurrent.Callable;

import org.lighttpdctl.Console;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Syscalls;

import picocli.CommandLine.Mixin;

/**
 * The shared shape of an action: build the context, run, and turn a failure into its message on stderr and its
 * LSB exit code. Argument errors never reach here: picocli reports them with exit code 2.
 */
abstract class ActionCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Override
    public final Integer call() {
        Console console = new Console(System.out, System.err, options.quiet, options.verbose);
        // The process's one seam, the real kernel: creating it loads no native code (see Syscalls).
        Syscalls kernel = Syscalls.system();
        Context context = new Context(console, new Procfs(), new ListeningSockets(kernel), kernel);
        try {
            return run(context);
        } catch (LighttpdctlException e) {
            console.error(e.getMessage());
            return e.exitCode().code();
        } catch (IllegalArgumentException e) {
            console.error(e.getMessage());
            return ExitCode.INVALID_ARGUMENT.code();
        } catch (RuntimeException | LinkageError e) {
            console.error("internal error: " + e);
            if (options.verbose) {
                e.printStackTrace();
            }
            return ExitCode.GENERIC_ERROR.code();
        }
    }

    abstract int run(Context context) throws LighttpdctlException;
}
