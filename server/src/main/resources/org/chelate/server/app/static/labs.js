// Serum magnesium, zinc, copper and eGFR over time against the lab's own reference range (the Observation's), or the
// knowledge pack's range that $regimen-summary names when the lab gave none.

import { fmt } from './summary.js';
import { dayNumber, figure, h, linear, monthLabel, monthTicks, point, s, sourceButton, table, valueTicks } from './ui.js';

export const ANALYTES = [
  { code: 'serum-magnesium', title: 'Serum magnesium', unit: 'mmol/L' },
  { code: 'serum-zinc', title: 'Serum zinc', unit: 'ug/dL' },
  { code: 'serum-copper', title: 'Serum copper', unit: 'ug/dL' },
  { code: 'egfr', title: 'eGFR', unit: 'mL/min/{1.73_m2}' }
];
/** g/mol: serum magnesium in mg/dL is shown in the summary's mmol/L. */
const MAGNESIUM_GRAMS_PER_MOLE = 24.305;
const WIDTH = 480;
const HEIGHT = 200;
const PAD = { left: 52, right: 14, top: 14, bottom: 26 };

/** The chartable lab points of each analyte, oldest first. */
export function labSeries(observations, labCodes) {
  const byAnalyte = {};
  for (const o of observations) {
    const coding = ((o.code || {}).coding || []).find(c => labCodes[c.system + '|' + c.code]);
    const q = o.valueQuantity;
    const date = o.effectiveDateTime || (o.effectivePeriod || {}).start || o.issued;
    if (!coding || !q || q.value === undefined || !date || o.status === 'entered-in-error') {
      continue;
    }
    const analyte = labCodes[coding.system + '|' + coding.code].analyte;
    const unit = q.code || q.unit;
    const factor = analyte === 'serum-magnesium' && unit === 'mg/dL' ? 10 / MAGNESIUM_GRAMS_PER_MOLE : 1;
    const range = (o.referenceRange || [])[0] || {};
    (byAnalyte[analyte] = byAnalyte[analyte] || []).push({
      date: date.substring(0, 10), value: Number((q.value * factor).toPrecision(4)), recorded: q.value + ' ' + unit,
      low: range.low ? Number((range.low.value * factor).toPrecision(4)) : undefined,
      high: range.high ? Number((range.high.value * factor).toPrecision(4)) : undefined,
      source: 'Observation/' + o.id
    });
  }
  Object.values(byAnalyte).forEach(list => list.sort((a, b) => a.date.localeCompare(b.date)));
  return byAnalyte;
}

export function labChart(analyte, points, summary, range) {
  const latest = summary.labs.find(l => l.analyte === analyte.code);
  const packRange = latest && latest.referenceRangeSource && latest.referenceRangeSource !== 'Observation'
    ? { low: latest.referenceLow, high: latest.referenceHigh, source: latest.referenceRangeSource } : null;
  const values = points.flatMap(p => [p.value, p.low, p.high]).concat(packRange ? [packRange.low, packRange.high] : [])
    .filter(v => v !== undefined && !Number.isNaN(v));
  const top = Math.max(...values, 0) * 1.2 || 1;
  const from = Math.min(range.from, ...points.map(p => dayNumber(p.date)));
  const x = linear(from, range.to, PAD.left, WIDTH - PAD.right);
  const y = linear(0, top, HEIGHT - PAD.bottom, PAD.top);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'lab' });
  if (packRange) {
    svg.append(s('rect', { x: PAD.left, width: WIDTH - PAD.left - PAD.right, y: y(packRange.high || top),
      height: Math.max(0, y(packRange.low || 0) - y(packRange.high || top)), class: 'lab-range' }),
    s('text', { x: WIDTH - PAD.right - 4, y: y(packRange.high || top) - 4, class: 'band-label', 'text-anchor': 'end' },
      'range ' + fmt(packRange.low) + '–' + fmt(packRange.high) + ' (' + packRange.source + ')'));
  }
  points.forEach((p, i) => {
    if (p.low === undefined && p.high === undefined) {
      return;
    }
    const x0 = x(dayNumber(p.date));
    const x1 = i + 1 < points.length ? x(dayNumber(points[i + 1].date)) : WIDTH - PAD.right;
    svg.append(s('rect', { x: x0, width: Math.max(2, x1 - x0), y: y(p.high === undefined ? top : p.high),
      height: Math.max(0, y(p.low === undefined ? 0 : p.low) - y(p.high === undefined ? top : p.high)), class: 'lab-range own' }));
  });
  for (const v of valueTicks(0, top)) {
    svg.append(s('text', { x: PAD.left - 7, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)),
      s('line', { x1: PAD.left - 4, x2: PAD.left, y1: y(v), y2: y(v), class: 'axis' }));
  }
  for (const tick of monthTicks(from, range.to, 6)) {
    svg.append(s('text', { x: x(dayNumber(tick)), y: HEIGHT - 8, class: 'tick', 'text-anchor': 'middle' }, monthLabel(tick)));
  }
  svg.append(s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'axis' }));
  if (points.length > 1) {
    svg.append(s('polyline', { points: points.map(p => x(dayNumber(p.date)) + ',' + y(p.value)).join(' '), class: 'lab-line' }));
  }
  if (points.length === 0) {
    svg.append(s('text', { x: WIDTH / 2, y: HEIGHT / 2, class: 'empty', 'text-anchor': 'middle' }, 'No result on record'));
  }
  for (const p of points) {
    const low = p.low !== undefined ? p.low : packRange && packRange.low;
    const high = p.high !== undefined ? p.high : packRange && packRange.high;
    const flag = low !== undefined && low !== null && p.value < low ? 'low'
      : high !== undefined && high !== null && p.value > high ? 'high' : 'in-range';
    const c = s('circle', { cx: x(dayNumber(p.date)), cy: y(p.value), r: 4.5, class: 'lab-point flag-' + flag,
      'data-date': p.date, 'data-value': p.value });
    svg.append(point(c, { title: analyte.title + ' ' + fmt(p.value) + ' ' + analyte.unit + ' on ' + p.date,
      lines: ['Recorded as ' + p.recorded, 'Range: ' + rangeText(p, packRange), 'Compared with the range: ' + flag],
      source: p.source, origin: 'Observation' }));
  }
  const rows = () => points.map(p => [p.date, fmt(p.value) + ' ' + analyte.unit, p.recorded, rangeText(p, packRange),
    sourceButton({ title: analyte.title, lines: [], source: p.source, origin: 'Observation' })]);
  return figure({
    id: 'lab-' + analyte.code, title: analyte.title + ' (' + analyte.unit + ')',
    description: points.length + ' results' + (latest ? '; latest ' + fmt(latest.value) + ' ' + latest.unit + ', ' + latest.flag : '') + '.',
    svg, table: () => table(analyte.title, ['Date', 'Value', 'As recorded', 'Reference range', 'Record'], rows()),
    legend: h('p', { class: 'legend' }, latest ? 'Latest (summary): ' + fmt(latest.value) + ' ' + latest.unit + ', ' + latest.flag
      + (latest.referenceRangeSource ? '; range from ' + (latest.referenceRangeSource === 'Observation' ? 'the lab' : latest.referenceRangeSource) : '; no range given') : 'No result in the summary.')
  });
}

function rangeText(p, packRange) {
  if (p.low !== undefined || p.high !== undefined) {
    return fmt(p.low) + '–' + fmt(p.high) + ' (the lab\'s)';
  }
  return packRange ? fmt(packRange.low) + '–' + fmt(packRange.high) + ' (' + packRange.source + ')' : 'none given';
}
