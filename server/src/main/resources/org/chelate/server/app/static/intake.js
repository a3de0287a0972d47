// Daily elemental magnesium (supplemental) and zinc over the last 12 months against the RDA and the UL of the
// patient's age, sex and pregnancy, from the regimens of $regimen-summary (each day: the regimens the record says
// were taken that day, low and high readings).

import { fmt, takenOn } from './summary.js';
import { addDays, dayNumber, figure, h, isoDay, linear, monthLabel, monthTicks, point, s, sourceButton, table,
  valueTicks } from './ui.js';

const WIDTH = 480;
const HEIGHT = 230;
const PAD = { left: 52, right: 14, top: 14, bottom: 26 };

/** Days (ISO) on which the daily total can change, from `from` to `to`, with the total from that day on. */
export function dailySteps(regimens, mineral, from, to) {
  const own = regimens.filter(r => r.mineral === mineral);
  const days = new Set([from]);
  for (const r of own) {
    for (const d of [r.start, r.end ? addDays(r.end, 1) : null]) {
      if (d && d > from && d <= to) {
        days.add(d);
      }
    }
  }
  const steps = [];
  for (const day of [...days].sort()) {
    const taken = own.filter(r => takenOn(r, day));
    const low = taken.reduce((sum, r) => sum + (r.dailyLow || 0), 0);
    const high = taken.reduce((sum, r) => sum + (r.dailyHigh || 0), 0);
    const last = steps[steps.length - 1];
    if (!last || Math.abs(last.low - low) > 1e-9 || Math.abs(last.high - high) > 1e-9) {
      steps.push({ date: day, low: round(low), high: round(high), sources: taken.map(r => r.source) });
    }
  }
  return steps;
}

function round(n) {
  return Math.round(n * 100) / 100;
}

