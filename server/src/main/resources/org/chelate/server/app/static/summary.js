// Reads $regimen-summary defensively: each field is shown when present; parts this page does not know are kept in
// `extra` and shown as they are (the summary grows while the page does not).

import { field, partNamed, partsNamed, simple, valueOf } from './fhir.js';

const KNOWN_REGIMEN_PARTS = new Set(['source', 'status', 'product', 'mineral', 'salt', 'elementalMgPerDoseLow',
  'elementalMgPerDoseHigh', 'compoundMgPerDose', 'dosesPerDayLow', 'dosesPerDayHigh', 'dailyElementalMgLow',
  'dailyElementalMgHigh', 'timing', 'period', 'amountBasis', 'note']);

export function readSummary(parameters) {
  const top = name => partsNamed(parameters, name);
  const facts = top('patientFacts')[0];
  const summary = {
    patient: simple(top('patient')[0]),
    date: simple(top('date')[0]),
    packVersion: simple(top('knowledgePackVersion')[0]),
    facts: facts ? {
      ageYears: field(facts, 'ageYears'), sex: field(facts, 'sex'), pregnancy: field(facts, 'pregnancy'),
      lactating: field(facts, 'lactating')
    } : null,
    minerals: [],
    regimens: [],
    unmapped: top('unmapped').map(u => ({
      source: field(u, 'source'), reasonCode: field(u, 'reasonCode'), reason: field(u, 'reason'),
      product: field(u, 'product')
    })),
    trends: top('symptomTrend').map(readTrend),
    labs: top('lab').map(readLab),
    unusedObservations: top('unusedObservation').map(u => ({ source: field(u, 'source'), reason: field(u, 'reason') })),
    notes: top('note').map(valueOf)
  };
  for (const m of top('mineral')) {
    const daily = partNamed(m, 'dailyElementalMg');
    const mineral = {
      mineral: field(m, 'mineral'),
      dailyLow: daily ? field(daily, 'low') : undefined,
      dailyHigh: daily ? field(daily, 'high') : undefined,
      rda: readLimit(partNamed(m, 'rda')),
      ul: readLimit(partNamed(m, 'ul')),
      notes: partsNamed(m, 'note').map(valueOf)
    };
    summary.minerals.push(mineral);
    partsNamed(m, 'regimen').forEach(r => summary.regimens.push(readRegimen(r, true)));
  }
  top('otherRegimen').forEach(r => summary.regimens.push(readRegimen(r, false)));
  return summary;
}

function readLimit(part) {
  if (!part) {
    return null;
  }
  return {
    value: field(part, 'value'), kind: field(part, 'kind'), basis: field(part, 'basis'), source: field(part, 'source'),
    sourceUrl: field(part, 'sourceUrl'), notes: partsNamed(part, 'note').map(valueOf)
  };
}

function readRegimen(part, countedOnDate) {
  const timing = valueOf(partNamed(part, 'timing'));
  const period = valueOf(partNamed(part, 'period')) || {};
  const salt = valueOf(partNamed(part, 'salt'));
  const extra = (part.part || []).filter(p => !KNOWN_REGIMEN_PARTS.has(p.name))
    .map(p => ({ name: p.name, text: describe(p) }));
  return {
    source: field(part, 'source'),
    status: field(part, 'status'),
    product: field(part, 'product') || (salt && (salt.display || salt.code)) || field(part, 'mineral'),
    mineral: field(part, 'mineral'),
    salt: salt ? (salt.display || salt.code) : null,
    perDoseLow: field(part, 'elementalMgPerDoseLow'),
    perDoseHigh: field(part, 'elementalMgPerDoseHigh'),
    compoundMgPerDose: field(part, 'compoundMgPerDose'),
    dosesLow: field(part, 'dosesPerDayLow'),
    dosesHigh: field(part, 'dosesPerDayHigh'),
    dailyLow: field(part, 'dailyElementalMgLow'),
    dailyHigh: field(part, 'dailyElementalMgHigh'),
    times: timing && timing.repeat ? [...(timing.repeat.when || []), ...(timing.repeat.timeOfDay || [])] : [],
    start: period.start ? period.start.substring(0, 10) : null,
    end: period.end ? period.end.substring(0, 10) : null,
    amountBasis: field(part, 'amountBasis'),
    notes: partsNamed(part, 'note').map(valueOf),
    extra,
    countedOnDate
  };
}

