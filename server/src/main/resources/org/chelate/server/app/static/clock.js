// 24-hour clock of today's dose times: supplements on the inner ring, interacting drugs on the outer ring with the
// window in which a supplement should not be taken. Clashes follow the CDS rule: two meal or event codes of the same
// occasion, or two clock times closer than the separation the rule asks for; an event code and a clock time are not
// compared (no clock time is assumed for a meal), and event codes are drawn at a typical time, marked "≈".

import { fmt } from './summary.js';
import { figure, h, point, s, sourceButton, table } from './ui.js';

const TYPICAL_HOUR = {
  WAKE: 7, MORN: 8, 'MORN.early': 6, 'MORN.late': 10, ACM: 7.5, CM: 8, PCM: 8.5, NOON: 12, ACD: 12, CD: 12.5,
  PCD: 13, AFT: 15, 'AFT.early': 14, 'AFT.late': 16, ACV: 18, CV: 18.5, PCV: 19, EVE: 19, 'EVE.early': 18,
  'EVE.late': 20, HS: 22, PHS: 22.5, NIGHT: 23
};
const OCCASION = { CM: 'breakfast', ACM: 'breakfast', PCM: 'breakfast', CD: 'lunch', ACD: 'lunch', PCD: 'lunch',
  CV: 'dinner', ACV: 'dinner', PCV: 'dinner', MORN: 'morning', 'MORN.early': 'morning', 'MORN.late': 'morning',
  HS: 'bedtime', WAKE: 'waking' };
const SIZE = 420;
const C = SIZE / 2;

export function timeOf(code) {
  const clock = /^(\d{2}):(\d{2})/.exec(code);
  if (clock) {
    return { code, hour: Number(clock[1]) + Number(clock[2]) / 60, exact: true };
  }
  return TYPICAL_HOUR[code] === undefined ? null : { code, hour: TYPICAL_HOUR[code], exact: false };
}

/** The engine's collision rule between one drug time and one supplement time. */
export function clash(drugCode, supplementCode, before, after) {
  const d = timeOf(drugCode);
  const sup = timeOf(supplementCode);
  if (d && sup && d.exact && sup.exact) {
    let minutes = Math.round((d.hour - sup.hour) * 60);
    if (minutes > 720) {
      minutes -= 1440;
    } else if (minutes < -720) {
      minutes += 1440;
    }
    return (minutes >= 0 && after !== undefined && minutes < after * 60)
      || (minutes <= 0 && before !== undefined && -minutes < before * 60);
  }
  if (d && sup && (d.exact || sup.exact)) {
    return false;
  }
  return drugCode === supplementCode || (OCCASION[drugCode] !== undefined && OCCASION[drugCode] === OCCASION[supplementCode]);
}

