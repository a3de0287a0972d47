package org.chelate.plugin.summary;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.chelate.plugin.PatientRecordSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StringType;
import java.time.format.DateTimeParseException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code $regimen-summary} on Patient:
 * <ul>
 *   <li>{@code GET|POST [base]/Patient/{id}/$regimen-summary[?date=YYYY-MM-DD]} reads the patient's record through the
 *       {@link PatientRecordSource} (404 when there is no such patient);</li>
 *   <li>{@code POST [base]/Patient/{id}/$regimen-summary} or {@code POST [base]/Patient/$regimen-summary} with a Bundle
 *       (as the body, or as the {@code bundle} parameter of a Parameters body) summarises the Bundle's data only.</li>
 * </ul>
 */
public final class RegimenSummaryProvider {

    private final PatientRecordSource source;
    private final RegimenSummaryService service;
    private final Clock clock;

    public RegimenSummaryProvider(PatientRecordSource source, RegimenSummaryService service, Clock clock) {
        this.source = source;
        this.service = service;
        this.clock = clock;
    }

    @Operation(name = "$regimen-summary", type = Patient.class, idempotent = true)
    public Parameters regimenSummary(
            @IdParam(optional = true) IdType id,
            @OperationParam(name = "date", min = 0, max = 1) StringType date,
            @OperationParam(name = "bundle", min = 0, max = 1) Bundle bundle) {
        LocalDate day = date == null || date.isEmpty() ? LocalDate.now(clock) : parseDate(date.getValue());
        Optional<String> patientId = Optional.ofNullable(id).filter(IdType::hasIdPart).map(IdType::getIdPart);
        PatientData data;
        if (bundle != null) {
            data = PatientDataLoader.fromBundle(bundle, patientId);
        } else if (patientId.isPresent()) {
            data = PatientDataLoader.fromSource(source, patientId.get())
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId.get())));
        } else {
            throw new InvalidRequestException("$regimen-summary needs a patient: call it on Patient/{id}, or POST a Bundle");
        }
        return RegimenSummaryParameters.toParameters(service.summarise(data, day));
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("date must be a full date (YYYY-MM-DD), got '" + value + "'");
        }
    }
}
