-- MISS-heavy mix: every request gets a unique query string, so every request is a cache miss
-- for a cache whose key includes the query (the gateway's default key does).
local counter = 0
local tag = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000))
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?u=" .. tag .. "-" .. counter)
end
