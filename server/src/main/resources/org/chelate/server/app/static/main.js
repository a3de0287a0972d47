// The clinician view: reads the patient's record through FHIR with the session's token and draws each section.

import { session } from './smart.js';
import { FhirClient, field, partsNamed, valueOf } from './fhir.js';
import { fmt, readSummary } from './summary.js';
import { h, dayNumber, onSelect } from './ui.js';
import { cardList } from './cards.js';
import { timelineChart } from './timeline.js';
import { intakeChart } from './intake.js';
import { clockChart } from './clock.js';
import { ANALYTES, labChart, labSeries } from './labs.js';
import { scoreChart } from './scores.js';
import { showDetails } from './details.js';

async function main() {
  const status = document.getElementById('status');
  try {
    const current = await session();
    const fhir = new FhirClient(current);
    const id = encodeURIComponent(current.patient);
    status.textContent = 'Reading the record…';
    // the lab search needs only the codes (a public terminology read), not the slower $clinician-view
    const labObservations = fhir.get('ValueSet/chelate-mineral-labs').then(valueSet => {
      const codes = (valueSet.compose.include || []).flatMap(i => (i.concept || []).map(c => i.system + '|' + c.code));
      return fhir.search('Observation?patient=' + id + '&code=' + codes.map(encodeURIComponent).join(',') + '&_count=500');
    });
    const viewAndLabs = Promise.all([fhir.get('Patient/' + id + '/$clinician-view'), labObservations])
      .then(([view, observations]) => {
        const labCodes = {};
        partsNamed(view, 'labCode').forEach(p => {
          labCodes[field(p, 'system') + '|' + field(p, 'code')] = { analyte: field(p, 'analyte'), unit: field(p, 'unit') };
        });
        return { view, labCodes, observations };
      });
    const [patient, summaryParameters, statements, requests, { view, labCodes, observations }] = await Promise.all([
      fhir.get('Patient/' + id),
      fhir.get('Patient/' + id + '/$regimen-summary'),
      fhir.search('MedicationStatement?patient=' + id + '&_count=500'),
      fhir.search('MedicationRequest?patient=' + id + '&_count=500'),
      viewAndLabs
    ]);
    performance.mark('chelate-data-read');
    const summary = readSummary(summaryParameters);
    const drugs = interactingDrugs(view, [...statements, ...requests]);
    onSelect(details => showDetails(details, fhir));
    render(patient, summary, view, drugs, labSeries(observations, labCodes));
    status.textContent = '';
    requestAnimationFrame(() => requestAnimationFrame(() => {
      performance.mark('chelate-charts-painted');
      document.body.dataset.state = 'ready';
    }));
  } catch (error) {
    status.textContent = error.message;
    status.classList.add('error');
    document.body.dataset.state = 'error';
  }
}

function render(patient, summary, view, drugs, labs) {
  document.getElementById('patient').replaceChildren(patientHeader(patient, summary));
  const today = dayNumber(summary.date);
  const starts = summary.regimens.map(r => r.start).concat(drugs.map(d => d.start)).filter(Boolean).map(dayNumber);
  const range = { from: Math.max(today - 730, Math.min(today - 365, ...starts)), to: today + 15, today };
  fill('totals', totals(summary));
  const cards = partsNamed(view, 'card').map(p => JSON.parse(valueOf(p)));
  fill('cards', cardList(cards));
  fill('timeline', timelineChart(summary, drugs, range));
  fill('intake', h('div', { class: 'pair' }, intakeChart(summary, 'magnesium', 'Magnesium from supplements'),
    intakeChart(summary, 'zinc', 'Zinc from supplements')));
  fill('clock', clockChart(summary, drugs));
  fill('labs', h('div', { class: 'pair' }, ANALYTES.map(a => labChart(a, labs[a.code] || [], summary, { from: today - 365, to: today + 1 }))));
  fill('scores', summary.trends.length
    ? h('div', {}, summary.trends.map((t, i) => scoreChart(t, i, summary)))
    : h('p', { class: 'empty' }, 'No symptom score on record.'));
  fill('unread', unread(summary));
}

