package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.POINTER;

import java.nio.ByteBuffer;

/**
 * posix_spawn(3) with file actions. Each returns 0 or an error number (not errno). The actions object and the
 * argv/envp arrays live in direct buffers that the caller keeps reachable for the length of the calls.
 */
final class LibcSpawn {
    private final NativeFunction init = NativeFunction.bind("posix_spawn_file_actions_init", INT, POINTER);
    private final NativeFunction destroy = NativeFunction.bind("posix_spawn_file_actions_destroy", INT, POINTER);
    private final NativeFunction addopen = NativeFunction.bind("posix_spawn_file_actions_addopen", INT, POINTER,
            INT, POINTER, INT, INT);
    private final NativeFunction adddup2 = NativeFunction.bind("posix_spawn_file_actions_adddup2", INT, POINTER,
            INT, INT);
    private final NativeFunction addclosefrom = NativeFunction.bind("posix_spawn_file_actions_addclosefrom_np", INT,
            POINTER, INT);
    private final NativeFunction spawn = NativeFunction.bind("posix_spawn", INT, POINTER, POINTER, POINTER, POINTER,
            POINTER, POINTER);

    int posix_spawn_file_actions_init(ByteBuffer actions) {
        return (int) init.call(NativeMemory.address(actions));
    }

    int posix_spawn_file_actions_destroy(ByteBuffer actions) {
        return (int) destroy.call(NativeMemory.address(actions));
    }

    /** glibc copies the path into the actions object (__strdup, since 2.20: BZ #17048): it may be freed on return. */
    int posix_spawn_file_actions_addopen(ByteBuffer actions, int fd, String path, int flags, int mode) {
        try (NativeMemory name = NativeMemory.cString(path)) {
            return (int) addopen.call(NativeMemory.address(actions), fd, name.address(), flags, mode);
        }
    }

    int posix_spawn_file_actions_adddup2(ByteBuffer actions, int fd, int newFd) {
        return (int) adddup2.call(NativeMemory.address(actions), fd, newFd);
    }

    int posix_spawn_file_actions_addclosefrom_np(ByteBuffer actions, int from) {
        return (int) addclosefrom.call(NativeMemory.address(actions), from);
    }

    /** posix_spawn without attributes; the PID of the child goes into {@code pid[0]}. */
    int posix_spawn(int[] pid, String path, ByteBuffer actions, ByteBuffer argv, ByteBuffer envp) {
        try (NativeMemory child = NativeMemory.zeroed(Integer.BYTES); NativeMemory file = NativeMemory.cString(path)) {
            int error = (int) spawn.call(child.address(), file.address(), NativeMemory.address(actions), 0,
                    NativeMemory.address(argv), NativeMemory.address(envp));
            pid[0] = child.intAt(0);
            return error;
        }
    }
}
