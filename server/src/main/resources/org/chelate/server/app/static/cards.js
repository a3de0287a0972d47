// The patient's current CDS cards, as the EHR gets them: summary, indicator, detail (a small, safe Markdown subset
// built as DOM nodes, never as HTML), source and links.

import { h } from './ui.js';

export function cardList(cards) {
  if (cards.length === 0) {
    return h('p', { class: 'empty' }, 'No card: the patient-view rules found nothing to say about this record.');
  }
  return h('ul', { class: 'cards' }, cards.map(card => h('li', {
    class: 'card indicator-' + card.indicator, 'data-card-type': ((card.source || {}).topic || {}).code || ''
  },
  h('div', { class: 'card-head' }, h('span', { class: 'indicator' }, card.indicator), h('h3', {}, card.summary)),
  h('details', {}, h('summary', {}, 'Detail'), markdown(card.detail || '')),
  h('p', { class: 'card-source' }, 'Source: ', card.source && card.source.url
    ? h('a', { href: card.source.url, rel: 'noreferrer', target: '_blank' }, card.source.label)
    : (card.source || {}).label || '–'),
  linksOf(card))));
}

function linksOf(card) {
  const links = (card.links || []).filter(l => l.type !== 'smart');
  if (links.length === 0) {
    return null;
  }
  return h('p', { class: 'card-links' }, links.map(l => h('a', { href: l.url, rel: 'noreferrer', target: '_blank' }, l.label)));
}

/** Paragraphs, "- " lists, **bold**, _italic_ and [text](https://…) links; everything else is text. */
export function markdown(text) {
  const root = h('div', { class: 'markdown' });
  let list = null;
  for (const block of text.split('\n')) {
    const line = block.trim();
    if (line === '') {
      list = null;
      continue;
    }
    if (line.startsWith('- ')) {
      if (!list) {
        list = h('ul');
        root.append(list);
      }
      list.append(h('li', {}, inline(line.substring(2))));
    } else {
      list = null;
      root.append(h('p', {}, inline(line)));
    }
  }
  return root;
}

function inline(text) {
  const nodes = [];
  const pattern = /\*\*([^*]+)\*\*|_([^_]+)_|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    nodes.push(text.substring(last, match.index));
    if (match[1] !== undefined) {
      nodes.push(h('strong', {}, match[1]));
    } else if (match[2] !== undefined) {
      nodes.push(h('em', {}, match[2]));
    } else {
      nodes.push(h('a', { href: match[4], rel: 'noreferrer', target: '_blank' }, match[3]));
    }
    last = pattern.lastIndex;
  }
  nodes.push(text.substring(last));
  return nodes;
}
