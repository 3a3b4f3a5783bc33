# lighttpdctl: build, demo, tests and benchmarks on a Debian 12 machine (run as root).
#   make demo    build, install lighttpd if missing, run a sample lighttpd under lighttpdctl with a graceful
#                restart under load, and stop it
#   make check   install what the tests need, then every test: unit and integration (real lighttpd on
#                loopback) and the end-to-end tests in Debian 12 containers (systemd, sysvinit, dpkg)
#   make bench   the cost (CPU, wall, RSS, busy-machine latency) and restart benchmarks
SHELL := /bin/bash
MVN := mvn -B -q
# Test runs keep Maven's INFO lines: Surefire's "Tests run: ..." summary is the record of what ran.
MVN_TEST := mvn -B -ntp
TEST_CP = target/test-classes:target/classes:$$(cat target/test-classpath.txt)
JAVA_FLAGS := -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData
# lighttpd to test against; the jars the .deb runs on (bin/lighttpdctl uses them too); a JDK and Maven.
DEB_PACKAGES := lighttpd lighttpd-mod-openssl php-cgi curl util-linux time libpicocli-java libjnr-posix-java libcommons-exec-java \
	openjdk-17-jdk-headless maven

.PHONY: all deps build cds demo check test e2e e2e-setup deb bench clean

all: build

# What a fresh Debian 12 machine lacks for build, demo and the host tests.
deps:
	@for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${db:Status-Status}\n' $$p 2>/dev/null | grep -qx installed || missing=1; done; \
	if [ -n "$$missing" ]; then export DEBIAN_FRONTEND=noninteractive; \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; \
	    trap 'rm -f /usr/sbin/policy-rc.d' EXIT; fi; \
	  apt-get -q update >/dev/null; \
	  apt-get -q install -y --no-install-recommends $(DEB_PACKAGES) >/dev/null; fi
	@# (policy-rc.d: lighttpd's postinst must not start a server on the host's port 80; the tests run their own)

build: deps
	$(MVN) package -DskipTests
	$(MAKE) --no-print-directory cds

# An application class-data-sharing archive of every class the actions load (native bindings and the mutating
# paths included), for bin/lighttpdctl: one JVM runs each action against a throw-away lighttpd on a free loopback
# port in a temp directory (lighttpdctl --cds-training, see CdsTraining.java).
cds:
	@rm -f target/lighttpdctl.jsa
	@env -u NOTIFY_SOCKET -u LISTEN_FDS -u LISTEN_PID \
	  LIGHTTPDCTL_JAVA_OPTS="-XX:ArchiveClassesAtExit=target/lighttpdctl.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
	  bin/lighttpdctl --cds-training >/dev/null || echo "lighttpdctl --cds-training failed: the archive may lack classes" >&2
	@test -f target/lighttpdctl.jsa && echo "class-data-sharing archive: target/lighttpdctl.jsa"

demo: build
	$(MVN) test-compile
	java $(JAVA_FLAGS) -cp "$(TEST_CP)" org.lighttpdctl.demo.Demo

# Unit and integration tests on this machine.
test: build
	$(MVN_TEST) test

e2e-setup:
	bash test-fixtures/e2e/setup.sh

deb: deps
	bash test-fixtures/e2e/install-host-prereqs.sh
	bash test-fixtures/e2e/build-deb.sh

e2e: build e2e-setup deb
	. target/e2e/env && $(MVN_TEST) test -Dgroups=e2e -DexcludedGroups=none -Dlighttpdctl.deb="$$(ls target/deb/lighttpdctl_*_all.deb)"

check: test e2e

# CostBench: wall, CPU and peak RSS of status/graceful/stop/start next to a trivial Java main and lighttpd -tt
# (plus graceful with jnr-ffi's bytecode generation on, the lever it replaced), and the clients' max latency during
# a graceful on a busy machine; then the restart methods side by side.
bench: build
	$(MVN) test-compile
	java $(JAVA_FLAGS) -cp "$(TEST_CP)" org.lighttpdctl.bench.CostBench --variant asm-on=-Djnr.ffi.asm.enabled=true
	java -cp "$(TEST_CP)" org.lighttpdctl.bench.RestartBench --runs 3
	java -cp "$(TEST_CP)" org.lighttpdctl.bench.RestartBench --runs 3 --php

clean:
	$(MVN) clean
