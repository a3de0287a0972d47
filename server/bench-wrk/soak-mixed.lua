-- wrk script for soak.sh: in turn an Observation create, a search by patient and a CDS Hooks patient-view call with
-- a small prefetch (2 MedicationStatements, 1 Observation), over 100 patients.
local n = 0
local cds = [[{"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","hook":"patient-view","context":{"patientId":"PID"},
"prefetch":{"patient":{"resourceType":"Patient","id":"PID","gender":"female","birthDate":"1970-01-01"},
"medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[
{"resource":{"resourceType":"MedicationStatement","id":"m1","status":"active","medicationCodeableConcept":{"text":"magnesium bisglycinate"},"subject":{"reference":"Patient/PID"},
"dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}},"doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}]}},
{"resource":{"resourceType":"MedicationStatement","id":"m2","status":"active","medicationCodeableConcept":{"text":"doxycycline 100 mg"},"subject":{"reference":"Patient/PID"},
"dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}}}]}}]},
"medicationRequests":{"resourceType":"Bundle","type":"searchset"},
"observations":{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/PID"},
"code":{"coding":[{"system":"http://loinc.org","code":"19123-9"}]},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":2.0,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}}]},
"conditions":{"resourceType":"Bundle","type":"searchset"}}}]]
request = function()
  n = n + 1
  local pid = "p" .. (n % 100)
  local kind = n % 3
  if kind == 0 then
    local body = string.format('{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"72514-3"}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-%02d-%02dT08:00:00Z","valueInteger":%d}', pid, 1 + n % 12, 1 + n % 28, n % 11)
    return wrk.format("POST", "/fhir/Observation", {["Content-Type"] = "application/fhir+json"}, body)
  elseif kind == 1 then
    return wrk.format("GET", "/fhir/Observation?patient=" .. pid .. "&_count=50")
  end
  return wrk.format("POST", "/cds-services/chelate-patient-view", {["Content-Type"] = "application/json"},
    (cds:gsub("PID", pid)))
end
