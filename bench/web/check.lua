-- wrk script: POST /api/check with the demo household. The body is read once
-- at start-up from RECHTOP_HOUSEHOLD (default data/demo/household.json,
-- relative to the repository root, where bench/web/run.sh runs wrk).
local path = os.getenv("RECHTOP_HOUSEHOLD") or "data/demo/household.json"
local file = assert(io.open(path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("non-2xx/3xx: %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end
