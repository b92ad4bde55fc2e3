-- Polls GET /api/v1/devices/{uuid}/jobs/next, cycling through the uuids in the file named by DEVICES.
-- Each wrk thread walks its own slice of the list, so no device is polled by two threads at once.
-- Every poll carries its device's token, djd_bench-<uuid> (bench/run.sh stores its hash).
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
  thread:set("count", 0)
end

local uuids = {}
local next_index = 1
local last_index = 0

function init(args)
  for line in io.lines(os.getenv("DEVICES")) do
    if #line > 0 then uuids[#uuids + 1] = line end
  end
  local slices = tonumber(os.getenv("THREADS") or "2")
  local size = math.floor(#uuids / slices)
  next_index = id * size + 1
  first_index = next_index
  last_index = next_index + size - 1
end

function request()
  local uuid = uuids[next_index]
  next_index = next_index + 1
  if next_index > last_index then next_index = first_index end
  return wrk.format("GET", "/api/v1/devices/" .. uuid .. "/jobs/next", {["Authorization"] = "Bearer djd_bench-" .. uuid})
end
