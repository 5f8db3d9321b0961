#!/usr/bin/env bash
# Builds a ceiling-probe jar: the gateway jar plus bench/probe/ProbeAutoConfiguration, which answers
# GET /static/1k.bin with a constant 1 KiB body (CF-Cache-Status: HIT) either from the first
# WebFilter (--probe.mode=webfilter: what any WebFlux-level HIT can reach at best) or from a Reactor
# Netty route (--probe.mode=netty: the ceiling below WebFlux, in the same process and server).
# Prints the probe jar's path. Use it as the candidate of a run:
#   BENCH_SCENARIOS=hit1k BENCH_CANDIDATE_JAR=$(bench/probe/build.sh) BENCH_CANDIDATE_ARGS=--probe.mode=netty bench/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${BENCH_JAR:-$ROOT/target/edge-gateway-0.1.0-SNAPSHOT.jar}
OUT=${PROBE_JAR:-/tmp/edge-gateway-probe.jar}
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -DskipTests package >&2)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && unzip -q "$JAR" 'BOOT-INF/*')
mkdir -p "$WORK/out" "$WORK/stage/BOOT-INF/classes/META-INF/spring"
javac -proc:none -d "$WORK/out" -cp "$WORK/BOOT-INF/classes:$WORK/BOOT-INF/lib/*" \
	"$ROOT/bench/probe/ProbeAutoConfiguration.java" >&2
cp -r "$WORK/out/probe" "$WORK/stage/BOOT-INF/classes/"
imports=BOOT-INF/classes/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports
{ cat "$WORK/$imports" 2>/dev/null || true; echo probe.ProbeAutoConfiguration; } >"$WORK/stage/$imports"
cp "$JAR" "$OUT"
(cd "$WORK/stage" && jar uf0 "$OUT" BOOT-INF/classes/probe "$imports")
echo "$OUT"
