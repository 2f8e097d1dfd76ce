-- wrk script for the webhook section: POSTs the file named after `--` (an AdmissionReview) on
-- every request, and at the end prints one line the bench parses:
--   wrk-report {"requests":N,"durationUs":N,"errors":{...},"latencyUs":[[microseconds,count],...]}
-- The latency list is wrk's whole histogram, so rounds can be pooled before taking quantiles.
function init(args)
  local path = args[1]
  if path == nil then error("pass the request body file after --") end
  local file = assert(io.open(path, "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local buckets = {}
  for i = 1, #latency do
    local value, count = latency(i)
    buckets[#buckets + 1] = string.format("[%d,%d]", value, count)
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-report {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":[%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, table.concat(buckets, ",")))
end
