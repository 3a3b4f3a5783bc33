package org.lighttpdctl.os;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * posix_spawn(3) and its file actions. Each returns an error number instead of setting errno. The
 * posix_spawn_file_actions_t lives in a direct ByteBuffer, which jnr-ffi passes by its address.
 */
public interface LibcSpawn {
    int posix_spawn_file_actions_init(ByteBuffer actions);

    int posix_spawn_file_actions_destroy(ByteBuffer actions);

    int posix_spawn_file_actions_addopen(ByteBuffer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(ByteBuffer actions, int fd, int newFd);

    /** glibc 2.34+. */
    int posix_spawn_file_actions_addclosefrom_np(ByteBuffer actions, int from);

    /** {@code argv} and {@code envp}: NULL-terminated arrays of C string addresses. */
    int posix_spawn(@Out int[] pid, String path, ByteBuffer actions, Pointer attributes, @In ByteBuffer argv,
                    @In ByteBuffer envp);
}