/** A part of any shape as text: its value, or its sub-parts as "name value". */
function describe(part) {
  const v = valueOf(part);
  if (v !== undefined) {
    if (typeof v !== 'object') {
      return String(v);
    }
    if ('value' in v) {
      return v.value + (v.unit ? ' ' + v.unit : '');
    }
    return v.reference || v.display || v.code || JSON.stringify(v);
  }
  return (part.part || []).map(p => p.name + ' ' + describe(p)).join(', ');
}

function readTrend(part) {
  const instrument = valueOf(partNamed(part, 'instrument')) || {};
  return {
    instrument,
    name: instrument.display || instrument.code || 'score',
    rangeLow: field(part, 'rangeLow'),
    rangeHigh: field(part, 'rangeHigh'),
    direction: field(part, 'direction'),
    points: partsNamed(part, 'point').map(p => ({
      date: field(p, 'date'), value: field(p, 'value'), source: field(p, 'source')
    })),
    responses: partsNamed(part, 'response').map(r => ({
      regimen: field(r, 'regimen'), regimenStart: field(r, 'regimenStart'), baseline: field(r, 'baseline'),
      baselineDate: field(r, 'baselineDate'), latest: field(r, 'latest'), latestDate: field(r, 'latestDate'),
      change: field(r, 'change'), outcome: field(r, 'outcome'), statement: field(r, 'statement')
    }))
  };
}

function readLab(part) {
  const value = valueOf(partNamed(part, 'value')) || {};
  return {
    analyte: field(part, 'analyte'), value: Number(value.value), unit: value.code || value.unit,
    referenceLow: field(part, 'referenceLow'), referenceHigh: field(part, 'referenceHigh'),
    referenceRangeSource: field(part, 'referenceRangeSource'), flag: field(part, 'flag'), date: field(part, 'date'),
    source: field(part, 'source')
  };
}

/** Whether the record says the mineral is taken on `day` (the rule of Regimen.isActiveOn). */
export function takenOn(regimen, day) {
  const afterStart = !regimen.start || regimen.start <= day;
  const beforeEnd = !regimen.end || day <= regimen.end;
  if (regimen.status === 'active' || regimen.status === 'intended') {
    return afterStart && beforeEnd;
  }
  if (regimen.status === 'completed' || regimen.status === 'stopped') {
    return !!regimen.end && afterStart && beforeEnd;
  }
  return false;
}

/** How an amount was read, for a badge: elemental, converted, or ambiguous (both readings shown). */
export function basisLabel(regimen) {
  const code = regimen.amountBasis || '';
  const twoReadings = regimen.perDoseLow !== undefined && regimen.perDoseHigh !== undefined
    && regimen.perDoseLow !== regimen.perDoseHigh;
  if (code.includes('ambiguous') || (twoReadings && code !== 'recognised-from-text')) {
    return { kind: 'ambiguous', text: 'ambiguous: ' + fmt(regimen.perDoseLow) + ' or ' + fmt(regimen.perDoseHigh) + ' mg' };
  }
  if (code === 'converted-from-salt') {
    return { kind: 'converted', text: 'converted from salt' + (regimen.compoundMgPerDose ? ' (' + fmt(regimen.compoundMgPerDose) + ' mg salt)' : '') };
  }
  if (code === 'stated-elemental' || code === 'ingredient-strength') {
    return { kind: 'elemental', text: 'elemental' + (code === 'ingredient-strength' ? ' (ingredient strength)' : '') };
  }
  if (code === 'recognised-from-text') {
    return { kind: 'text', text: 'read from text' + (twoReadings ? ': ' + fmt(regimen.perDoseLow) + '–' + fmt(regimen.perDoseHigh) + ' mg' : '') };
  }
  return { kind: 'unknown', text: code || 'basis not stated' };
}

export function fmt(n) {
  if (n === undefined || n === null || Number.isNaN(n)) {
    return '–';
  }
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 });
}
