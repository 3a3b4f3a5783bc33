# lighttpdctl: build, demo, tests and benchmarks on a Debian 12 machine (run as root).
#   make demo    build, install lighttpd if missing, run a sample lighttpd under lighttpdctl with a graceful
#                restart under load, and stop it
#   make check   install what the tests need, then every test: unit and integration (real lighttpd on
#                loopback) and the end-to-end tests (systemd, sysvinit, dpkg) in Debian 12 and Debian 13
#                containers (E2E_SUITES); with CI=true the container images are built from scratch
#   make qa      Debian's QA on the .deb: autopkgtest (debian/tests) and piuparts on Debian 12 and 13, the
#                Debian testing canary, the launcher tests (test-fixtures/qa/run.sh); part of make check
#   make bench   the cost (CPU, wall, RSS, busy-machine latency) and restart benchmarks
#   make bench-restart-waits  issue 13's comparison by repetition: each restart path against systemctl reload and
#                a run that does nothing, BENCH_TRIALS runs each under two loads, in a container of each release
#                (about 2.3 min a trial and release); BENCH_PATHS and BENCH_SPAN choose the paths and the span
#   make bench-jvms  the cost benchmark on Java 17 (this machine) and Java 21 (Debian 13, in a container)
#   make test-unit  the quick lane: decision tests against a fake kernel and other pure unit tests (JUnit tag
#                "unit"), in seconds, without root or lighttpd (they run in make test too)
SHELL := /bin/bash
MVN := mvn -B -q
# Test runs keep Maven's INFO lines: Surefire's "Tests run: ..." summary is the record of what ran.
MVN_TEST := mvn -B -ntp
TEST_CP = target/test-classes:target/classes:$$(cat target/test-classpath.txt)
JAVA_FLAGS := -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData
# lighttpd to test against; the jars the .deb runs on (bin/lighttpdctl uses them too); a JDK and Maven; gcc and
# python3 for the attackers some security tests run as another user (StateDirectoryRaceTest, ErrorLogLinkTest).
DEB_PACKAGES := lighttpd lighttpd-mod-openssl php-cgi curl util-linux time libpicocli-java libjffi-java \
	libcommons-exec-java default-jdk-headless maven gcc libc6-dev python3
# The Debian releases of the end-to-end tests: one test image and one run of the e2e suites each.
E2E_SUITES := bookworm trixie
# Tags left out of make check (none).
E2E_EXCLUDED := none

.PHONY: all deps build cds demo check test test-unit e2e e2e-setup deb qa bench bench-jvms bench-restart-waits clean

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
	@sh test-fixtures/bench/cds.sh

demo: build
	$(MVN) test-compile
	java $(JAVA_FLAGS) -cp "$(TEST_CP)" org.lighttpdctl.demo.Demo

# Unit and integration tests on this machine.
test: build
	$(MVN_TEST) test

# The quick lane (tag "unit"): no root, no lighttpd, no build prerequisites; Maven compiles what it runs.
# UNIT_MVN_FLAGS passes more flags, e.g. -o -Dmaven.repo.local=DIR for an unprivileged user's copy of the repo.
test-unit:
	$(MVN_TEST) $(UNIT_MVN_FLAGS) test -Dgroups=unit

e2e-setup:
	E2E_SUITES="$(E2E_SUITES)" bash test-fixtures/e2e/setup.sh

deb: deps
	bash test-fixtures/e2e/install-host-prereqs.sh
	bash test-fixtures/e2e/build-deb.sh

# Every release's run happens even when an earlier one failed; each keeps its own Surefire reports.
e2e: build e2e-setup deb
	@. target/e2e/env; failed=; for suite in $(E2E_SUITES); do \
	  echo "== end-to-end tests on $$suite"; start=$$SECONDS; \
	  $(MVN_TEST) test -Dgroups=e2e -DexcludedGroups=$(E2E_EXCLUDED) -Dlighttpdctl.e2e.suite=$$suite \
	    -Dsurefire.reportsDirectory=target/surefire-reports-e2e-$$suite \
	    -Dlighttpdctl.deb="$$(ls target/deb/lighttpdctl_*_all.deb)" || failed="$$failed $$suite"; \
	  echo "== end-to-end tests on $$suite: $$((SECONDS - start)) s"; done; \
	if [ -n "$$failed" ]; then echo "end-to-end tests failed on:$$failed"; exit 1; fi

