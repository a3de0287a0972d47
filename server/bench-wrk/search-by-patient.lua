-- GET Observation?patient=Patient/pN round-robin over p0..p99 (issue 2's search load).
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", "/fhir/Observation?patient=Patient/p" .. (counter % 100))
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 99, 99.9}) do
    io.write(string.format("p%g %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
