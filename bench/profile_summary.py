#!/usr/bin/env python3
"""Summarises async-profiler collapsed stacks (bench/run.sh BENCH_PROFILE=on|only).

Usage: bench/profile_summary.py profile-*.collapsed   (prints Markdown)

For each profile: the share of samples by thread kind, the inclusive share of the pieces of the
request path (each stack counted once per piece), the top inclusive frames and the top self frames.
"""
import os
import re
import sys
from collections import Counter

# piece of the request path -> regex on a frame (inclusive: a stack counts once if any frame matches)
PIECES = [
    ("netty: read + HTTP decode (HttpServerCodec)", r"io/netty/handler/codec/http/HttpObjectDecoder\.decode"),
    ("netty: write/flush to the socket (incl. syscalls)", r"io/netty/channel/(AbstractChannel\$AbstractUnsafe\.flush0|nio/AbstractNioByteChannel\.doWrite|socket/nio/NioSocketChannel\.doWrite|epoll/AbstractEpollStreamChannel\.doWrite)"),
    ("netty: HTTP encode (HttpObjectEncoder)", r"io/netty/handler/codec/http/HttpObjectEncoder\.(encode|write)"),
    ("reactor-netty server ops (onInboundNext → handler)", r"reactor/netty/http/server/HttpServerOperations\.onInboundNext"),
    ("spring: ReactorHttpHandlerAdapter.apply (whole WebFlux handling)", r"org/springframework/http/server/reactive/ReactorHttpHandlerAdapter\.apply"),
    ("spring: HttpWebHandlerAdapter.handle", r"org/springframework/web/server/adapter/HttpWebHandlerAdapter\.handle"),
    ("spring: exchange/request/response construction", r"org/springframework/(web/server/adapter/(DefaultServerWebExchange\.<init>|HttpWebHandlerAdapter\.createExchange)|http/server/reactive/Reactor(Server)?HttpRequest\.<init>|http/server/reactive/ReactorServerHttpResponse\.<init>)"),
    ("spring: observation filter (http.server.requests)", r"org/springframework/web/filter/reactive/ServerHttpObservationFilter|io/micrometer/observation"),
    ("micrometer (all)", r"io/micrometer/"),
    ("scg: route lookup (RoutePredicateHandlerMapping)", r"org/springframework/cloud/gateway/handler/RoutePredicateHandlerMapping\.(getHandlerInternal|lookupRoute)"),
    ("scg: FilteringWebHandler.handle (global filter chain)", r"org/springframework/cloud/gateway/handler/FilteringWebHandler\.handle"),
    ("scg: NettyRoutingFilter (origin request)", r"org/springframework/cloud/gateway/filter/NettyRoutingFilter\.filter"),
    ("scg: NettyWriteResponseFilter (origin body write)", r"org/springframework/cloud/gateway/filter/NettyWriteResponseFilter"),
    ("scg: HttpHeadersFilter (header filtering)", r"org/springframework/cloud/gateway/filter/headers/"),
    ("scg: GatewayMetricsFilter", r"org/springframework/cloud/gateway/filter/GatewayMetricsFilter"),
    ("reactor-netty client (connection pool, origin I/O)", r"reactor/netty/(resources/PooledConnectionProvider|http/client/HttpClient(Connect|Operations))"),
    ("edge: CacheOutcomeWebFilter (outcome + beforeCommit)", r"dev/edgegateway/cache/CacheOutcomeWebFilter"),
    ("edge: CacheHeaders.write (status/Age/Cache-Status headers)", r"dev/edgegateway/cache/CacheHeaders\.write"),
    ("edge: EdgeCacheFilter.filter", r"dev/edgegateway/cache/EdgeCacheFilter\.filter"),
    ("edge: CacheEngine.handle", r"dev/edgegateway/cache/CacheEngine\.handle"),
    ("edge: CacheKeys.primary", r"dev/edgegateway/cache/CacheKeys\.primary"),
    ("edge: CacheWriter.lookup / store get", r"dev/edgegateway/cache/(CacheWriter\.lookup|store/MemoryCacheStore\.get)"),
    ("edge: CacheResponder.write (headers putAll + body wrap)", r"dev/edgegateway/cache/CacheResponder\.write"),
    ("edge: OriginResponseDecorator.writeWith", r"dev/edgegateway/cache/OriginResponseDecorator\.writeWith"),
    ("edge: ResponseEvaluator (origin headers → decision)", r"dev/edgegateway/cache/ResponseEvaluator"),
    ("edge: DefaultCachePolicy / rules resolve", r"dev/edgegateway/(cache/DefaultCachePolicy|rules/)"),
    ("edge: all dev/edgegateway frames", r"dev/edgegateway/"),
    ("headers: HttpHeaders/Netty headers ops", r"org/springframework/http/(HttpHeaders|support/Netty4HeadersAdapter)|io/netty/handler/codec/http/DefaultHttpHeaders"),
    ("URI building (getURI / UriComponents)", r"java/net/URI\.|org/springframework/web/util/Uri"),
    ("exceptions (fillInStackTrace)", r"java/lang/Throwable\.fillInStackTrace"),
    ("kernel (any [k] frame)", r"_\[k\]$"),
]