# Runs of every restart path next to systemctl reload's, interleaved, in one container per release
# (org.lighttpdctl.e2e.RestartWaitsBench): prints each path's worst waits, their median and the rank-sum test
# against reload's. A benchmark: not part of make check.
BENCH_TRIALS := 6
# The paths besides reload, and the span from each action's start over which the worst waits are compared too
# (12 s with the upgrade, whose action takes up to 11 s): "two restarts 0.5 s apart", "upgrade of lighttpd" and
# "upgrade with restarts denied" (policy-rc.d: what apt and dpkg alone cost) are the other names.
BENCH_PATHS := systemctl restart,invoke-rc.d restart,package trigger,no action
BENCH_SPAN := 6
bench-restart-waits: build e2e-setup deb
	@. target/e2e/env; for suite in $(E2E_SUITES); do \
	  echo "== restart paths against reload on $$suite"; \
	  $(MVN_TEST) test -Dgroups=e2e-bench -DexcludedGroups=none -Dtest=RestartWaitsBench -Dlighttpdctl.e2e.suite=$$suite \
	    -Dlighttpdctl.bench.trials=$(BENCH_TRIALS) "-Dlighttpdctl.bench.paths=$(BENCH_PATHS)" \
	    -Dlighttpdctl.bench.spanSeconds=$(BENCH_SPAN) -Dsurefire.reportsDirectory=target/surefire-reports-bench-$$suite \
	    -Dlighttpdctl.deb="$$(ls target/deb/lighttpdctl_*_all.deb)" | grep -E '^(\[bench\]|\|)|Tests run:|FAIL'; \
	done

# Debian's QA on the package (test-fixtures/qa/run.sh): autopkgtest in the e2e images (built if missing, shared
# with make e2e), piuparts from the host's mirror, the canary on Debian testing (its own image), and the launcher
# tests; installs autopkgtest and piuparts. `make cds` first: the package build rebuilt the jar the archive is of.
qa: deb
	@$(MAKE) --no-print-directory cds
	bash test-fixtures/e2e/install-host-prereqs.sh
	bash test-fixtures/e2e/start-podman.sh
	E2E_SUITES="$(E2E_SUITES)" QA_SUITES="$(E2E_SUITES)" bash test-fixtures/qa/run.sh "$$(ls target/deb/lighttpdctl_*_all.deb)"

# Every part runs even when an earlier one fails, so that one run reports every failure; each part's cost is
# printed.
check:
	@status=0; for part in test e2e qa; do start=$$SECONDS; \
	  $(MAKE) --no-print-directory $$part || status=1; \
	  echo "== make $$part: $$((SECONDS - start)) s"; done; exit $$status

# CostBench: wall, CPU and peak RSS of status/graceful/stop/start next to a trivial Java main and lighttpd -tt, and
# the clients' max latency during a graceful on a busy machine; then the restart methods side by side.
bench: build
	$(MVN) test-compile
	sh test-fixtures/bench/cds.sh
	java $(JAVA_FLAGS) -cp "$(TEST_CP)" org.lighttpdctl.bench.CostBench
	java -cp "$(TEST_CP)" org.lighttpdctl.bench.RestartBench --runs 3
	java -cp "$(TEST_CP)" org.lighttpdctl.bench.RestartBench --runs 3 --php

# CostBench once per Java the tool runs on (BENCH_JVMS: host = this machine's Java 17, trixie = Debian 13's Java 21
# in its e2e image, testing = Debian testing's Java 25), one after the other, each with a class-data-sharing archive
# its own JVM makes; CostBench options in BENCH_OPTS. See test-fixtures/bench/bench-jvms.sh.
BENCH_JVMS := host trixie
bench-jvms: build
	$(MVN) test-compile
	bash test-fixtures/bench/bench-jvms.sh $(BENCH_JVMS)

clean:
	$(MVN) clean
