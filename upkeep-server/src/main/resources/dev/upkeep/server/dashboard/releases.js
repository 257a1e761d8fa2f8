// The Releases view: a project's hosted releases as a table, newest version first, from
// GET /v1/projects/{owner}/{name}/releases — when each was published, its size, files, signature,
// yank and its downloads since it was published.

import { el } from './card.js';
import { bytes, integer } from './format.js';

const COLUMNS = ['release', 'published (UTC)', 'size', 'files', 'signed', 'yanked', 'downloads'];

/**
 * The table's rows, one per release: [release, published_at, bytes, files, signed, yank reason or
 * '', downloads]. A release is named by its version, prefixed by its title when the project hosts
 * several titles (as the usage API's kind=download names it).
 */
export function rows(answer) {
  const list = answer.releases || [];
  const titled = new Set(list.map((r) => `${r.workspace}/${r.title}`)).size > 1;
  return list.map((r) => [
    titled ? `${r.title} ${r.version}` : r.version,
    r.published_at,
    r.bytes,
    r.files,
    r.signed,
    r.yanked ? r.yanked.reason : '',
    r.downloads,
  ]);
}

function summary(answer, table) {
  const n = table.length;
  const yanked = table.filter((r) => r[5] !== '').length;
  const downloads = table.reduce((a, r) => a + r[6], 0);
  const who =
    answer.visibility === 'private'
      ? 'Private: only this project\'s tokens and the master token may pull them.'
      : 'Public: anyone may pull them.';
  return (
    `${integer(n)} hosted release${n === 1 ? '' : 's'}` +
    (yanked ? `, ${integer(yanked)} yanked` : '') +
    `; ${integer(downloads)} download${downloads === 1 ? '' : 's'} in all. ${who}`
  );
}

function cells(r) {
  const [name, published, size, files, signed, reason, downloads] = r;
  return [
    el('th', { scope: 'row', text: name }),
    el('td', { 'data-value': published }, el('time', { datetime: published, title: published, text: published.slice(0, 10) })),
    el('td', { 'data-value': String(size), title: `${integer(size)} bytes`, text: bytes(size) }),
    el('td', { 'data-value': String(files), text: integer(files) }),
    el('td', { 'data-value': String(signed), text: signed ? 'yes' : 'no' }),
    el('td', reason ? { 'data-value': reason, class: 'yank', text: `yanked: ${reason}` } : { 'data-value': '' }),
    el('td', { 'data-value': String(downloads), text: integer(downloads) }),
  ];
}

/**
 * The Releases view's content for a releases answer: a card holding a summary and the table, or a
 * quiet line when the project hosts no release.
 */
export function releasesView(answer) {
  const table = rows(answer);
  if (table.length === 0) {
    return el('p', { class: 'muted no-releases', 'data-releases': 'none', text: 'No hosted releases. Publish one with "upkeep release push".' });
  }
  const t = el('table', { class: 'data releases-table' });
  t.append(el('caption', { class: 'sr-only', text: 'Hosted releases, newest first, with the downloads of each since it was published' }));
  const head = el('tr');
  COLUMNS.forEach((c) => head.append(el('th', { scope: 'col', text: c })));
  t.append(el('thead', {}, head));
  const body = el('tbody');
  for (const r of table) {
    body.append(el('tr', { 'data-release': r[0], 'data-yanked': String(r[5] !== '') }, ...cells(r)));
  }
  t.append(body);
  return el(
    'article',
    { class: 'card card-wide', 'data-releases': String(table.length), 'aria-labelledby': 'release-list-title' },
    el('header', {}, el('h2', { id: 'release-list-title', text: 'Hosted releases' })),
    el('p', { class: 'summary', text: summary(answer, table) }),
    el('div', { class: 'table-wrap' }, t),
  );
}
