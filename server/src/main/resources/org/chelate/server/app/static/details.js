// The details panel: what a selected point, bar or row is, the FHIR resource it comes from (and that resource on
// request), and the source of any limit or rule used.

import { h } from './ui.js';

export function showDetails(details, fhir) {
  const panel = document.getElementById('details-body');
  const resourceView = h('pre', { class: 'resource', hidden: true });
  const show = details.source ? h('button', {
    type: 'button', class: 'show-resource',
    onclick: async () => {
      resourceView.hidden = false;
      resourceView.textContent = 'Reading ' + details.source + '…';
      try {
        resourceView.textContent = JSON.stringify(await fhir.get(details.source), null, 2);
      } catch (error) {
        resourceView.textContent = error.message;
      }
    }
  }, 'Show the FHIR resource') : null;
  panel.replaceChildren(
    h('h3', {}, details.title || ''),
    h('ul', {}, (details.lines || []).filter(Boolean).map(line => h('li', {}, line))),
    h('p', {}, 'Record: ', h('code', { id: 'selected-source' }, details.source || 'none'),
      (details.sources || []).length > 1 ? ' (and ' + (details.sources.length - 1) + ' more: ' + details.sources.slice(1).join(', ') + ')' : ''),
    h('p', {}, 'Read from: ' + (details.origin || 'FHIR')),
    (details.documents || []).length ? h('p', {}, 'Sources: ', details.documents.map(d => d.url
      ? h('a', { href: d.url, rel: 'noreferrer', target: '_blank' }, d.id + ' ') : d.id + ' ')) : null,
    show, resourceView);
}
