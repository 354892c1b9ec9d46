-- The realistic mix, one visitor after another on each connection: the start page, start an
-- assessment, GET the first question page, POST it with valid answers, GET the results (or the
-- summary when the results page does not exist), and again.
-- env: BENCH_ANSWERS_FIRST (the first page's answers, "name=value&..."), BENCH_RESULTS (path)
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local first_answers = os.getenv("BENCH_ANSWERS_FIRST")
local first_page = os.getenv("BENCH_FIRST_PAGE")
local results = os.getenv("BENCH_RESULTS")

setup = common.setup

function init(args)
  state, cookie, token, revision, bad, journeys = 1, nil, nil, nil, 0, 0
end

local function headers()
  local h = {}
  if cookie then h["Cookie"] = cookie end
  return h
end

function request()
  local h = headers()
  if state == 1 then
    return wrk.format("GET", "/", h)
  elseif state == 2 then
    h["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/zelfevaluatie/starten", h, common.form({ { "csrf_token", token } }))
  elseif state == 3 then
    return wrk.format("GET", first_page, h)
  elseif state == 4 then
    h["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", first_page, h, first_answers .. "&" .. common.form({
      { "csrf_token", token }, { "revision", revision }, { "terug", "" }, { "action", "next" } }))
  else
    return wrk.format("GET", results, h)
  end
end

function response(status, hdrs, body)
  local fresh = common.set_cookie(hdrs)
  if fresh then cookie = fresh end
  local ok = false
  if state == 1 or state == 3 then
    token = common.hidden(body, "csrf_token")
    revision = common.hidden(body, "revision")
    ok = status == 200 and token ~= nil
  elseif state == 2 or state == 4 then
    ok = status == 303
  else
    ok = status == 200
  end
  if not ok then
    bad = bad + 1
    state, cookie = 1, nil
    return
  end
  state = state + 1
  if state > 5 then
    state = 2  -- the same browser starts a new assessment (the start page's token still holds)
    journeys = journeys + 1
    -- a new assessment clears the session: fetch a fresh token from the start page
    state = 1
  end
end

function done(summary, latency, requests)
  common.report(summary, latency)
  io.write(string.format("BENCH-BAD %d\nBENCH-JOURNEYS %d\n", common.sum("bad"), common.sum("journeys")))
end
