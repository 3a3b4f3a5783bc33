#!/bin/bash
# Tests of the two launchers (bin/lighttpdctl and the package's debian/scripts/lighttpdctl), run by `make check`:
#   1. LIGHTTPDCTL_JAVA_OPTS is split into words but never globbed: `-Dqa.star=*` reaches the JVM literally even
#      when the working directory holds files a glob would match (issue 14);
#   2. both pass --enable-native-access=ALL-UNNAMED (Java 24+ warns about jffi's System.load without it);
#   3. with --cds (after `make build`): the source tree's class-data-sharing archive still applies with that
#      option: the JVM is run with -Xshare:on (which fails when an archive cannot be mapped) and must load
#      lighttpdctl's main class from the dynamic archive ("source: shared objects file (top)").
# The launchers run for real; only the java binary is replaced (JAVA / LIGHTTPDCTL_JAVA) by a script that records
# the arguments it was given.
# Usage: launcher-test.sh [--cds]      exit 0 when every check passes, 1 otherwise (each failure named)
set -euo pipefail
TOP="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/lighttpdctl-launcher-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "launcher-test: FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "launcher-test: ok: $*"; }

# A java stand-in: one argument per line into $ARGS_OUT.
cat >"$WORK/java" <<'JAVA'
#!/bin/sh
: >"$ARGS_OUT"
for a in "$@"; do printf '%s\n' "$a" >>"$ARGS_OUT"; done
JAVA
chmod 755 "$WORK/java"

# A copy of the source tree's launcher next to a placeholder jar (it checks that target/lighttpdctl.jar exists).
mkdir -p "$WORK/tree/bin" "$WORK/tree/target"
cp "$TOP/bin/lighttpdctl" "$WORK/tree/bin/"
: >"$WORK/tree/target/lighttpdctl.jar"
# Files the words `-Dqa.star=*` and `-Dqa.q=?` would match as globs in the working directory.
mkdir -p "$WORK/cwd"
touch -- "$WORK/cwd/-Dqa.star=GLOBBED-FILE" "$WORK/cwd/-Dqa.q=G"

check_launcher() {
    local name="$1"; shift
    local out="$WORK/${name//\//_}.args"
    (cd "$WORK/cwd" && ARGS_OUT="$out" JAVA="$WORK/java" LIGHTTPDCTL_JAVA="$WORK/java" \
        LIGHTTPDCTL_JAVA_OPTS='-Dqa.star=* -Dqa.q=? -Dqa.two=a' "$@" status)
    [ -s "$out" ] || { fail "$name: the java stand-in was not run"; return; }
    if grep -qx -- '-Dqa.star=\*' "$out" && grep -qx -- '-Dqa.q=?' "$out" && grep -qx -- '-Dqa.two=a' "$out" \
        && ! grep -qx -e '-Dqa.star=GLOBBED-FILE' -e '-Dqa.q=G' "$out"; then
        pass "$name passes LIGHTTPDCTL_JAVA_OPTS as three words, '*' and '?' literally"
    else
        fail "$name: LIGHTTPDCTL_JAVA_OPTS='-Dqa.star=* -Dqa.q=? -Dqa.two=a' reached java as: $(tr '\n' ' ' <"$out")"
    fi
    if grep -qx -- '--enable-native-access=ALL-UNNAMED' "$out"; then
        pass "$name passes --enable-native-access=ALL-UNNAMED"
    else
        fail "$name does not pass --enable-native-access=ALL-UNNAMED: $(tr '\n' ' ' <"$out")"
    fi
    if [ "$(tail -n1 "$out")" = status ]; then
        pass "$name passes the action last"
    else
        fail "$name: the action is not the last argument: $(tr '\n' ' ' <"$out")"
    fi
}

check_launcher bin/lighttpdctl sh "$WORK/tree/bin/lighttpdctl"
check_launcher debian/scripts/lighttpdctl sh "$TOP/debian/scripts/lighttpdctl"

if [ "${1:-}" = --cds ]; then
    archive="$TOP/target/lighttpdctl.jsa"
    if [ ! -f "$archive" ]; then
        fail "no class-data-sharing archive $archive (run make build)"
    else
        # The real java, with -Xshare:on in place of -Xshare:auto and class loading logged.
        cat >"$WORK/java-share-on" <<'JAVA'
#!/bin/sh
for a in "$@"; do
    shift
    case "$a" in
        -Xshare:auto) set -- "$@" -Xshare:on ;;
        -Xlog:cds=off|-Xlog:cds+dynamic=off) ;;
        -cp) set -- "$@" -Xlog:class+load=info -cp ;;
        *) set -- "$@" "$a" ;;
    esac
done
exec java "$@"
JAVA
        chmod 755 "$WORK/java-share-on"
        log="$WORK/cds.log"
        if JAVA="$WORK/java-share-on" "$TOP/bin/lighttpdctl" --version >"$log" 2>&1; then
            if grep -q 'org.lighttpdctl.cli.Main source: shared objects file (top)' "$log"; then
                pass "bin/lighttpdctl with --enable-native-access and -Xshare:on loads its classes from $archive"
            else
                fail "the archive did not apply: org.lighttpdctl.cli.Main was not loaded from it ($(grep -m1 'org.lighttpdctl.cli.Main' "$log" || echo 'not loaded'))"
            fi
        else
            fail "bin/lighttpdctl --version with -Xshare:on failed: $(grep -v '^\[' "$log" | head -5)"
        fi
    fi
fi

if [ "$failures" -gt 0 ]; then
    echo "launcher-test: $failures check(s) failed"
    exit 1
fi
echo "launcher-test: all checks passed"
