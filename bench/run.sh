#!/usr/bin/env bash
# Edge Gateway benchmark: the gateway's cache against nginx proxy_cache and plain SCG proxying,
# in one interleaved run on loopback. See bench/README.md for how to read the output.
#
#   bench/run.sh                                   # full run (~20 min on 2 cores)
#   BENCH_DURATION=3s BENCH_WARMUP=8s BENCH_ROUNDS=1 bench/run.sh   # smoke run
#
# Everything it starts is stopped again by PID on exit. Only 127.0.0.1 is used.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BENCH_DURATION=${BENCH_DURATION:-15s}       # wrk -d of one measurement
BENCH_WARMUP=${BENCH_WARMUP:-40s}           # load per JVM before any measurement (split over scenarios)
BENCH_ROUNDS=${BENCH_ROUNDS:-3}             # interleaved rounds; tables show medians
BENCH_JVMS=${BENCH_JVMS:-1}                 # sets of JVMs: the gateways restarted and warmed again, BENCH_ROUNDS rounds each
BENCH_WARMUP_MODE=${BENCH_WARMUP_MODE:-sequential} # sequential: one scenario after the other; mixed: all at once
BENCH_SETTLE=${BENCH_SETTLE:-0s}            # at most this much unmeasured load of the same scenario on the same target right before each measurement (and of the paced load before a paced one), in 5 s steps
BENCH_PAIRED=${BENCH_PAIRED:-"pass dyn"}  # scenarios also measured with the JVM gateways loaded at the same time ("" for none)
BENCH_PAIRED_PACE_MS=${BENCH_PAIRED_PACE_MS:-""} # also measure the BENCH_PAIRED scenarios paced: each connection pauses this long after every response (paced.tsv)
BENCH_PACED_DURATION=${BENCH_PACED_DURATION:-$BENCH_DURATION} # wrk -d of a paced measurement (longer: CPU read closer, a JIT burst diluted)
BENCH_SETTLE_QUIET=${BENCH_SETTLE_QUIET:-0.2} # settling ends early after a step in which the target JVM compiled for less than this many seconds
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_THREADS=${BENCH_THREADS:-1}
BENCH_SCENARIOS=${BENCH_SCENARIOS:-"hit1k hit100k pass dyn miss"}
BENCH_SCG_LOCAL=${BENCH_SCG_LOCAL:-auto}    # auto: SCG LocalResponseCache target if it can be enabled; off
BENCH_FILL=${BENCH_FILL:-on}                # on: the memory-bound test after the rounds; off
BENCH_FILL_MAX_SIZE_MB=${BENCH_FILL_MAX_SIZE_MB:-32}
BENCH_FILL_SMALL_DURATION=${BENCH_FILL_SMALL_DURATION:-60s} # load of unique 1 KiB objects in the second fill
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms768m -Xmx768m"} # the heap the Helm chart gives (75 % of its 1 GiB limit)
BENCH_GATEWAY_ARGS=${BENCH_GATEWAY_ARGS:-""} # extra args for the cache-on gateway and the candidate
BENCH_PROFILE=${BENCH_PROFILE:-off}        # on: async-profiler CPU profiles after the rounds; only: profiles, no rounds
BENCH_PROFILE_DURATION=${BENCH_PROFILE_DURATION:-20s}
BENCH_PROFILE_EVENT=${BENCH_PROFILE_EVENT:-cpu} # cpu: CPU samples; alloc: bytes allocated, by allocation site
BENCH_PROFILE_SCENARIOS=${BENCH_PROFILE_SCENARIOS:-"hit1k pass hit100k"} # profiled in the cache-on gateway; pass/dyn/miss also in the plain one
BENCH_CANDIDATE_JAR=${BENCH_CANDIDATE_JAR:-""} # a prototype jar, measured as target gw_cache_cand in the same rounds
BENCH_CANDIDATE_ARGS=${BENCH_CANDIDATE_ARGS:-""} # extra args for the candidate (e.g. a prototype's switch)
# a candidate started with the cache off is a second plain gateway: an A/A check of the bench's noise
CANDIDATE_KIND=cache
[[ " $BENCH_CANDIDATE_ARGS " == *" --edge.cache.enabled=false "* ]] && CANDIDATE_KIND=plain
BASE_PORT=${BASE_PORT:-18080}
JAR=${BENCH_JAR:-target/edge-gateway-0.1.0-SNAPSHOT.jar}

ORIGIN_PORT=$BASE_PORT
NGINX_CACHE_PORT=$((BASE_PORT + 1))
GW_CACHE_PORT=$((BASE_PORT + 2))
GW_PLAIN_PORT=$((BASE_PORT + 3))
SCG_LOCAL_PORT=$((BASE_PORT + 4))
GW_FILL_PORT=$((BASE_PORT + 5))
GW_CAND_PORT=$((BASE_PORT + 6))
MGMT_OFFSET=10

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR="$ROOT/bench/results"
RESULT="$RESULTS_DIR/$STAMP"
mkdir -p "$RESULT"
RAW="$RESULT/raw.tsv"
PAIRED="$RESULT/paired.tsv"
PACED="$RESULT/paced.tsv"
LOG="$RESULT/run.log"

RUN=$(mktemp -d /tmp/edge-bench.XXXXXX)
chmod 755 "$RUN"                           # nginx workers (nobody) must read it: 700 means 403s
CACHE_DIR=$(mktemp -d /dev/shm/edge-bench-cache.XXXXXX 2>/dev/null || mktemp -d "$RUN/cache.XXXXXX")
chmod 777 "$CACHE_DIR"

