#!/bin/sh
# One CostBench run on the java on PATH, the way bench-jvms.sh runs it on the host and in each container: first a
# class-data-sharing archive made by this very JVM (cds.sh), then the benchmark (which checks that the tool's
# classes come from that archive, and refuses to measure otherwise).
# Usage (from the repository root, after make build): test-fixtures/bench/cost-run.sh [COSTBENCH_OPTIONS]
set -e
sh test-fixtures/bench/cds.sh
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.lighttpdctl.bench.CostBench "$@"
