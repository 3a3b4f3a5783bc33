package org.lighttpdctl.os;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;

/** posix_spawn(3) and its file actions. Each returns an error number instead of setting errno. */
public interface LibcSpawn {
    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    /** glibc 2.34+. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawn(@Out IntByReference pid, String path, Pointer actions, Pointer attributes, @In String[] argv,
                    @In String[] envp);
}
