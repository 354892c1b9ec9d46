-- Shared by the scenario scripts: per-thread state, cookies and the CSRF token from HTML.
-- Every thread gets one connection (run wrk with -c equal to -t), so a thread's requests
-- are strictly one after another and a small state machine can follow a journey.

local common = {}

-- Every thread of the run, numbered from 1 in its `id` global: wrk calls setup() and done() in
-- its main Lua state, so this list is there for done() to read each thread's counters.
common.threads = {}

function common.setup(thread)
  common.threads[#common.threads + 1] = thread
  thread:set("id", #common.threads)
end

function common.sum(name)
  local total = 0
  for _, thread in ipairs(common.threads) do total = total + thread:get(name) end
  return total
end

function common.read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

function common.hidden(body, name)
  return body and body:match('name="' .. name .. '" type="hidden" value="([^"]*)"')
end

function common.set_cookie(headers)
  for key, value in pairs(headers) do
    if key:lower() == "set-cookie" then
      local cookie = value:match("^(mvo_session=[^;]*)")
      if cookie then return cookie end
    end
  end
  return nil
end

function common.urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function common.form(fields)
  local parts = {}
  for _, pair in ipairs(fields) do
    parts[#parts + 1] = common.urlencode(pair[1]) .. "=" .. common.urlencode(pair[2])
  end
  return table.concat(parts, "&")
end

function common.report(summary, latency)
  local e = summary.errors
  io.write(string.format("BENCH-LAT %d %d %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end

return common
