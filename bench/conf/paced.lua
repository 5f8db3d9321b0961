-- Paced load: each connection waits BENCH_PACE_MS milliseconds after every response before its
-- next request, so two gateways loaded at once get (nearly) the same request rate, whatever either
-- costs per request, and neither runs out of CPU (bench/run.sh BENCH_PAIRED_PACE_MS).
local pause = tonumber(os.getenv("BENCH_PACE_MS")) or 0
delay = function()
  return pause
end