PIDS=()
NGINX_PIDFILES=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }
die() { log "FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	set +e
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
	done
	for pidfile in "${NGINX_PIDFILES[@]:-}"; do
		[ -n "$pidfile" ] && [ -s "$pidfile" ] && kill -QUIT "$(cat "$pidfile")" 2>/dev/null
	done
	sleep 1
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	done
	cp "$RUN"/*.log "$RESULT/" 2>/dev/null
	rm -rf "$RUN" "$CACHE_DIR"
	if [ $rc -ne 0 ]; then
		echo "bench/run.sh failed (rc=$rc); logs in $RESULT" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

seconds() { # 15s | 2m | 15 -> seconds
	local v=$1
	case "$v" in
		*m) echo $(( ${v%m} * 60 )) ;;
		*s) echo "${v%s}" ;;
		*) echo "$v" ;;
	esac
}

# ---------------------------------------------------------------- prerequisites

install_tools() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
	command -v python3 >/dev/null || missing+=(python3)
	command -v curl >/dev/null || missing+=(curl)
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing from the Debian archive: ${missing[*]}"
		local sudo=""
		[ "$(id -u)" -ne 0 ] && sudo=sudo
		$sudo apt-get update -qq
		$sudo apt-get install -y -qq "${missing[@]}" || $sudo apt-get install -y -qq wrk nginx python3 curl
	fi
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	command -v java >/dev/null || die "java (17+) is not on the PATH"
}

build_jar() {
	if [ ! -f "$JAR" ]; then
		log "building $JAR"
		./mvnw -q -DskipTests package
	fi
	[ -f "$JAR" ] || die "no $JAR after the build"
	# run a copy with a distinctive name: the box is shared, and other sessions stop their own
	# gateways by name
	cp "$JAR" "$RUN/edge-gateway-bench.jar"
	JAR="$RUN/edge-gateway-bench.jar"
}

# ---------------------------------------------------------------- targets

make_origin_files() {
	mkdir -p "$RUN/www/static" "$RUN/www/nostore" "$RUN/www/dyn" "$RUN/origin-tmp" "$RUN/nginx-cache-tmp"
	head -c 1024 /dev/urandom >"$RUN/www/static/1k.bin"
	head -c 102400 /dev/urandom >"$RUN/www/static/100k.bin"
	cp "$RUN/www/static/1k.bin" "$RUN/www/nostore/1k.bin"
	cp "$RUN/www/static/1k.bin" "$RUN/www/dyn/1k"
	chmod -R a+rX "$RUN/www"
	chmod 777 "$RUN/origin-tmp" "$RUN/nginx-cache-tmp"
}

render() { # template output
	sed -e "s#@RUN@#$RUN#g" -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" -e "s#@NGINX_CACHE_PORT@#$NGINX_CACHE_PORT#g" \
		-e "s#@CACHE_DIR@#$CACHE_DIR#g" "$1" >"$2"
}

start_nginx() { # name template
	local name=$1
	render "$ROOT/bench/conf/$2" "$RUN/$name.conf"
	"$NGINX" -t -q -c "$RUN/$name.conf" -p "$RUN" 2>>"$RUN/$name-error.log" || die "$name: bad nginx config"
	"$NGINX" -c "$RUN/$name.conf" -p "$RUN" 2>>"$RUN/$name-error.log" || die "$name: nginx did not start"
	NGINX_PIDFILES+=("$RUN/$name.pid")
}

route_args() {
	local p=spring.cloud.gateway.server.webflux.routes[0]
	echo "--$p.id=origin --$p.uri=http://127.0.0.1:$ORIGIN_PORT --$p.predicates[0]=Path=/**"
}

# start_gateway name port -- extra args...; sets PID_<name>
start_gateway() {
	local name=$1 port=$2
	shift 3
	local launcher=(-jar "$JAR")
	if [ "$name" = gw_cache_cand ]; then
		launcher=(-jar "$RUN/edge-gateway-candidate.jar")
	elif [ "$name" = scg_local ]; then
		# the jar lacks spring-context-support: the same jar, with it added by PropertiesLauncher
		launcher=(-cp "$JAR" -Dloader.path="$RUN/extlib" org.springframework.boot.loader.launch.PropertiesLauncher)
	fi
	# shellcheck disable=SC2046,SC2086
	java $BENCH_JAVA_OPTS "${launcher[@]}" \
		--server.address=127.0.0.1 --server.port="$port" \
		--management.server.address=127.0.0.1 --management.server.port=$((port + MGMT_OFFSET)) \
		--management.endpoints.web.exposure.include=health,info,metrics,prometheus \
		$(route_args) "$@" >>"$RUN/$name.log" 2>&1 &
	local pid=$!
	PIDS+=("$pid")
	printf -v "PID_$name" '%s' "$pid"
}

start_gateways() { # a fresh JVM for every gateway in TARGETS
	local t
	for t in "${TARGETS[@]}"; do
		case $t in
			# shellcheck disable=SC2086
			gw_cache) start_gateway gw_cache "$GW_CACHE_PORT" -- $BENCH_GATEWAY_ARGS ;;
			gw_plain) start_gateway gw_plain "$GW_PLAIN_PORT" -- --edge.cache.enabled=false ;;
			# shellcheck disable=SC2086
			gw_cache_cand) start_gateway gw_cache_cand "$GW_CAND_PORT" -- $BENCH_GATEWAY_ARGS $BENCH_CANDIDATE_ARGS ;;
			scg_local)
				start_gateway scg_local "$SCG_LOCAL_PORT" -- --edge.cache.enabled=false \
					--spring.cloud.gateway.server.webflux.filter.local-response-cache.enabled=true \
					--spring.cloud.gateway.server.webflux.global-filter.local-response-cache.enabled=true \
					--spring.cloud.gateway.server.webflux.filter.local-response-cache.time-to-live=1h \
					--spring.cloud.gateway.server.webflux.filter.local-response-cache.size=128MB
				;;
		esac
	done
}

await_gateways() { # every gateway in TARGETS answers
	local t
	for t in "${TARGETS[@]}"; do
		[ "$t" = nginx_cache ] || wait_http "$t" "http://127.0.0.1:${PORT[$t]}/static/1k.bin" "$(main_pid "$t")"
	done
}

stop_gateways() { # every gateway in TARGETS stopped, its port free again
	local t pid
	for t in "${TARGETS[@]}"; do
		[ "$t" = nginx_cache ] && continue
		pid=$(main_pid "$t")
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

wait_http() { # name url pid
	local i
	for i in $(seq 1 120); do
		if curl -s -o /dev/null --max-time 2 "$2"; then
			return 0
		fi
		if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
			tail -30 "$RUN/$1.log" >&2 || true
			die "$1 exited during start-up (log: $RESULT/$1.log)"
		fi
		sleep 1
	done
	die "$1 did not answer $2 within 120 s"
}

prepare_scg_local() {
	[ "$BENCH_SCG_LOCAL" = off ] && return 1
	if unzip -l "$JAR" 2>/dev/null | grep -q 'BOOT-INF/lib/spring-context-support-'; then
		mkdir -p "$RUN/extlib"
		return 0
	fi
	local spring
	spring=$(unzip -l "$JAR" | sed -n 's#.*BOOT-INF/lib/spring-context-\([0-9][0-9.]*\)\.jar#\1#p' | head -1)
	[ -n "$spring" ] || return 1
	log "scg-local: the jar has Caffeine but no spring-context-support; adding spring-context-support $spring via loader.path"
	if ! ./mvnw -q dependency:copy -Dartifact="org.springframework:spring-context-support:$spring" \
		-DoutputDirectory="$RUN/extlib" >"$RUN/extlib.log" 2>&1; then
		log "scg-local: could not resolve spring-context-support $spring: target skipped"
		return 1
	fi
}

# ---------------------------------------------------------------- scenarios

TARGETS=()
declare -A PORT NAME_OF
target_port() { echo "${PORT[$1]}"; }

path_of() { # scenario
	case $1 in
		hit1k | miss) echo /static/1k.bin ;;
		hit100k) echo /static/100k.bin ;;
		pass) echo /nostore/1k.bin ;;
		dyn) echo /dyn/1k ;;
	esac
}

size_of() { case $1 in hit100k) echo 102400 ;; *) echo 1024 ;; esac; }

# fetch url -> sets F_STATUS F_SIZE F_ORIGIN F_CF F_NGX
wrk_script_args() { # array-name scenario -> the wrk options that scenario needs (miss: unique URLs)
	local -n args=$1
	args=()
	[ "$2" = miss ] && args=(-s "$ROOT/bench/conf/miss.lua")
	return 0
}

fetch() {
	local h="$RUN/h.txt" b="$RUN/b.bin"
	F_STATUS=$(curl -s --max-time 5 -D "$h" -o "$b" -w '%{http_code}' "$1" || echo 000)
	F_SIZE=$(stat -c %s "$b" 2>/dev/null || echo 0)
	F_ORIGIN=$(tr -d '\r' <"$h" | awk -F': ' 'tolower($1)=="x-origin-req"{print $2}')
	F_CF=$(tr -d '\r' <"$h" | awk -F': ' 'tolower($1)=="cf-cache-status"{print $2}')
	F_NGX=$(tr -d '\r' <"$h" | awk -F': ' 'tolower($1)=="x-cache-status"{print $2}')
}

# preflight target scenario: any surprise stops the run
preflight() {
	local t=$1 s=$2 url suffix="" kind=$1
	[ "$t" = gw_cache_cand ] && [ "$CANDIDATE_KIND" = plain ] && kind=gw_plain
	[ "$s" = miss ] && suffix="?preflight=$RANDOM$RANDOM"
	url="http://127.0.0.1:${PORT[$t]}$(path_of "$s")$suffix"
	fetch "$url"
	local s1=$F_STATUS z1=$F_SIZE o1=$F_ORIGIN c1=$F_CF n1=$F_NGX
	fetch "$url"
	local s2=$F_STATUS z2=$F_SIZE o2=$F_ORIGIN c2=$F_CF n2=$F_NGX
	local want
	want=$(size_of "$s")
	local what="$t/$s: status $s1/$s2 size $z1/$z2 origin-req $o1/$o2 cf $c1/$c2 nginx $n1/$n2"
	[ "$s1" = 200 ] && [ "$s2" = 200 ] || die "preflight $what: expected 200"
	[ "$z1" = "$want" ] && [ "$z2" = "$want" ] || die "preflight $what: expected $want bytes"
	[ -n "$o1" ] && [ -n "$o2" ] || die "preflight $what: no X-Origin-Req (not the bench origin?)"
	local cached=no
	case "$kind/$s" in
		gw_cache*/hit* | nginx_cache/hit* | scg_local/hit*) cached=yes ;;
		gw_cache*/miss | nginx_cache/miss | scg_local/miss) cached=yes ;; # the same unique URL twice: stored, then served
	esac
	if [ $cached = yes ]; then
		[ "$o1" = "$o2" ] || die "preflight $what: second request was not served from the cache"
	else
		[ "$o1" != "$o2" ] || die "preflight $what: the same origin response twice, expected pass-through"
	fi
	case "$kind/$s" in
		gw_cache*/hit1k | gw_cache*/hit100k) [ "$c2" = HIT ] || die "preflight $what: expected CF-Cache-Status HIT" ;;
		gw_cache*/pass) [ "$c1" = BYPASS ] && [ "$c2" = BYPASS ] || die "preflight $what: expected BYPASS" ;;
		gw_cache*/dyn) [ "$c1" = DYNAMIC ] && [ "$c2" = DYNAMIC ] || die "preflight $what: expected DYNAMIC" ;;
		gw_cache*/miss) [ "$c1" = MISS ] && [ "$c2" = HIT ] || die "preflight $what: expected MISS then HIT" ;;
		nginx_cache/hit1k | nginx_cache/hit100k) [ "$n2" = HIT ] || die "preflight $what: expected X-Cache-Status HIT" ;;
		nginx_cache/miss) [ "$n1" = MISS ] && [ "$n2" = HIT ] || die "preflight $what: expected MISS then HIT" ;;
		gw_plain/* | scg_local/*) [ -z "$c1$c2" ] || die "preflight $what: CF-Cache-Status on a target without the edge cache" ;;
	esac
	if [ "$s" = miss ]; then # the wrk script's URLs must be unique per request
		fetch "http://127.0.0.1:${PORT[$t]}$(path_of "$s")?preflight=$RANDOM$RANDOM"
		[ "$F_ORIGIN" != "$o2" ] || die "preflight $t/miss: a new query string was served from the cache"
	fi
	echo "  ok $what" >>"$LOG"
}

tree_pids() { # pid -> pid and its children
	echo "$1"
	pgrep -P "$1" 2>/dev/null || true
}

cpu_ticks() { # pids... -> utime+stime ticks summed
	local total=0 pid f
	for pid in "$@"; do
		f=$(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null || echo "0 0")
		total=$((total + ${f% *} + ${f#* }))
	done
	echo $total
}

rss_kib() { # pids... -> VmRSS summed
	local total=0 pid v
	for pid in "$@"; do
		v=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		total=$((total + ${v:-0}))
	done
	echo $total
}

main_pid() { # target -> the process whose tree is the target
	case $1 in
		nginx_cache) cat "$RUN/nginx-cache.pid" ;;
		origin) cat "$RUN/origin.pid" ;;
		*) local v="PID_$1"; echo "${!v}" ;;
	esac
}

to_ms() { # wrk latency value (123.45us | 1.23ms | 1.02s) -> ms
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else printf "nan" }'
}

jit_seconds() { # pid -> seconds the JVM has spent compiling so far (jstat), nothing for a process that is no JVM
	{ jstat -compiler "$1" 2>/dev/null || true; } | awk 'NR == 2 { print $4 }'
}

# measure round scenario target duration -> appends a row to $RAW
measure() {
	local round=$1 s=$2 t=$3 dur=$4
	local url="http://127.0.0.1:${PORT[$t]}$(path_of "$s")" script out="$RUN/wrk.out"
	wrk_script_args script "$s"
	local settled
	settled=$(settle "$s" "$t")
	local before
	before=$(snapshot "$t")
	timeout $(( $(seconds "$dur") + 30 )) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$dur" --latency --timeout 5s \
		"${script[@]}" "$url" >"$out" 2>&1 || die "wrk failed for $t/$s: $(tail -3 "$out")"
	record "$RAW" "$round" "$s" "$t" "$out" "$before" "$(snapshot "$t")" "$settled" ""
}

scenarios_but_miss() { # the round's scenarios in their order, without miss (measured last)
	local s
	for s in $BENCH_SCENARIOS; do
		[ "$s" = miss ] || printf '%s ' "$s"
	done
}

measure_all() { # round scenario -> the scenario on every target, the target order rotated by the round
	local r=$1 s=$2 i t n=${#TARGETS[@]}
	for i in $(seq 0 $((n - 1))); do
		t=${TARGETS[$(( (i + r - 1) % n ))]}
		if [ "$t" = scg_local ] && [ "$s" = dyn ]; then continue; fi
		measure "$r" "$s" "$t" "$BENCH_DURATION"
	done
}

# measure_paired round scenario -> the JVM gateways loaded with the scenario at the same time, one wrk
# each, after 5 s of the same; appends a row per gateway to $PAIRED (and, with BENCH_PAIRED_PACE_MS,
# paced, to $PACED). The gateways then share the box's other load at every moment, though not always
# its cores evenly: the ratio of their requests per core-second is the ratio of what a request costs
# each, whatever the box does meanwhile.
measure_paired() {
	local round=$1 s=$2
	local -a gateways=(gw_cache gw_plain)
	[ -n "$BENCH_CANDIDATE_JAR" ] && gateways+=(gw_cache_cand)
	load_at_once "$s" 5s "" "${gateways[@]}"
	measure_at_once "$round" "$s" "$PAIRED" paired "" "$BENCH_DURATION" "${gateways[@]}"
	[ -n "$BENCH_PAIRED_PACE_MS" ] || return 0
	local -a script
	wrk_script_args script "$s"
	if [ "${#script[@]}" != 0 ]; then # its own wrk script (miss) leaves no room for the pacing one
		log "  round $round paced $s: not measured (the scenario has its own wrk script)"
		return 0
	fi
	# the same, each gateway at (nearly) the same request rate and none of them short of CPU: with the
	# closed loop above, a gateway that answers fewer requests per wake-up pays more per request; the
	# paced load is settled first (a JVM recompiles for a new request pattern, which is not its cost)
	local settled
	settled=$(PACE="$BENCH_PAIRED_PACE_MS" settle "$s" "${gateways[@]}")
	SETTLED=$settled measure_at_once "$round" "$s" "$PACED" paced "$BENCH_PAIRED_PACE_MS" "$BENCH_PACED_DURATION" \
		"${gateways[@]}"
}

# settle scenario targets... -> unmeasured load before a measurement, the targets loaded at the same
# time (paced with PACE, as load_at_once), in 5 s steps up to BENCH_SETTLE, ending after a step in
# which none of them compiled for BENCH_SETTLE_QUIET seconds (one step for nginx, which is no JVM);
# prints the seconds spent, nothing without BENCH_SETTLE
settle() {
	local s=$1 max spent=0 step=5 t i quiet
	shift
	local -a targets=("$@") befores
	max=$(seconds "$BENCH_SETTLE")
	[ "$max" -gt 0 ] || return 0
	while [ "$spent" -lt "$max" ]; do
		befores=()
		for t in "${targets[@]}"; do
			befores+=("$(jit_seconds "$(main_pid "$t")")")
		done
		load_at_once "$s" ${step}s "" "${targets[@]}"
		spent=$((spent + step))
		quiet=1
		for i in "${!targets[@]}"; do
			awk -v a="${befores[$i]}" -v b="$(jit_seconds "$(main_pid "${targets[$i]}")")" -v q="$BENCH_SETTLE_QUIET" \
				'BEGIN { exit !(a == "" || b == "" || b - a < q) }' || quiet=0
		done
		[ "$quiet" = 1 ] && break
	done
	echo "$spent"
}

# measure_at_once round scenario file label pace-ms duration targets... -> the targets loaded with the
# scenario at the same time for duration (each connection pausing pace-ms after every response, if
# set); appends a row per target to file (with SETTLED, the seconds of settling before it)
measure_at_once() {
	local round=$1 s=$2 file=$3 label=$4 pace=$5 dur=$6 t i befores=()
	shift 6
	local -a targets=("$@")
	for t in "${targets[@]}"; do
		befores+=("$(snapshot "$t")")
	done
	PACE="$pace" load_at_once "$s" "$dur" "$RUN/wrk-$label-" "${targets[@]}"
	for i in "${!targets[@]}"; do
		t=${targets[$i]}
		record "$file" "$round" "$s" "$t" "$RUN/wrk-$label-$t.out" "${befores[$i]}" "$(snapshot "$t")" "${SETTLED:-}" "$label "
	done
}

# load_at_once scenario duration out-prefix targets... -> one wrk per target, all at once, until all
# end; with an out-prefix each wrk's report (with latencies) goes to <prefix><target>.out
load_at_once() {
	local s=$1 dur=$2 prefix=$3 t script pids=() out i
	shift 3
	local -a targets=("$@")
	wrk_script_args script "$s"
	[ -n "${PACE:-}" ] && script=(-s "$ROOT/bench/conf/paced.lua")
	for t in "${targets[@]}"; do
		out=/dev/null
		[ -n "$prefix" ] && out="$prefix$t.out"
		BENCH_PACE_MS=${PACE:-0} timeout $(( $(seconds "$dur") + 30 )) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$dur" \
			${prefix:+--latency} --timeout 5s "${script[@]}" "http://127.0.0.1:${PORT[$t]}$(path_of "$s")" >"$out" 2>&1 &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || die "wrk failed for ${targets[$i]}/$s (at once)${prefix:+: $(tail -3 "$prefix${targets[$i]}.out")}"
	done
}

# snapshot target -> "wall-ns target-ticks origin-ticks jit-seconds" now
snapshot() {
	local pids origin_pids
	mapfile -t pids < <(tree_pids "$(main_pid "$1")")
	mapfile -t origin_pids < <(tree_pids "$(cat "$RUN/origin.pid")")
	echo "$(date +%s%N) $(cpu_ticks "${pids[@]}") $(cpu_ticks "${origin_pids[@]}") $(jit_seconds "$(main_pid "$1")")"
}

# record file round scenario target wrk-output snapshot-before snapshot-after settled label -> appends a row, logs it
record() {
	local file=$1 round=$2 s=$3 t=$4 out=$5 settled=$8 label=$9 hz
	local -a b a
	read -r -a b <<<"$6"
	read -r -a a <<<"$7"
	hz=$(getconf CLK_TCK)
	local rps p50 p99 non2xx errors cpu ocpu jit=""
	rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
	p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
	p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
	non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
	errors=$(awk '/Socket errors:/{gsub(",",""); print $4+$6+$8+$10}' "$out")
	cpu=$(awk -v a="${b[1]}" -v b="${a[1]}" -v hz="$hz" -v w0="${b[0]}" -v w1="${a[0]}" \
		'BEGIN { printf "%.1f", (b - a) / hz / ((w1 - w0) / 1e9) * 100 }')
	ocpu=$(awk -v a="${b[2]}" -v b="${a[2]}" -v hz="$hz" -v w0="${b[0]}" -v w1="${a[0]}" \
		'BEGIN { printf "%.1f", (b - a) / hz / ((w1 - w0) / 1e9) * 100 }')
	[ -n "${b[3]:-}" ] && [ -n "${a[3]:-}" ] && jit=$(awk -v a="${b[3]}" -v b="${a[3]}" 'BEGIN { printf "%.2f", b - a }')
	[ -n "$rps" ] || die "no wrk result for $t/$s: $(tail -5 "$out")"
	if [ -n "$non2xx" ] && [ "$non2xx" != 0 ]; then
		die "$t/$s: $non2xx non-2xx responses under load"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$s" "$t" "$rps" "$p50" "$p99" "$cpu" "$ocpu" \
		"${errors:-0}" "$jit" "$settled" >>"$file"
	log "  round $round $label$s $t: $rps req/s p50 ${p50}ms p99 ${p99}ms cpu ${cpu}% origin ${ocpu}%${jit:+ jit ${jit}s}${settled:+ (settled ${settled}s)}"
}

warmup() { # target
	local t=$1 total per s
	total=$(seconds "$BENCH_WARMUP")
	local n
	n=$(echo "$BENCH_SCENARIOS" | wc -w)
	if [ "$BENCH_WARMUP_MODE" = mixed ] && [ "$t" != nginx_cache ]; then
		# every scenario at once, the connections shared out: the JIT compiles for the mix, as in
		# production, instead of for one scenario after the other
		local conns=$(( (BENCH_CONNECTIONS + n - 1) / n )) pids=()
		log "warm-up $t: ${total}s of all $n scenarios at once (${conns} connections each)"
		for s in $BENCH_SCENARIOS; do
			local script
			wrk_script_args script "$s"
			timeout $((total + 30)) wrk -t1 -c"$conns" -d"${total}s" --timeout 5s "${script[@]}" \
				"http://127.0.0.1:${PORT[$t]}$(path_of "$s")" >/dev/null 2>&1 &
			pids+=($!)
		done
		local pid
		for pid in "${pids[@]}"; do
			wait "$pid" || die "warm-up of $t failed"
		done
		return 0
	fi
	per=$(( (total + n - 1) / n ))
	[ "$per" -lt 1 ] && per=1
	log "warm-up $t: ${per}s x $n scenarios"
	for s in $BENCH_SCENARIOS; do
		local script
		wrk_script_args script "$s"
		timeout $((per + 30)) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${per}s" --timeout 5s "${script[@]}" \
			"http://127.0.0.1:${PORT[$t]}$(path_of "$s")" >/dev/null 2>&1 || die "warm-up of $t/$s failed"
	done
}

# ---------------------------------------------------------------- profiling

prepare_profiler() {
	local so="$RUN/ap/linux-x64/libasyncProfiler.so"
	if [ ! -f "$so" ]; then
		./mvnw -q dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$RUN/ap" \
			>"$RUN/ap.log" 2>&1 || die "could not resolve tools.profiler:async-profiler:3.0 from Maven Central"
		(cd "$RUN/ap" && unzip -q -o async-profiler-3.0.jar 'linux-x64/*') || die "no linux-x64 library in async-profiler"
	fi
	PROFILER_SO=$so
}

# profile target scenario: async-profiler loaded into the running JVM with jcmd, wall-clock-free CPU
# samples while wrk loads the scenario; collapsed stacks into the result directory
profile() {
	local t=$1 s=$2 pid out
	pid=$(main_pid "$t")
	out="$RESULT/profile-$t-$s"
	# jcmd's parser would split the agent options at '=': pass them as one quoted value
	local event=$BENCH_PROFILE_EVENT stop=collapsed
	if [ "$event" = alloc ]; then
		out="$out-alloc"
		stop="collapsed,total" # weighted by bytes, not by samples
		jcmd "$pid" JVMTI.agent_load "$PROFILER_SO" "\"start,event=alloc,alloc=64k\"" >"$out.start.log" 2>&1 || true
	else
		jcmd "$pid" JVMTI.agent_load "$PROFILER_SO" "\"start,event=cpu,interval=997us\"" >"$out.start.log" 2>&1 || true
	fi
	if [ "$event" = cpu ] && ! grep -q "return code: 0" "$out.start.log"; then
		event=itimer
		jcmd "$pid" JVMTI.agent_load "$PROFILER_SO" "\"start,event=itimer,interval=997us\"" >"$out.start.log" 2>&1 || true
	fi
	local script
	wrk_script_args script "$s"
	timeout $(( $(seconds "$BENCH_PROFILE_DURATION") + 30 )) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" \
		-d"$BENCH_PROFILE_DURATION" --latency --timeout 5s "${script[@]}" \
		"http://127.0.0.1:${PORT[$t]}$(path_of "$s")" >"$out.wrk.txt" 2>&1 || true
	jcmd "$pid" JVMTI.agent_load "$PROFILER_SO" "\"stop,file=$out.collapsed,$stop\"" >"$out.stop.log" 2>&1 || true
	[ -s "$out.collapsed" ] || die "no profile for $t/$s (see $out.start.log)"
	log "profile $t/$s ($event): $(awk '/^Requests\/sec:/{print $2}' "$out.wrk.txt") req/s while sampling -> $out.collapsed"
}

profile_all() {
	prepare_profiler
	local t s
	for s in $BENCH_PROFILE_SCENARIOS; do
		for t in gw_cache gw_plain; do
			case $s in hit*) [ $t = gw_plain ] && continue ;; esac # a plain gateway has no HIT to profile
			profile $t "$s"
		done
	done
	python3 "$ROOT/bench/profile_summary.py" "$RESULT"/profile-*.collapsed >"$RESULT/profile-summary.md" || true
	log "profile summary: $RESULT/profile-summary.md"
}

# ---------------------------------------------------------------- memory bound

fill_test() { # object size: 100k (unique objects by curl, 10x max-size) | 1k (unique objects by wrk for BENCH_FILL_SMALL_DURATION)
	local size=$1 max_mb=$BENCH_FILL_MAX_SIZE_MB
	local mgmt=$((GW_FILL_PORT + MGMT_OFFSET)) out=$RESULT/fill.tsv object_bytes=102400
	[ "$size" = 1k ] && out=$RESULT/fill-1k.tsv && object_bytes=1024
	log "fill test ($size objects): gateway with edge.cache.memory.max-size=${max_mb}MB"
	start_gateway gw_fill "$GW_FILL_PORT" -- --edge.cache.memory.max-size=${max_mb}MB
	wait_http gw_fill "http://127.0.0.1:$mgmt/actuator/health" "$PID_gw_fill"
	wait_http gw_fill "http://127.0.0.1:$GW_FILL_PORT/static/1k.bin" "$PID_gw_fill"
	local rss0 rss1 heap0 heap1 done_requests
	heap0=$(heap_after_gc "$PID_gw_fill")
	rss0=$(rss_kib "$PID_gw_fill")
	if [ "$size" = 1k ]; then
		# unique 1 KiB objects as fast as the gateway takes them, bounded by time
		timeout $(( $(seconds "$BENCH_FILL_SMALL_DURATION") + 30 )) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" \
			-d"$BENCH_FILL_SMALL_DURATION" --timeout 5s -s "$ROOT/bench/conf/miss.lua" \
			"http://127.0.0.1:$GW_FILL_PORT/static/1k.bin" >"$RUN/fill.out" 2>&1 || die "fill requests failed"
		done_requests=$(awk '/requests in/{print $1}' "$RUN/fill.out")
		grep -q "Non-2xx" "$RUN/fill.out" && die "fill: non-2xx answers ($(grep Non-2xx "$RUN/fill.out"))"
	else
		local requests=$(( max_mb * 1024 * 10 / 100 + 50 ))   # 10x max-size in unique 100 KiB objects
		# unique URLs, bounded by count (xargs) and by time (timeout)
		local tag="$RANDOM$RANDOM"
		seq 1 "$requests" | timeout 600 xargs -P 8 -I{} curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' \
			"http://127.0.0.1:$GW_FILL_PORT/static/100k.bin?fill=$tag-{}" >"$RUN/fill.out" || die "fill requests failed"
		done_requests=$(grep -c '^200$' "$RUN/fill.out" || true)
		[ "$done_requests" -ge $((requests * 9 / 10)) ] || die "fill: only $done_requests of $requests requests answered 200"
	fi
	kill -0 "$PID_gw_fill" 2>/dev/null || die "the fill gateway died (log: $RESULT/gw_fill.log)"
	sleep 2
	rss1=$(rss_kib "$PID_gw_fill")
	heap1=$(heap_after_gc "$PID_gw_fill")
	local rss2
	rss2=$(rss_kib "$PID_gw_fill")
	local prom store_bytes store_entries metric_names
	prom=$(curl -s --max-time 5 "http://127.0.0.1:$mgmt/actuator/prometheus" || true)
	store_bytes=$(echo "$prom" | awk '/^edge_cache_size_bytes[ {]/{print $NF; exit}')
	store_entries=$(echo "$prom" | awk '/^edge_cache_(size_entries|entries)[ {]/{print $NF; exit}')
	metric_names=$(echo "$prom" | { grep -o '^edge_[a-z_]*' || true; } | sort -u | tr '\n' ' ')
	local status_check
	status_check=$(curl -s -o /dev/null -D - --max-time 5 "http://127.0.0.1:$GW_FILL_PORT/static/100k.bin?fill=recheck" |
		tr -d '\r' | awk -F': ' 'tolower($1)=="cf-cache-status"{print $2}' || true)
	{
		printf 'max_size_bytes\t%s\n' $((max_mb * 1024 * 1024))
		printf 'fill_requests\t%s\n' "${done_requests:-0}"
		printf 'object_bytes\t%s\n' "$object_bytes"
		printf 'fill_bytes_requested\t%s\n' $(( ${done_requests:-0} * object_bytes ))
		printf 'rss_before_kib\t%s\n' "$rss0"
		printf 'rss_after_fill_kib\t%s\n' "$rss1"
		printf 'rss_after_gc_kib\t%s\n' "$rss2"
		printf 'heap_used_after_gc_before_kib\t%s\n' "$heap0"
		printf 'heap_used_after_gc_after_kib\t%s\n' "$heap1"
		printf 'store_bytes\t%s\n' "${store_bytes:-n/a}"
		printf 'store_entries\t%s\n' "${store_entries:-n/a}"
		printf 'edge_metrics\t%s\n' "${metric_names:-none}"
		printf 'fresh_url_status\t%s\n' "${status_check:-none}"
	} >"$out"
	log "fill ($size): $(tr '\t\n' '= ' <"$out")"
	kill "$PID_gw_fill" 2>/dev/null || true
	wait "$PID_gw_fill" 2>/dev/null || true
}

fill_tests() {
	fill_test 100k
	fill_test 1k
}

heap_after_gc() { # pid -> used heap KiB after a full GC (G1: "garbage-first heap total X, used YK")
	jcmd "$1" GC.run >/dev/null 2>&1 || true
	sleep 1
	jcmd "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }'
}

# ---------------------------------------------------------------- run

main() {
	install_tools
	build_jar
	{
		echo "date	$(date -u +%FT%TZ)"
		echo "nproc	$(nproc)"
		echo "mem	$(free -g | awk '/^Mem:/{print $2 " GiB total, " $7 " GiB available"}')"
		echo "cpu	$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
		echo "java	$(java -version 2>&1 | head -2 | tr '\n' ' ')"
		echo "nginx	$("$NGINX" -v 2>&1)"
		echo "wrk	$(wrk -v 2>&1 | head -1)"
		echo "git	$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) $(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo dirty)"
		echo "candidate_kind	$CANDIDATE_KIND"
		echo "settings	candidate=${BENCH_CANDIDATE_JAR:+$BENCH_CANDIDATE_JAR $BENCH_CANDIDATE_ARGS} duration=$BENCH_DURATION warmup=$BENCH_WARMUP ($BENCH_WARMUP_MODE) settle=$BENCH_SETTLE (quiet<${BENCH_SETTLE_QUIET}s) rounds=$BENCH_ROUNDS jvms=$BENCH_JVMS wrk=-t$BENCH_THREADS -c$BENCH_CONNECTIONS java=$BENCH_JAVA_OPTS scenarios=$BENCH_SCENARIOS paired=$BENCH_PAIRED paced=${BENCH_PAIRED_PACE_MS:-off}${BENCH_PAIRED_PACE_MS:+ for $BENCH_PACED_DURATION}"
	} >"$RESULT/machine.tsv"
	local columns='round\tscenario\ttarget\trps\tp50_ms\tp99_ms\tcpu_pct\torigin_cpu_pct\tsocket_errors\tjit_s\tsettle_s\n'
	printf '%b' "$columns" >"$RAW"
	printf '%b' "$columns" >"$PAIRED"
	[ -z "$BENCH_PAIRED_PACE_MS" ] || printf '%b' "$columns" >"$PACED"

	make_origin_files
	start_nginx origin origin.conf.tmpl
	if [ "$BENCH_ROUNDS" -eq 0 ]; then # memory-bound test only
		wait_http origin "http://127.0.0.1:$ORIGIN_PORT/static/1k.bin"
		fill_tests
		python3 "$ROOT/bench/summarize.py" "$RESULT" | tee "$RESULT/summary.md"
		return 0
	fi
	start_nginx nginx-cache nginx-cache.conf.tmpl
	PORT[nginx_cache]=$NGINX_CACHE_PORT
	PORT[gw_cache]=$GW_CACHE_PORT
	PORT[gw_plain]=$GW_PLAIN_PORT
	PORT[scg_local]=$SCG_LOCAL_PORT
	TARGETS=(nginx_cache gw_cache gw_plain)
	if [ -n "$BENCH_CANDIDATE_JAR" ]; then
		cp "$BENCH_CANDIDATE_JAR" "$RUN/edge-gateway-candidate.jar"
		PORT[gw_cache_cand]=$GW_CAND_PORT
		TARGETS+=(gw_cache_cand)
	fi
	[ "$BENCH_PROFILE" = only ] && BENCH_SCG_LOCAL=off
	if prepare_scg_local; then
		TARGETS+=(scg_local)
	else
		log "scg-local: skipped"
	fi
	start_gateways
	wait_http origin "http://127.0.0.1:$ORIGIN_PORT/static/1k.bin"
	wait_http nginx_cache "http://127.0.0.1:$NGINX_CACHE_PORT/static/1k.bin"
	await_gateways

	local jvms round r t s total=$((BENCH_JVMS * BENCH_ROUNDS))
	for jvms in $(seq 1 "$BENCH_JVMS"); do
		if [ "$jvms" -gt 1 ]; then
			log "JVM set $jvms/$BENCH_JVMS: every gateway restarted"
			stop_gateways
			start_gateways
			await_gateways
		fi
		log "pre-flight checks"
		for t in "${TARGETS[@]}"; do
			for s in $BENCH_SCENARIOS; do
				if [ "$t" = scg_local ] && [ "$s" = dyn ]; then continue; fi
				preflight "$t" "$s"
			done
		done

		for t in "${TARGETS[@]}"; do
			if [ "$t" != nginx_cache ]; then
				warmup "$t"
			elif [ "$jvms" = 1 ]; then
				local saved=$BENCH_WARMUP
				BENCH_WARMUP=$(( $(echo "$BENCH_SCENARIOS" | wc -w) * 3 ))s
				warmup "$t"
				BENCH_WARMUP=$saved
			fi
		done

		if [ "$BENCH_PROFILE" = only ]; then
			profile_all
			return 0
		fi
		for round in $(seq 1 "$BENCH_ROUNDS"); do
			r=$(( (jvms - 1) * BENCH_ROUNDS + round )) # rounds are numbered across the JVM sets
			log "round $r/$total"
			for s in $(scenarios_but_miss); do
				measure_all "$r" "$s"
			done
			for s in $BENCH_PAIRED; do
				if [[ " $BENCH_SCENARIOS " == *" $s "* ]]; then
					measure_paired "$r" "$s"
				fi
			done
			# MISS-heavy last: each gateway stores ~100k new objects and evicts as many, and G1 digests
			# them (concurrent marking, mixed collections) for a minute after; that lands on the next
			# round's HITs, not on the forwarding measured paired
			if [[ " $BENCH_SCENARIOS " == *" miss "* ]]; then
				measure_all "$r" miss
			fi
		done
	done

	# RSS after load, summed over each process tree
	{
		printf 'target\trss_kib\tprocesses\n'
		for t in origin "${TARGETS[@]}"; do
			mapfile -t pids < <(tree_pids "$(main_pid "$t")")
			printf '%s\t%s\t%s\n' "$t" "$(rss_kib "${pids[@]}")" "${#pids[@]}"
		done
	} >"$RESULT/rss.tsv"

	[ "$BENCH_PROFILE" = on ] && profile_all
	true

	# the bench targets are no longer needed: give the fill test the box
	for t in gw_cache gw_plain scg_local gw_cache_cand; do
		local v="PID_$t"
		[ -n "${!v:-}" ] && kill "${!v}" 2>/dev/null || true
	done
	sleep 2
	[ "$BENCH_FILL" = on ] && fill_tests

	python3 "$ROOT/bench/summarize.py" "$RESULT" | tee "$RESULT/summary.md"
	ln -sfn "$STAMP" "$RESULTS_DIR/latest"
	log "results in $RESULT"
}

main "$@"
