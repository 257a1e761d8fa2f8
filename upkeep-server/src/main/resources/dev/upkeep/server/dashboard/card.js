// One chart's card: title, one-line summary, the chart, its numbers as a table (visually hidden
// until asked for, always there for screen readers), and CSV / JSON exports of those numbers.

import { draw } from './charts.js';
import { download, fileName, toCsv, toJson } from './export.js';
import { integer } from './format.js';

const KIND_NAMES = {
  line: 'Line chart',
  stacked: 'Stacked bar chart',
  doughnut: 'Doughnut chart',
  hbar: 'Bar chart',
  percent: 'Line chart',
};

/** How much of the grid's width each chart takes. */
const SIZES = {
  activity: 'wide',
  versions: 'wide',
  adoption: 'half',
  flagged: 'half',
  outcomes: 'half',
  errors: 'half',
  platforms: 'third',
  containers: 'third',
  ci: 'third',
  downloads: 'wide',
};

/** An element with attributes (`text` sets its text) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

function cellText(v) {
  return typeof v === 'number' ? integer(v) : String(v);
}

function table(chart) {
  const t = el('table', { class: 'data' });
  t.append(el('caption', { text: `${chart.title}: the numbers` }));
  const head = el('tr');
  chart.columns.forEach((c) => head.append(el('th', { scope: 'col', text: c })));
  t.append(el('thead', {}, head));
  const body = el('tbody');
  for (const r of chart.rows) {
    const tr = el('tr');
    r.forEach((v, i) =>
      tr.append(el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: cellText(v) } : { 'data-value': String(v), text: cellText(v) })),
    );
    body.append(tr);
  }
  t.append(body);
  const foot = el('tr');
  foot.append(el('th', { scope: 'row', text: `total ${chart.total.label}` }));
  foot.append(el('td', { 'data-value': String(chart.total.value), colspan: String(chart.columns.length - 1), text: integer(chart.total.value) }));
  t.append(el('tfoot', {}, foot));
  // A table box ignores overflow: the wrapper is what hides it visually.
  return el('div', { class: 'table-wrap sr-only', id: `${chart.id}-table` }, t);
}

/**
 * Builds the card of `chart` (see model.js) for the range in `context` ({project, first, last})
 * and draws it; returns { element, redraw, destroy }.
 */
export function card(chart, context) {
  const titleId = `${chart.id}-title`;
  const summaryId = `${chart.id}-summary`;
  const article = el('article', {
    class: `card card-${chart.kind} card-${SIZES[chart.id] || 'half'}`,
    'data-chart': chart.id,
    'data-total': String(chart.total.value),
    'aria-labelledby': titleId,
  });
  const tableToggle = el('button', { type: 'button', class: 'quiet', 'aria-pressed': 'false', 'aria-controls': `${chart.id}-table`, text: 'Table' });
  const csv = el('button', { type: 'button', 'data-export': 'csv', 'aria-label': `Download the data of "${chart.title}" as CSV`, text: 'CSV' });
  const json = el('button', { type: 'button', 'data-export': 'json', 'aria-label': `Download the data of "${chart.title}" as JSON`, text: 'JSON' });
  article.append(
    el('header', {}, el('h2', { id: titleId, text: chart.title }), el('div', { class: 'actions' }, tableToggle, csv, json)),
    el('p', { class: 'summary', id: summaryId, text: chart.summary }),
  );
  const canvas = el('canvas', {
    role: 'img',
    'aria-label': `${KIND_NAMES[chart.kind]}: ${chart.title}, ${context.first} to ${context.last}. ${chart.about} The numbers are in the table that follows.`,
    'aria-describedby': summaryId,
  });
  const plot = el('div', { class: 'plot' }, canvas);
  if (chart.empty) {
    plot.append(el('p', { class: 'empty', text: 'Nothing to show in this range.' }));
  }
  const data = table(chart);
  article.append(el('figure', {}, plot), data);

  tableToggle.addEventListener('click', () => {
    const shown = tableToggle.getAttribute('aria-pressed') === 'true';
    tableToggle.setAttribute('aria-pressed', String(!shown));
    data.classList.toggle('sr-only', shown);
  });
  csv.addEventListener('click', () => download(fileName(chart, context, 'csv'), 'text/csv', toCsv(chart.columns, chart.rows)));
  json.addEventListener('click', () => download(fileName(chart, context, 'json'), 'application/json', toJson(chart, context)));

  let instance = null;
  const redraw = () => {
    if (instance) instance.destroy();
    instance = draw(canvas, chart);
    article.dataset.state = chart.empty ? 'empty' : 'drawn';
  };
  return {
    element: article,
    redraw,
    destroy: () => instance && instance.destroy(),
  };
}
