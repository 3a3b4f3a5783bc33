package org.lighttpdctl.lifecycle.restart;

import java.util.List;
import java.util.Set;

import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.os.Syscalls;

/**
 * Listening sockets duplicated out of the serving generation into this process. While any process holds a
 * listening socket the kernel keeps queueing connections on it, so from the moment these are taken until a new
 * generation holds them no client can be refused.
 *
 * @param descriptors this process's descriptors, in the order the new generation sees them (3, 4, ...)
 * @param inodes      the sockets' inodes, to check the new generation really holds them
 */
public record TakenSockets(Syscalls syscalls, List<Integer> descriptors, Set<Long> inodes) implements AutoCloseable {

    /** No socket: for a generation that binds its own. */
    static TakenSockets none(Syscalls syscalls) {
        return new TakenSockets(syscalls, List.of(), Set.of());
    }

    /** Closes this process's copies (the sockets stay open in the generations that hold them). */
    @Override
    public void close() throws SyscallException {
        for (int fd : descriptors) {
            syscalls.close(fd);
        }
    }
}