export function clockChart(summary, drugs) {
  const supplements = summary.regimens.filter(r => r.countedOnDate);
  const active = drugs.filter(d => d.status === 'active' || d.status === 'intended');
  const clashes = [];
  for (const d of active) {
    for (const dt of d.times) {
      for (const r of supplements.filter(r => d.minerals.length === 0 || d.minerals.includes(r.mineral))) {
        for (const st of r.times) {
          if (clash(dt, st, d.beforeHours, d.afterHours)) {
            clashes.push({ drug: d, drugTime: dt, regimen: r, supplementTime: st });
          }
        }
      }
    }
  }
  const svg = s('svg', { viewBox: `0 0 ${SIZE + 300} ${SIZE}`, class: 'clock' });
  svg.append(s('circle', { cx: C, cy: C, r: 170, class: 'clock-face' }), s('circle', { cx: C, cy: C, r: 110, class: 'clock-ring' }));
  for (let hour = 0; hour < 24; hour++) {
    const [x1, y1] = at(hour, 170);
    const [x2, y2] = at(hour, hour % 6 === 0 ? 158 : 164);
    svg.append(s('line', { x1, y1, x2, y2, class: 'axis' }));
    if (hour % 3 === 0) {
      const [tx, ty] = at(hour, 186);
      svg.append(s('text', { x: tx, y: ty + 4, class: 'tick', 'text-anchor': 'middle' }, String(hour).padStart(2, '0') + ':00'));
    }
  }
  svg.append(s('text', { x: C, y: C - 4, class: 'clock-center', 'text-anchor': 'middle' }, 'inner: supplements'),
    s('text', { x: C, y: C + 12, class: 'clock-center', 'text-anchor': 'middle' }, 'outer: interacting drugs'));
  for (const d of active) {
    for (const dt of d.times) {
      const t = timeOf(dt);
      if (!t) {
        continue;
      }
      if (d.afterHours !== undefined || d.beforeHours !== undefined) {
        svg.append(s('path', { d: arc(t.hour - (d.afterHours || 0), t.hour + (d.beforeHours || 0), 140, 160),
          class: 'window' }, s('title', {}, 'No ' + d.minerals.join('/') + ' supplement from ' + hhmm(t.hour - (d.afterHours || 0))
          + ' to ' + hhmm(t.hour + (d.beforeHours || 0)) + (t.exact ? '' : ' (≈, typical time)'))));
      }
      const [x, y] = at(t.hour, 150);
      const dot = s('circle', { cx: x, cy: y, r: 7, class: 'drug-dose' + (clashes.some(c => c.drug === d && c.drugTime === dt) ? ' clash' : ''),
        'data-time': dt });
      svg.append(point(dot, { title: d.name + ' at ' + label(t), lines: [d.text ? 'Separation: ' + d.text : ''],
        source: d.source, documents: d.documents, origin: 'the record, and the knowledge pack\'s separation rule' }));
    }
  }
  for (const r of supplements) {
    r.times.forEach(st => {
      const t = timeOf(st);
      if (!t) {
        return;
      }
      const clashing = clashes.some(c => c.regimen === r && c.supplementTime === st);
      const [x, y] = at(t.hour, 110);
      const dot = s('circle', { cx: x, cy: y, r: 7, class: `supplement-dose kind-${r.mineral}` + (clashing ? ' clash' : ''),
        'data-time': st, 'data-clash': clashing ? 'true' : 'false' });
      svg.append(point(dot, { title: (r.product || r.mineral) + ' at ' + label(t),
        lines: [fmt(r.perDoseHigh) + ' mg elemental ' + r.mineral + ' per dose', clashing ? '⚠ Clashes with an interacting drug' : ''],
        source: r.source, origin: '$regimen-summary' }));
      if (clashing) {
        const [lx, ly] = at(t.hour, 86);
        svg.append(s('text', { x: lx, y: ly + 4, class: 'clash-label', 'text-anchor': 'middle' }, '⚠'));
      }
    });
  }
  let ly = 40;
  svg.append(s('text', { x: SIZE + 10, y: 20, class: 'row-label' }, clashes.length ? clashes.length + ' clash(es) today' : 'No clash of recorded times'));
  for (const c of clashes.slice(0, 8)) {
    svg.append(s('text', { x: SIZE + 10, y: ly, class: 'clash-text' }, '⚠ ' + short(c.drug.name) + ' (' + c.drugTime + ')'),
      s('text', { x: SIZE + 22, y: ly + 15, class: 'row-sub' }, 'and ' + short(c.regimen.product || c.regimen.mineral) + ' (' + c.supplementTime + ')'));
    ly += 38;
  }
  const untimed = [...supplements.filter(r => r.times.length === 0).map(r => r.product || r.mineral),
    ...active.filter(d => d.times.length === 0).map(d => d.name)];
  if (untimed.length) {
    svg.append(s('text', { x: SIZE + 10, y: Math.max(ly + 10, 340), class: 'row-sub' }, 'No time of day recorded:'),
      ...untimed.slice(0, 4).map((n, i) => s('text', { x: SIZE + 18, y: Math.max(ly + 10, 340) + 16 * (i + 1), class: 'row-sub' }, short(n))));
  }
  const rows = () => [
    ...supplements.flatMap(r => (r.times.length ? r.times : ['–']).map(t => [r.product || r.mineral, 'supplement', t,
      '–', clashes.some(c => c.regimen === r && c.supplementTime === t) ? 'clash' : '', sourceButton({ title: r.product, lines: [], source: r.source, origin: '$regimen-summary' })])),
    ...active.flatMap(d => (d.times.length ? d.times : ['–']).map(t => [d.name, 'interacting drug', t, d.text || '–',
      clashes.some(c => c.drug === d && c.drugTime === t) ? 'clash' : '', sourceButton({ title: d.name, lines: [], source: d.source, origin: 'record' })]))
  ];
  const fig = figure({
    id: 'clock', title: 'Dose times today and separation windows',
    description: clashes.length + ' clash(es) between recorded dose times.', svg,
    table: () => table('Dose times today', ['Product or drug', 'Kind', 'Time', 'Separation', 'Clash', 'Record'], rows()),
    legend: h('p', { class: 'legend' }, h('span', { class: 'swatch window' }), ' window in which the supplement should not be taken ',
      h('span', { class: 'swatch clash' }), ' clash. Meal and event codes are drawn at a typical time (≈); the clash rule compares codes, not assumed times.')
  });
  fig.setAttribute('data-clashes', String(clashes.length));
  return fig;
}

function at(hour, radius) {
  const angle = (hour / 24) * 2 * Math.PI - Math.PI / 2;
  return [C + radius * Math.cos(angle), C + radius * Math.sin(angle)];
}

function arc(fromHour, toHour, inner, outer) {
  const span = Math.min(23.99, toHour - fromHour);
  const large = span > 12 ? 1 : 0;
  const [a, b] = at(fromHour, outer);
  const [c, d] = at(fromHour + span, outer);
  const [e, f] = at(fromHour + span, inner);
  const [g, k] = at(fromHour, inner);
  return `M${a},${b} A${outer},${outer} 0 ${large} 1 ${c},${d} L${e},${f} A${inner},${inner} 0 ${large} 0 ${g},${k} Z`;
}

function hhmm(hour) {
  const h24 = ((hour % 24) + 24) % 24;
  return String(Math.floor(h24)).padStart(2, '0') + ':' + String(Math.round((h24 % 1) * 60)).padStart(2, '0');
}

function label(t) {
  return t.exact ? t.code.substring(0, 5) : t.code + ' (≈ ' + hhmm(t.hour) + ')';
}

function short(text) {
  return text && text.length > 36 ? text.substring(0, 35) + '…' : text || '';
}
