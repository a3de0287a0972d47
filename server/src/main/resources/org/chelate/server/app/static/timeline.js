// Timeline of every magnesium, zinc and copper regimen and every interacting drug: start to stop, dose, time of day,
// and how each amount was read.

import { basisLabel, fmt } from './summary.js';
import { DAY, dayNumber, figure, h, linear, monthLabel, monthTicks, point, s, sourceButton, table } from './ui.js';

const WIDTH = 980;
const LABEL = 300;
const ROW = 40;

export function timelineChart(summary, drugs, range) {
  const rows = [
    ...summary.regimens.map(r => ({
      kind: r.mineral, label: r.product || r.mineral, start: r.start, end: r.end, status: r.status,
      dose: doseText(r), times: r.times, basis: basisLabel(r), regimen: r,
      details: regimenDetails(r)
    })),
    ...drugs.map(d => ({
      kind: 'drug', label: d.name, start: d.start, end: d.end, status: d.status, dose: d.dose, times: d.times,
      basis: null, details: drugDetails(d)
    }))
  ].sort((a, b) => (a.kind === 'drug') - (b.kind === 'drug') || (a.start || '').localeCompare(b.start || ''));
  const height = 34 + rows.length * ROW + 10;
  const x = linear(range.from, range.to, LABEL, WIDTH - 12);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'timeline' });
  for (const tick of monthTicks(range.from, range.to)) {
    const tx = x(dayNumber(tick));
    svg.append(s('line', { x1: tx, x2: tx, y1: 22, y2: height - 8, class: 'grid' }),
      s('text', { x: tx, y: 14, class: 'tick', 'text-anchor': 'middle' }, monthLabel(tick)));
  }
  const todayX = x(range.today);
  svg.append(s('line', { x1: todayX, x2: todayX, y1: 18, y2: height - 8, class: 'today' }),
    s('text', { x: todayX - 4, y: height - 12, class: 'tick', 'text-anchor': 'end' }, 'summary date'));
  rows.forEach((row, i) => {
    const y = 30 + i * ROW;
    const from = row.start ? Math.max(range.from, dayNumber(row.start)) : range.from;
    const to = row.end ? Math.min(range.to, dayNumber(row.end) + 1) : range.to;
    svg.append(s('text', { x: 8, y: y + 14, class: 'row-label' }, truncate(row.label, 34)),
      s('text', { x: 8, y: y + 29, class: 'row-sub' }, truncate([row.dose, row.times.join(' ')].filter(Boolean).join(' · '), 44)));
    if (to > from) {
      const bar = s('rect', {
        x: x(from), y: y + 6, width: Math.max(3, x(to) - x(from)), height: ROW - 14, rx: 3,
        class: `bar kind-${row.kind} status-${row.status} basis-${row.basis ? row.basis.kind : 'none'}`,
        'data-start': row.start || '', 'data-end': row.end || ''
      }, s('title', {}, row.label + ': ' + (row.start || 'no start') + ' – ' + (row.end || 'ongoing')));
      svg.append(point(bar, row.details));
      if (row.basis && row.basis.kind !== 'elemental') {
        svg.append(s('text', { x: Math.min(x(to), WIDTH - 12) - 4, y: y + 21, class: 'bar-badge', 'text-anchor': 'end' },
          row.basis.kind === 'ambiguous' ? '⚠ ambiguous' : row.basis.kind));
      }
    }
  });
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'swatch kind-magnesium' }), ' magnesium ', h('span', { class: 'swatch kind-zinc' }), ' zinc ',
    h('span', { class: 'swatch kind-copper' }), ' copper ', h('span', { class: 'swatch kind-drug' }), ' interacting drug ',
    h('span', { class: 'swatch status-stopped' }), ' not counted on the summary date (stopped, on hold, draft…)');
  const rowsTable = () => table('Products and interacting drugs',
    ['Product or drug', 'Start', 'Stop', 'Dose (elemental mg)', 'Time of day', 'Amount read as', 'Status', 'Record'],
    rows.map(r => [r.label, r.start || '–', r.end || 'ongoing', r.dose || '–', r.times.join(', ') || '–',
      r.basis ? r.basis.text : '–', r.status || '–', sourceButton(r.details)]));
  return figure({
    id: 'timeline', title: 'Products and interacting drugs over time',
    description: rows.length + ' records from ' + new Date(range.from * DAY).toISOString().substring(0, 10) + '.',
    svg, table: rowsTable, legend
  });
}

function doseText(r) {
  const perDose = r.perDoseLow === r.perDoseHigh ? fmt(r.perDoseLow) : fmt(r.perDoseLow) + '–' + fmt(r.perDoseHigh);
  const daily = r.dailyLow === r.dailyHigh ? fmt(r.dailyLow) : fmt(r.dailyLow) + '–' + fmt(r.dailyHigh);
  return perDose + ' mg/dose, ' + daily + ' mg/day ' + (r.mineral || '');
}

function regimenDetails(r) {
  const basis = basisLabel(r);
  return {
    title: r.product || r.mineral,
    lines: [
      'Mineral: ' + (r.mineral || '–') + (r.salt ? ' (as ' + r.salt + ')' : ''),
      'Elemental dose: ' + doseText(r),
      'Doses a day: ' + (r.dosesLow === r.dosesHigh ? fmt(r.dosesLow) : fmt(r.dosesLow) + '–' + fmt(r.dosesHigh)),
      'Amount read as: ' + basis.text,
      'Time of day: ' + (r.times.join(', ') || 'not recorded'),
      'Period: ' + (r.start || 'no start') + ' – ' + (r.end || 'ongoing') + ', status ' + (r.status || '–'),
      r.countedOnDate ? 'Counted in the daily total on the summary date' : 'Not counted on the summary date',
      ...r.notes.map(n => 'Note: ' + n),
      ...r.extra.map(e => e.name + ': ' + e.text)
    ],
    source: r.source,
    origin: '$regimen-summary'
  };
}

function drugDetails(d) {
  return {
    title: d.name,
    lines: ['Interacting drug (' + d.drugClass + ')', 'Dose: ' + (d.dose || 'not recorded'),
      'Time of day: ' + (d.times.join(', ') || 'not recorded'),
      'Period: ' + (d.start || 'no start') + ' – ' + (d.end || 'ongoing') + ', status ' + (d.status || '–'),
      d.text ? 'Separation: ' + d.text : null].filter(Boolean),
    source: d.source,
    documents: d.documents,
    origin: 'the record, and the knowledge pack\'s separation rule'
  };
}

function truncate(text, max) {
  return text.length > max ? text.substring(0, max - 1) + '…' : text;
}
