// DOM and SVG helpers, the figure frame every chart shares (a table as its text alternative), and the details panel
// that names the FHIR resource and the source of whatever is selected.

const SVG = 'http://www.w3.org/2000/svg';

export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      element.setAttribute('class', value);
    } else if (key.startsWith('on')) {
      element.addEventListener(key.substring(2), value);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

export function linear(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return v => r0 + (v - d0) * (r1 - r0) / span;
}

export const DAY = 86400000;

export function dayNumber(isoDate) {
  return Date.parse(isoDate.substring(0, 10) + 'T00:00:00Z') / DAY;
}

export function isoDay(dayNo) {
  return new Date(dayNo * DAY).toISOString().substring(0, 10);
}

export function addDays(isoDate, days) {
  return isoDay(dayNumber(isoDate) + days);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function monthLabel(isoDate) {
  return MONTHS[Number(isoDate.substring(5, 7)) - 1] + ' ' + isoDate.substring(2, 4);
}

/** Month ticks between two days (day numbers), at most `max` of them. */
export function monthTicks(from, to, max = 13) {
  const ticks = [];
  const start = new Date(from * DAY);
  let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  while (d.getTime() / DAY <= to) {
    ticks.push(d.toISOString().substring(0, 10));
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  const step = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % step === 0);
}

/** Round numbers for a value axis from 0 (or min) to max. */
export function valueTicks(min, max, count = 4) {
  const raw = (max - min) / count || 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(m => m >= raw);
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) {
    ticks.push(Number(v.toFixed(6)));
  }
  return ticks;
}

/**
 * A chart with its text alternative: the SVG (one tab stop; arrow keys move between its points, Enter or a click
 * shows a point's details) and a table behind a toggle button, built when first shown (`table` is a function).
 */
export function figure({ id, title, description, svg, table, legend }) {
  const tableId = id + '-table';
  const wrapper = h('figure', { class: 'chart', 'data-chart': id },
    h('figcaption', {}, h('span', { class: 'chart-title' }, title),
      h('button', {
        type: 'button', class: 'table-toggle', 'aria-expanded': 'false', 'aria-controls': tableId,
        onclick: e => toggleTable(e.currentTarget, holder, table)
      }, 'Show table')));
  const holder = h('div', { id: tableId, class: 'table-holder', hidden: true });
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title + '. ' + description + ' Use the arrow keys to move between points.');
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('focusable', 'true');
  wrapper.append(svg);
  if (legend) {
    wrapper.append(legend);
  }
  wrapper.append(holder);
  navigable(svg);
  return wrapper;
}

function toggleTable(button, holder, makeTable) {
  if (!holder.firstChild) {
    const built = makeTable();
    built.classList.add('data-table');
    holder.append(built);
  }
  holder.hidden = !holder.hidden;
  button.setAttribute('aria-expanded', String(!holder.hidden));
  button.textContent = holder.hidden ? 'Show table' : 'Hide table';
}

export function table(caption, headers, rows) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c instanceof Node ? c : String(c)))))));
}

/** A selectable element of a chart; `details` is what the panel shows for it. */
export function point(element, details) {
  element.setAttribute('data-point', '');
  element.classList.add('point');
  if (details.source) {
    element.setAttribute('data-source', details.source);
  }
  element.__details = details;
  return element;
}

function navigable(svg) {
  // one listener per chart rather than one per point (a chart can hold hundreds)
  svg.addEventListener('click', event => {
    const target = event.target.closest('[data-point]');
    if (target) {
      select(target, target.__details);
    }
  });
  svg.addEventListener('keydown', event => {
    const points = [...svg.querySelectorAll('[data-point]')];
    if (points.length === 0) {
      return;
    }
    const current = points.findIndex(p => p.classList.contains('selected'));
    let next = null;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      next = current < 0 ? 0 : Math.min(points.length - 1, current + 1);
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      next = current < 0 ? 0 : Math.max(0, current - 1);
    } else if (event.key === 'Home') {
      next = 0;
    } else if (event.key === 'End') {
      next = points.length - 1;
    }
    if (next !== null) {
      event.preventDefault();
      select(points[next], points[next].__details);
    }
  });
}

let detailsHandler = () => {};

/** Where selections are shown (the details panel, set up by the page). */
export function onSelect(handler) {
  detailsHandler = handler;
}

export function select(element, details) {
  document.querySelectorAll('.selected').forEach(e => e.classList.remove('selected'));
  if (element) {
    element.classList.add('selected');
  }
  detailsHandler(details);
}

/** A button that selects a record: the text alternative's way to the details panel. */
export function sourceButton(details) {
  return h('button', { type: 'button', class: 'source-link', 'data-source': details.source,
    onclick: () => select(null, details) }, details.source || '–');
}
