-- wrk.lua: the requests of `make bench` (tools/bench), chosen by MODE:
--   get      GET of the URL as a first-time visitor (no cookie)
--   verify   POST /verify with correct data: line i of TOKENS (token, CSRF,
--            birth date and, if given, insurer number, space separated; else
--            INSURER's) is a stage-1 session made for one member; each
--            thread takes every NTHREADS-th line, each line once (a
--            successful POST rotates the session, so a line works once)
--   code     POST /login/code with an authenticator app's code: line i of
--            TOKENS (token, CSRF and code, space separated) is a session at
--            the code step made for one account with an app, and that app's
--            code; each thread takes every NTHREADS-th line, each line once
--            (a code accepted moves the session on: a line works once)
--   wrong    POST /login with a wrong password, each time for another unknown
--            permanent IDs, with the session COOKIE and its CSRF
--   cookies  GET of the URL as a logged-in member: line i of TOKENS is one
--            session's token; each thread takes every NTHREADS-th line and
--            cycles through them (a GET does not rotate the session). With
--            ARG set, each line is "token value" and each request adds
--            ARG=value to the URL's query (a page of that session's own,
--            e.g. ARG=id for /benefits/notice?id=…)
-- done() prints one line:
--   RESULT rps=… p50_ms=… p99_ms=… requests=… non2xx=… sockerr=…
-- after, for MODE=wrong, a line "STATUSES 200=… 503=…"; for MODE=cookies,
-- "BYTES …", all that was read (headers included).
-- where non2xx counts statuses >= 400, as wrk does.
local mode = os.getenv("MODE") or "get"
local threads_made = 0
local threads = {}

function setup(thread)
  threads_made = threads_made + 1
  thread:set("tid", threads_made)
  threads[threads_made] = thread
end

local bodies = {}
local cookies = {}
local next_body = 0

local function form_headers()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

if mode == "verify" then
  function init(args)
    local every = tonumber(os.getenv("NTHREADS") or "1")
    local i = 0
    for line in io.lines(os.getenv("TOKENS")) do
      if i % every == tid - 1 then
        local token, csrf, birth, insurer = line:match("^(%S+) (%S+) (%d+) ?(%d*)$")
        if insurer == "" then insurer = os.getenv("INSURER") end
        bodies[#bodies + 1] = "csrf=" .. csrf .. "&insurer_number=" .. insurer
                              .. "&birth_date=" .. birth .. "&agree=1"
        cookies[#cookies + 1] = "kosmo_session=" .. token
      end
      i = i + 1
    end
    form_headers()
  end

  function request()
    -- Past the last line the sessions are used up: those requests fail
    -- (303 to /login) and tools/bench counts only the ones that succeeded.
    next_body = next_body % #bodies + 1
    wrk.headers["Cookie"] = cookies[next_body]
    return wrk.format(nil, nil, nil, bodies[next_body])
  end
elseif mode == "code" then
  function init(args)
    local every = tonumber(os.getenv("NTHREADS") or "1")
    local i = 0
    for line in io.lines(os.getenv("TOKENS")) do
      if i % every == tid - 1 then
        local token, csrf, code = line:match("^(%S+) (%S+) (%d+)$")
        bodies[#bodies + 1] = "csrf=" .. csrf .. "&code=" .. code
        cookies[#cookies + 1] = "kosmo_session=" .. token
      end
      i = i + 1
    end
    form_headers()
  end

  -- As verify's: past the last line the sessions are used up, and only the
  -- requests that moved a session on are counted as let in.
  function request()
    next_body = next_body % #bodies + 1
    wrk.headers["Cookie"] = cookies[next_body]
    return wrk.format(nil, nil, nil, bodies[next_body])
  end
elseif mode == "cookies" then
  local arg = os.getenv("ARG") or ""
  local paths = {}

  function init(args)
    local every = tonumber(os.getenv("NTHREADS") or "1")
    local i = 0
    local sep = wrk.path:find("?", 1, true) and "&" or "?"
    for line in io.lines(os.getenv("TOKENS")) do
      if i % every == tid - 1 then
        local token, value = line:match("^(%S+) ?(%S*)$")
        cookies[#cookies + 1] = "kosmo_session=" .. token
        if arg ~= "" then paths[#cookies] = wrk.path .. sep .. arg .. "=" .. value end
      end
      i = i + 1
    end
  end

  function request()
    next_body = next_body % #cookies + 1
    wrk.headers["Cookie"] = cookies[next_body]
    return wrk.format(nil, paths[next_body])
  end
elseif mode == "wrong" then
  function init(args)
    form_headers()
    wrk.headers["Cookie"] = "kosmo_session=" .. os.getenv("COOKIE")
  end

  function request()
    next_body = next_body + 1
    return wrk.format(nil, nil, nil, string.format(
      "csrf=%s&user_id=flood%02d%06d&password=not-the-password", os.getenv("CSRF"), tid, next_body))
  end

  -- How many of each status (200: the login page again with its error,
  -- 503: no hash slot in time), per thread; done() adds them up.
  statuses = {}
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  if mode == "wrong" then
    local total = {}
    for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
    end
    local line = "STATUSES"
    for status, n in pairs(total) do line = line .. " " .. status .. "=" .. n end
    io.write(line .. "\n")
  end
  if mode == "cookies" then io.write("BYTES " .. summary.bytes .. "\n") end
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d sockerr=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
end
