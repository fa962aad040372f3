-- signal_intake.lua: wrk script for the durable signal intake (POST /api/signals), run by
-- bench/run.py (make bench). Every request registers a new signal about a fictional person with its own
-- name and a valid (elfproef) but fictional BSN, so the known-person check never links the
-- requests to each other. The session comes from the environment:
--   REGIE_TOKEN   value of the __Host-regie cookie (a dossierhouder session)
--   REGIE_CSRF    the session's CSRF token
--   REGIE_ORIGIN  http://ADDR:PORT (the server checks Origin on writes)
--   REGIE_MUNI    municipality id (optional: a dossierhouder registers with the own one)
-- Counts answers that are not 201 per thread and prints the total in done().

local token = os.getenv("REGIE_TOKEN") or error("REGIE_TOKEN not set")
local csrf = os.getenv("REGIE_CSRF") or error("REGIE_CSRF not set")
local origin = os.getenv("REGIE_ORIGIN") or error("REGIE_ORIGIN not set")
local muni = os.getenv("REGIE_MUNI")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
not201 = 0 -- global: done() reads it from every thread with thread:get
local headers = {
  ["Content-Type"] = "application/json",
  ["Cookie"] = "__Host-regie=" .. token,
  ["X-CSRF-Token"] = csrf,
  ["Origin"] = origin,
}

-- A 9-digit number that passes the elfproef, from an integer n (fictional; never a real person's
-- on purpose: the first digit is taken from 1..9, the rest from n).
local function bsn(n)
  while true do
    local d = {}
    local x = n
    d[1] = 1 + (x % 9)
    x = math.floor(x / 9)
    for i = 2, 8 do
      d[i] = x % 10
      x = math.floor(x / 10)
    end
    local sum = 0
    for i = 1, 8 do
      sum = sum + (10 - i) * d[i]
    end
    local last = sum % 11
    if last <= 9 then
      d[9] = last
      return table.concat(d)
    end
    n = n + 7919
  end
end

function request()
  counter = counter + 1
  local n = (tid or 0) * 100000000 + counter
  local body = string.format(
    '{%s"route":"professional","subjects":[{"kind":"person","name":"Fictief Benchpersoon %d",' ..
    '"birth_date":"2008-03-01","bsn":"%s"}],"observed":"Fictieve waarneming voor de ' ..
    'doorvoermeting: gedrag op straat, niemand in direct gevaar.","acute":{"danger":false}}',
    muni and ('"municipality_id":' .. muni .. ',') or "", n, bsn(n))
  return wrk.format("POST", "/api/signals", headers, body)
end

function response(status, hdrs, body)
  if status ~= 201 then
    not201 = not201 + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (tonumber(t:get("not201")) or 0)
  end
  io.write(string.format("not-201: %d\n", total))
end
