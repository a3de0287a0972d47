-- POST serum magnesium Observations, each referencing one of the patients p0..p99 in turn (issue 2's create load).
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"

request = function()
  counter = counter + 1
  local body = '{"resourceType":"Observation","status":"final",'
    .. '"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],'
    .. '"code":{"coding":[{"system":"http://loinc.org","code":"19123-9","display":"Magnesium [Mass/volume] in Serum or Plasma"}]},'
    .. '"subject":{"reference":"Patient/p' .. (counter % 100) .. '"},"effectiveDateTime":"2026-11-01T08:00:00Z",'
    .. '"valueQuantity":{"value":2.1,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