function fill(sectionId, content) {
  document.querySelector('#' + sectionId + ' .content').replaceChildren(content);
}

function patientHeader(patient, summary) {
  const name = (patient.name || [])[0] || {};
  const display = [...(name.given || []), name.family].filter(Boolean).join(' ') || name.text || 'Patient ' + patient.id;
  const facts = summary.facts;
  return h('div', {},
    h('h1', {}, display),
    h('p', { class: 'facts' }, [
      patient.gender, patient.birthDate ? 'born ' + patient.birthDate : 'birth date not recorded',
      facts ? facts.ageYears + ' y' : null,
      facts && facts.pregnancy ? 'pregnancy: ' + facts.pregnancy : null,
      facts && facts.lactating ? 'lactating' : null,
      'record Patient/' + patient.id,
      'summary for ' + summary.date, 'knowledge pack ' + summary.packVersion
    ].filter(Boolean).join(' · ')));
}

function totals(summary) {
  return h('div', { class: 'totals' }, summary.minerals.map(m => h('div', { class: 'total kind-' + m.mineral, 'data-mineral': m.mineral },
    h('span', { class: 'total-name' }, m.mineral),
    h('span', { class: 'total-value' }, (m.dailyLow === m.dailyHigh ? fmt(m.dailyHigh) : fmt(m.dailyLow) + '–' + fmt(m.dailyHigh)) + ' mg/day'),
    h('span', { class: 'total-limits' }, [m.rda ? m.rda.kind + ' ' + fmt(m.rda.value) : null,
      m.ul ? 'UL ' + fmt(m.ul.value) + ' (' + m.ul.basis + ')' : 'no UL'].filter(Boolean).join(' · ')))),
  h('ul', { class: 'notes' }, summary.notes.map(n => h('li', {}, n))));
}

function unread(summary) {
  const rows = [
    ...summary.unmapped.map(u => [u.source, u.product || '', u.reason || u.reasonCode]),
    ...summary.unusedObservations.map(u => [u.source, '', u.reason])
  ];
  if (rows.length === 0) {
    return h('p', { class: 'empty' }, 'Every supplement record and score or lab Observation was read.');
  }
  return h('ul', { class: 'unread' }, rows.map(([source, product, reason]) =>
    h('li', {}, h('code', {}, source), product ? ' ' + product : '', ' — ', reason)));
}

/** The interacting drugs $clinician-view named, with their dates, dose and times from the records themselves. */
function interactingDrugs(view, records) {
  return partsNamed(view, 'interaction').map(p => {
    const source = field(p, 'source');
    const record = records.find(r => r.resourceType + '/' + r.id === source) || {};
    const dosage = (record.dosage || record.dosageInstruction || [])[0] || {};
    const repeat = ((dosage.timing || {}).repeat) || {};
    const dose = ((dosage.doseAndRate || [])[0] || {}).doseQuantity;
    const period = record.effectivePeriod || repeat.boundsPeriod || {};
    const before = p.part.find(x => x.name === 'drugBeforeSupplement');
    const after = p.part.find(x => x.name === 'drugAfterSupplement');
    return {
      source, name: field(p, 'name'), drugClass: field(p, 'drugClass'),
      minerals: partsNamed(p, 'mineral').map(valueOf), text: field(p, 'text'),
      beforeHours: before ? field(before, 'minHours') : undefined,
      afterHours: after ? field(after, 'minHours') : undefined,
      documents: partsNamed(p, 'source-document').map(d => ({ id: field(d, 'id'), url: field(d, 'url') })),
      status: record.status, start: (period.start || record.effectiveDateTime || record.authoredOn || '').substring(0, 10) || null,
      end: (period.end || '').substring(0, 10) || null,
      dose: dose ? dose.value + ' ' + (dose.unit || dose.code || '') : dosage.text || null,
      times: [...(repeat.when || []), ...(repeat.timeOfDay || [])]
    };
  });
}

main();
