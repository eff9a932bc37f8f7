-- Replays pre-signed GET request paths (one per line of a file) under wrk:
--
--   wrk -t2 -c32 -d12s --latency -s wrk-replay.lua http://127.0.0.1:PORT -- FILE MODE THREADS
--
-- MODE `cycle` goes round the file again and again (reads); `once` sends each line at most once (writes:
-- a CreateUser or DeleteUser replayed would fail), and stops the thread when its lines run out, which the
-- summary reports as `exhausted` (the harness sizes the file so that it does not happen). THREADS is wrk's
-- -t: thread k of T takes the k-th of T contiguous blocks of lines, so no line is sent by two threads and each
-- thread sends the file's mix in the file's order. Requests are formatted once, in init(), so that wrk spends
-- its CPU on the wire, not in Lua.
--
-- done() prints one line `WARDBENCH {json}`: duration and latencies in microseconds, the status counts,
-- wrk's socket errors, and the first body of each non-2xx status (for the report).

local setup_count = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", setup_count)
  setup_count = setup_count + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  mode = args[2] or "cycle"
  local total = tonumber(args[3] or "1")
  local lines = {}
  for line in io.lines(file) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  local first = math.floor(#lines * thread_id / total) + 1
  local last = math.floor(#lines * (thread_id + 1) / total)
  requests = {}
  for i = first, last do requests[#requests + 1] = wrk.format("GET", lines[i]) end
  count = #requests
  if count == 0 then error("no request paths for thread " .. tostring(thread_id) .. " in " .. file) end
  next_index = 0
  exhausted = 0
  statuses = {}
  samples = {}
end

function request()
  next_index = next_index + 1
  if next_index > count then
    if mode == "once" then
      exhausted = exhausted + 1
      wrk.thread:stop()
    end
    next_index = 1
  end
  return requests[next_index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status > 299) and samples[status] == nil then
    samples[status] = string.sub(body or "", 1, 400)
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, _)
  local all = {}
  local bodies = {}
  local ran_out = 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do all[status] = (all[status] or 0) + n end
    for status, body in pairs(thread:get("samples") or {}) do
      if bodies[status] == nil then bodies[status] = body end
    end
    ran_out = ran_out + (thread:get("exhausted") or 0)
  end
  local parts = {}
  for status, n in pairs(all) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  local errs = {}
  for status, body in pairs(bodies) do errs[#errs + 1] = string.format('"%d":%s', status, json_string(body)) end
  local e = summary.errors
  io.write(string.format(
    'WARDBENCH {"durationUs":%d,"requests":%d,"bytes":%d,' ..
    '"socketErrors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statusErrors":%d,' ..
    '"latencyUs":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d},' ..
    '"statuses":{%s},"errorSamples":{%s},"exhausted":%d}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9),
    table.concat(parts, ","), table.concat(errs, ","), ran_out))
end
