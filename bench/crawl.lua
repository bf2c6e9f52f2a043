-- wrk script: request each path of a file once, in its order, then stop.
--
--     wrk -t1 -c8 -d600s -s bench/crawl.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- One thread (-t1): wrk calls request() once on the first thread before the
-- run, to check what it returns, and sends nothing for that call.
-- Every connection keeps one request at a time. wrk asks delay() when a
-- connection is answered and request() only once that delay is over, so
-- delay() reserves a path for the request to come: once every path is
-- issued or reserved, an answered connection waits instead of asking again,
-- and no page is requested twice (counting at request() alone let two
-- connections answered together both ask for the last path). When the last
-- answer is in, the thread stops and prints "crawled", which bench/crawl.py
-- answers with SIGINT so that wrk stops waiting out its -d and reports at
-- once. done() prints the figures as one JSON line.

-- Globals, so that done() can read them from the thread with thread:get().
paths = {}
total = 0
issued = 0
reserved = 0
answered = 0
not_ok = 0
first_not_ok = 0
checked = false
local IDLE_MS = 3600 * 1000

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  total = #paths
end

function delay()
  if issued + reserved >= #paths then
    return IDLE_MS
  end
  reserved = reserved + 1
  return 0
end

function request()
  if not checked then
    checked = true
    return wrk.format("GET", paths[1])
  end
  -- A connection's first request comes without a delay() before it.
  reserved = math.max(reserved - 1, 0)
  issued = issued + 1
  -- Only reached past the end if a connection was not waiting: counted, so
  -- the caller can refuse the run.
  return wrk.format("GET", paths[math.min(issued, #paths)])
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then
    not_ok = not_ok + 1
    if first_not_ok == 0 then
      first_not_ok = status
    end
  end
  if answered == #paths then
    io.write("crawled\n")
    io.flush()
    wrk.thread:stop()
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local thread = threads[1]
  io.write(string.format(
    '{"paths": %d, "issued": %d, "answered": %d, "not_ok": %d, "first_not_ok": %d, ' ..
    '"duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d}\n',
    thread:get("total"), thread:get("issued"), thread:get("answered"), thread:get("not_ok"),
    thread:get("first_not_ok"), summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