THREAD_KINDS = [
    ("GC", r"G1|GCTaskThread|ConcurrentGCThread|WorkerThread::run|GangWorker"),
    ("JIT compiler", r"CompileBroker|C2Compiler|C1Compiler|Compile::"),
    ("netty event loops", r"io/netty/(channel/nio/NioEventLoop|channel/epoll/EpollEventLoop|util/concurrent/SingleThreadEventExecutor)"),
]


def load(path):
    stacks = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            try:
                stacks.append((stack.split(";"), int(count)))
            except ValueError:
                continue
    return stacks


def short(frame):
    frame = frame.replace("/", ".")
    return frame if len(frame) <= 110 else frame[:107] + "..."


def requests_of(path):
    """The requests wrk completed while the profile was taken (its .wrk.txt beside the profile), or None."""
    wrk = path.replace(".collapsed", ".wrk.txt")
    if not os.path.exists(wrk):
        return None
    m = re.search(r"(\d+) requests in", open(wrk).read())
    return int(m.group(1)) if m else None


def summarize(path):
    stacks = load(path)
    total = sum(c for _, c in stacks) or 1
    name = os.path.basename(path).replace(".collapsed", "")
    alloc = name.endswith("-alloc")
    print(f"## {name} — {total:,} {'bytes allocated' if alloc else 'samples'}\n")
    requests = requests_of(path)
    if requests:
        per = f"{total / requests:,.0f} bytes allocated" if alloc else f"{total * 1000 / requests:,.0f} samples"
        print(f"{requests:,} requests while sampling: {per} per {'request' if alloc else '1,000 requests'}\n")

    kinds = Counter()
    for frames, c in stacks:
        joined = ";".join(frames)
        for kind, rx in THREAD_KINDS:
            if re.search(rx, joined):
                kinds[kind] += c
                break
        else:
            kinds["other threads"] += c
    print("| thread kind | % of samples |")
    print("| --- | ---: |")
    for kind, c in kinds.most_common():
        print(f"| {kind} | {c / total * 100:.1f} |")
    print()

    print("| piece (inclusive) | % of all samples |")
    print("| --- | ---: |")
    for label, rx in PIECES:
        r = re.compile(rx)
        c = sum(cnt for frames, cnt in stacks if any(r.search(f) for f in frames))
        if c:
            print(f"| {label} | {c / total * 100:.1f} |")
    print()

    # self time by the package of the nearest Java frame (what code the CPU was spent in or for)
    owners = Counter()
    for frames, c in stacks:
        owner = None
        for f in reversed(frames):
            if "/" in f and not f.endswith("_[k]"):
                parts = f.split("/")
                owner = "/".join(parts[:3]) if parts[0] in ("org", "io", "dev", "com", "ch") else "/".join(parts[:2])
                break
        if owner is None:
            owner = "JVM-internal (JIT, GC, no Java frame)"
        elif frames[-1].endswith("_[k]"):
            owner = "kernel (under " + owner + ")"
        owners[owner.replace("/", ".")] += c
    print("Self time by owner (the package of the nearest Java frame; kernel time under it):\n")
    print("| % | owner |")
    print("| ---: | --- |")
    for o, c in owners.most_common(22):
        print(f"| {c / total * 100:.1f} | {o} |")
    print()

    incl = Counter()
    selfc = Counter()
    for frames, c in stacks:
        for f in set(frames):
            incl[f] += c
        selfc[frames[-1]] += c
    print("Top inclusive frames (Java frames between 1 % and 90 %):\n")
    print("| % | frame |")
    print("| ---: | --- |")
    shown = 0
    for f, c in incl.most_common():
        share = c / total * 100
        if share > 90 or "/" not in f:
            continue
        if share < 1 or shown >= 45:
            break
        print(f"| {share:.1f} | `{short(f)}` |")
        shown += 1
    print()
    print("Top self frames:\n")
    print("| % | frame |")
    print("| ---: | --- |")
    for f, c in selfc.most_common(25):
        print(f"| {c / total * 100:.1f} | `{short(f)}` |")
    print()


def main(paths):
    print("# Profiles (async-profiler, collapsed stacks: CPU samples, or bytes for -alloc)\n")
    for p in paths:
        summarize(p)


if __name__ == "__main__":
    main(sys.argv[1:])
