#!/bin/sh
# Makes target/lighttpdctl.jsa, the application class-data-sharing archive bin/lighttpdctl uses, with the java it
# runs on (JAVA, else the java on PATH): one JVM runs every action against a throw-away lighttpd on a free loopback
# port in a temp directory (lighttpdctl --cds-training, see CdsTraining.java) and dumps the classes it loaded at
# exit. Made again after every jar rebuild: the JVM records each class-path jar's size and mtime in the archive
# and silently ignores an archive whose jars changed, or one that another JVM made.
# Usage (from the repository root): test-fixtures/bench/cds.sh [EXTRA_JVM_OPTIONS]
set -e
archive=target/lighttpdctl.jsa
rm -f "$archive"
# The notify and socket-activation variables of a calling service must not reach the training run.
env -u NOTIFY_SOCKET -u LISTEN_FDS -u LISTEN_PID \
    LIGHTTPDCTL_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off ${1:-}" \
    bin/lighttpdctl --cds-training >/dev/null || echo "lighttpdctl --cds-training failed: the archive may lack classes" >&2
test -f "$archive" && echo "class-data-sharing archive: $archive"
