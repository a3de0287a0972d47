// Each symptom score over time with the start of each regimen marked, in the cards' non-causal wording.

import { fmt } from './summary.js';
import { dayNumber, figure, h, linear, monthLabel, monthTicks, point, s, sourceButton, table, valueTicks } from './ui.js';

const WIDTH = 980;
const HEIGHT = 220;
const PAD = { left: 52, right: 14, top: 16, bottom: 26 };

export function scoreChart(trend, index, summary) {
  const points = trend.points;
  const to = dayNumber(summary.date) + 1;
  const from = Math.min(to - 365, ...points.map(p => dayNumber(p.date)));
  const low = trend.rangeLow !== undefined ? trend.rangeLow : Math.min(0, ...points.map(p => p.value));
  const high = trend.rangeHigh !== undefined ? trend.rangeHigh : Math.max(...points.map(p => p.value), 1);
  const x = linear(from, to, PAD.left, WIDTH - PAD.right);
  const y = linear(low, high, HEIGHT - PAD.bottom, PAD.top);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'score' });
  for (const v of valueTicks(low, high)) {
    svg.append(s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 7, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)));
  }
  for (const tick of monthTicks(from, to, 12)) {
    svg.append(s('text', { x: x(dayNumber(tick)), y: HEIGHT - 8, class: 'tick', 'text-anchor': 'middle' }, monthLabel(tick)));
  }
  trend.responses.forEach((r, index) => {
    if (!r.regimenStart) {
      return;
    }
    const rx = x(dayNumber(r.regimenStart));
    const regimen = summary.regimens.find(g => g.source === r.regimen);
    const marker = s('line', { x1: rx, x2: rx, y1: PAD.top, y2: HEIGHT - PAD.bottom, class: 'regimen-start',
      'data-start': r.regimenStart });
    svg.append(point(marker, { title: 'Started ' + r.regimenStart + ': ' + (regimen ? regimen.product : r.regimen),
      lines: responseLines(r), source: r.regimen, origin: '$regimen-summary' }),
    s('text', { x: rx + 4, y: PAD.top + 10 + (index % 3) * 12, class: 'band-label' },
      'start: ' + short(regimen ? regimen.product : r.regimen)));
  });
  if (points.length > 1) {
    svg.append(s('polyline', { points: points.map(p => x(dayNumber(p.date)) + ',' + y(p.value)).join(' '), class: 'score-line' }));
  }
  const radius = points.length > 200 ? 2 : 4;
  for (const p of points) {
    const c = s('circle', { cx: x(dayNumber(p.date)), cy: y(p.value), r: radius, class: 'score-point',
      'data-date': p.date, 'data-value': p.value });
    svg.append(point(c, { title: trend.name + ' ' + fmt(p.value) + ' on ' + p.date, lines: [], source: p.source,
      origin: 'Observation (via $regimen-summary)' }));
  }
  const statement = trend.responses.map(r => r.statement).find(Boolean)
    || summary.notes.find(n => /not evidence/i.test(n)) || '';
  const rows = () => points.map(p => [p.date, fmt(p.value), sourceButton({ title: trend.name, lines: [], source: p.source, origin: 'Observation' })]);
  return figure({
    id: 'score-' + index, title: trend.name + ' (' + fmt(trend.rangeLow) + '–' + fmt(trend.rangeHigh) + ', '
      + (trend.direction || '').replace(/-/g, ' ') + ')',
    description: points.length + ' scores; regimen starts marked.', svg,
    table: () => table(trend.name, ['Date', 'Score', 'Record'], rows()),
    legend: h('div', { class: 'legend' },
      ...trend.responses.map(r => h('p', {}, responseLines(r).join(' · '))),
      h('p', { class: 'stance' }, statement))
  });
}

function responseLines(r) {
  return [
    'Regimen started ' + r.regimenStart,
    r.baseline !== undefined ? 'last score before: ' + fmt(r.baseline) + ' (' + r.baselineDate + ')' : 'no score before the start',
    r.latest !== undefined ? 'latest since: ' + fmt(r.latest) + ' (' + r.latestDate + ')' : 'no score since',
    r.change !== undefined ? 'change ' + (r.change > 0 ? '+' : '') + fmt(r.change) : null,
    r.outcome ? r.outcome.replace(/-/g, ' ') : null
  ].filter(Boolean);
}

function short(text) {
  return text && text.length > 30 ? text.substring(0, 29) + '…' : text || '';
}
