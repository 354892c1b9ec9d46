-- GET one path with a per-thread session cookie (the question page), or none (the bare page).
-- env: BENCH_PATH, BENCH_COOKIES (a file with one cookie per line, optional)
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local cookies = {}
local cookie_file = os.getenv("BENCH_COOKIES")
if cookie_file and cookie_file ~= "" then cookies = common.read_lines(cookie_file) end
local path = os.getenv("BENCH_PATH")

setup = common.setup

function init(args)
  bad = 0
  if #cookies > 0 then
    cookie = cookies[((id - 1) % #cookies) + 1]
  end
end

function request()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  local fresh = common.set_cookie(headers)
  if fresh then cookie = fresh end
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  common.report(summary, latency)
  io.write(string.format("BENCH-BAD %d\n", common.sum("bad")))
end
