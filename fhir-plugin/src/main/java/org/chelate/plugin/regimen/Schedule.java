package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Doses a day (low/high), times of day and bounds read from one Dosage's timing. */
record Schedule(BigDecimal dosesPerDayLow, BigDecimal dosesPerDayHigh, List<DoseTime> times,
                Optional<LocalDate> boundsStart, Optional<LocalDate> boundsEnd, List<String> notes) {
}
