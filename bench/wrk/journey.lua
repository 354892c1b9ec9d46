-- The realistic mix, one new visitor after another on each connection: the start page, start an
-- assessment, then for each intake page GET it and POST it with valid answers (as a browser
-- follows each redirect), then GET the results (or the summary when the results page does not
-- exist), and again with no cookie.
-- env: BENCH_JOURNEY (a file, one intake page per line: "path<TAB>name=value&..."), BENCH_RESULTS (path)
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local results = os.getenv("BENCH_RESULTS")

setup = common.setup

function init(args)
  -- The visitor's requests in order: {method, path, answers (POST of a page) or nil}.
  plan = { { "GET", "/" }, { "POST", "/zelfevaluatie/starten" } }
  for _, line in ipairs(common.read_lines(os.getenv("BENCH_JOURNEY"))) do
    local path, answers = line:match("^([^\t]+)\t(.*)$")
    plan[#plan + 1] = { "GET", path }
    plan[#plan + 1] = { "POST", path, answers }
  end
  plan[#plan + 1] = { "GET", results }
  step, cookie, token, revision, bad, journeys = 1, nil, nil, nil, 0, 0
end

function request()
  local method, path, answers = plan[step][1], plan[step][2], plan[step][3]
  local h = {}
  if cookie then h["Cookie"] = cookie end
  if method == "GET" then
    return wrk.format("GET", path, h)
  end
  h["Content-Type"] = "application/x-www-form-urlencoded"
  if answers == nil then  -- start an assessment
    return wrk.format("POST", path, h, common.form({ { "csrf_token", token } }))
  end
  return wrk.format("POST", path, h, answers .. "&" .. common.form({
    { "csrf_token", token }, { "revision", revision }, { "terug", "" }, { "action", "next" } }))
end

function response(status, hdrs, body)
  local fresh = common.set_cookie(hdrs)
  if fresh then cookie = fresh end
  local method = plan[step][1]
  local ok
  if method == "POST" then
    ok = status == 303
  elseif step == #plan then
    ok = status == 200  -- the results
  else
    -- the start page and each question page carry the form's token (and a page its revision)
    token = common.hidden(body, "csrf_token")
    revision = common.hidden(body, "revision") or revision
    ok = status == 200 and token ~= nil
  end
  if not ok then
    bad = bad + 1
    step, cookie = 1, nil
    return
  end
  step = step + 1
  if step > #plan then
    journeys = journeys + 1
    step, cookie = 1, nil  -- the next visitor: no cookie yet
  end
end

function done(summary, latency, requests)
  common.report(summary, latency)
  io.write(string.format("BENCH-BAD %d\nBENCH-JOURNEYS %d\n", common.sum("bad"), common.sum("journeys")))
end
