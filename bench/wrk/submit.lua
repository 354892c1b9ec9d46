-- POST a page with valid answers, again and again, each time changing them (so every post is
-- a real save). The first request of a thread GETs the page for the CSRF token and revision;
-- after that only POSTs. Each acknowledged post (303) raises the thread's expected revision;
-- done() prints what every thread saw, and bench/run.py compares it with the database. A post
-- still in flight when wrk stops (`pending`) was either saved or not; nothing else may differ.
-- env: BENCH_PATH, BENCH_COOKIES, BENCH_ANSWERS (lines "name=value&name=value", alternated),
--      BENCH_MARKERS (per variant, a line of the page that shows it is the stored one)
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local cookies = common.read_lines(os.getenv("BENCH_COOKIES"))
local variants = common.read_lines(os.getenv("BENCH_ANSWERS"))
local markers = common.read_lines(os.getenv("BENCH_MARKERS"))
local path = os.getenv("BENCH_PATH")

setup = common.setup

function init(args)
  cookie = cookies[((id - 1) % #cookies) + 1]
  token, revision = nil, nil
  acked, bad, last, sent, pending = 0, 0, 0, 0, 0
end

function request()
  local headers = { ["Cookie"] = cookie }
  if not token then
    return wrk.format("GET", path, headers)
  end
  sent = (sent % #variants) + 1
  pending = sent  -- until its response arrives; wrk may stop the run before it does
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = variants[sent] .. "&" .. common.form({
    { "csrf_token", token }, { "revision", tostring(revision) }, { "terug", "" }, { "action", "next" },
  })
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  local fresh = common.set_cookie(headers)
  if fresh then cookie = fresh end
  pending = 0
  if not token then
    token = common.hidden(body, "csrf_token")
    revision = tonumber(common.hidden(body, "revision"))
    if not token then bad = bad + 1 end
    -- Post the variant after the stored one first: every post must change the answers (an
    -- unchanged post saves nothing and keeps the revision).
    for i, marker in ipairs(markers) do
      if body and body:find(marker, 1, true) then sent = i end
    end
    return
  end
  if status == 303 then
    acked = acked + 1
    last = sent
    revision = revision + 1
  else
    bad = bad + 1
    -- re-read the page: a conflict or an error must not leave the thread stuck
    token = nil
  end
end

function done(summary, latency, requests)
  common.report(summary, latency)
  for _, thread in ipairs(common.threads) do
    io.write(string.format("BENCH-THREAD %d %d %d %d %d\n", thread:get("id"), thread:get("acked"),
      thread:get("bad"), thread:get("last"), thread:get("pending")))
  end
end
