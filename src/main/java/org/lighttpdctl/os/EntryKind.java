package org.lighttpdctl.os;

/** What a directory entry is itself, as lstat(2) tells it: a link is a link, never what it points to. */
public enum EntryKind {
    SOCKET("a socket"),
    SYMLINK("a symbolic link"),
    REGULAR("a regular file"),
    DIRECTORY("a directory"),
    OTHER("a FIFO or device");

    private final String description;

    EntryKind(String description) {
        this.description = description;
    }

    /** The st_mode of lstat(2), file type bits (S_IFMT) only. */
    static EntryKind ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0140000 -> SOCKET;
            case 0120000 -> SYMLINK;
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            default -> OTHER;
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