export function intakeChart(summary, mineralCode, label) {
  const to = summary.date;
  const from = addDays(to, -365);
  const mineral = summary.minerals.find(m => m.mineral === mineralCode) || { rda: null, ul: null, notes: [] };
  const steps = dailySteps(summary.regimens, mineralCode, from, to);
  const top = Math.max(10, ...steps.map(p => p.high), (mineral.ul && mineral.ul.value) || 0,
    (mineral.rda && mineral.rda.value) || 0) * 1.15;
  const x = linear(dayNumber(from), dayNumber(to) + 1, PAD.left, WIDTH - PAD.right);
  const y = linear(0, top, HEIGHT - PAD.bottom, PAD.top);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'intake' });
  const plotRight = WIDTH - PAD.right;
  if (mineral.ul && mineral.ul.value !== undefined) {
    svg.append(s('rect', { x: PAD.left, y: PAD.top, width: plotRight - PAD.left, height: y(mineral.ul.value) - PAD.top,
      class: 'band-over-ul' }),
    s('line', { x1: PAD.left, x2: plotRight, y1: y(mineral.ul.value), y2: y(mineral.ul.value), class: 'ul-line' }),
    s('text', { x: plotRight - 4, y: y(mineral.ul.value) - 4, class: 'band-label', 'text-anchor': 'end' },
      'UL ' + fmt(mineral.ul.value) + ' mg/day (' + mineral.ul.basis + ')'));
  }
  if (mineral.rda && mineral.rda.value !== undefined) {
    const ulY = mineral.ul && mineral.ul.value !== undefined ? y(mineral.ul.value) : PAD.top;
    svg.append(s('rect', { x: PAD.left, y: ulY, width: plotRight - PAD.left, height: Math.max(0, y(mineral.rda.value) - ulY),
      class: 'band-rda-ul' }),
    s('line', { x1: PAD.left, x2: plotRight, y1: y(mineral.rda.value), y2: y(mineral.rda.value), class: 'rda-line' }),
    s('text', { x: PAD.left + 4, y: y(mineral.rda.value) + 12, class: 'band-label' },
      mineral.rda.kind + ' ' + fmt(mineral.rda.value) + ' mg/day (' + mineral.rda.basis + ')'));
  }
  for (const v of valueTicks(0, top)) {
    svg.append(s('line', { x1: PAD.left - 4, x2: PAD.left, y1: y(v), y2: y(v), class: 'axis' }),
      s('text', { x: PAD.left - 7, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)));
  }
  for (const tick of monthTicks(dayNumber(from), dayNumber(to), 6)) {
    svg.append(s('text', { x: x(dayNumber(tick)), y: HEIGHT - 8, class: 'tick', 'text-anchor': 'middle' }, monthLabel(tick)));
  }
  svg.append(s('line', { x1: PAD.left, x2: plotRight, y1: y(0), y2: y(0), class: 'axis' }),
    s('text', { x: 12, y: PAD.top + 4, class: 'tick', transform: `rotate(-90 12 ${PAD.top + 60})` }, 'mg/day'));
  const ends = steps.map((p, i) => (i + 1 < steps.length ? dayNumber(steps[i + 1].date) : dayNumber(to) + 1));
  const path = (key) => steps.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(dayNumber(p.date))},${y(p[key])} H${x(ends[i])}`).join(' ');
  if (steps.some(p => p.low !== p.high)) {
    svg.append(s('path', { d: path('low'), class: 'series-low' }));
  }
  svg.append(s('path', { d: path('high'), class: `series kind-${mineralCode}` }));
  steps.forEach((p, i) => {
    const over = mineral.ul && mineral.ul.value !== undefined && p.high > mineral.ul.value;
    const c = s('circle', { cx: x(dayNumber(p.date)), cy: y(p.high), r: 4.5, class: over ? 'over-ul' : '',
      'data-date': p.date, 'data-low': p.low, 'data-high': p.high });
    svg.append(point(c, {
      title: label + ' from ' + p.date + ' to ' + isoDay(ends[i] - 1),
      lines: [valueText(p) + ' mg/day elemental from supplements',
        limitText('RDA/AI', mineral.rda), limitText('UL', mineral.ul), ...mineral.notes],
      source: p.sources[0], sources: p.sources, documents: limitDocuments(mineral), origin: '$regimen-summary'
    }));
  });
  const rows = () => steps.map((p, i) => [p.date, isoDay(ends[i] - 1), fmt(p.low), fmt(p.high),
    p.sources.length ? h('span', {}, p.sources.map(src => sourceButton({ title: src, lines: [], source: src, origin: '$regimen-summary' }))) : 'none']);
  const description = 'Step line of the daily elemental ' + mineralCode + ' from supplements; '
    + limitText('RDA', mineral.rda) + '; ' + limitText('UL', mineral.ul) + '.';
  return figure({
    id: 'intake-' + mineralCode, title: label, description, svg,
    table: () => table(label + ' (mg/day elemental)', ['From', 'To', 'Low reading', 'High reading', 'Records counted'], rows()),
    legend: h('p', { class: 'legend' }, limitSource(mineral.rda), ' ', limitSource(mineral.ul), ' ',
      ...mineral.notes.map(n => h('span', { class: 'note' }, n + ' ')))
  });
}

function valueText(p) {
  return p.low === p.high ? fmt(p.high) : fmt(p.low) + '–' + fmt(p.high);
}

function limitText(name, limit) {
  return limit ? (limit.kind || name) + ' ' + fmt(limit.value) + ' mg/day, ' + limit.basis + ' intake (' + limit.source + ')'
    : name + ': none for this patient in the knowledge pack';
}

function limitDocuments(mineral) {
  return [mineral.rda, mineral.ul].filter(Boolean).map(l => ({ id: l.source, url: l.sourceUrl }));
}

function limitSource(limit) {
  if (!limit) {
    return '';
  }
  const text = (limit.kind || '') + ': ' + limit.source;
  return limit.sourceUrl ? h('a', { href: limit.sourceUrl, rel: 'noreferrer', target: '_blank' }, text) : text;
}
