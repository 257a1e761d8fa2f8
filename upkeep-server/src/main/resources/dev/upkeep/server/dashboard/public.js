// A project's public page (/p/{owner}/{name}): the dashboard's aggregate charts, read-only, drawn
// from /p/{owner}/{name}/data, where every count of fewer than `min_users` users is already left
// out by the collector. No token, no per-user data, no error types, no exports of API paths that
// need a token.

import { card } from './card.js';
import { compact, integer } from './format.js';
import { CHARTS } from './model.js';
import { daysOf } from './range.js';
import { onSchemeChange } from './theme.js';

/** The charts of the dashboard this page shows, in its order. */
const SHOWN = ['activity', 'versions', 'adoption', 'flagged', 'platforms', 'containers', 'ci'];

const $ = (id) => document.getElementById(id);

function say(text) {
  $('message').textContent = text;
  $('message').hidden = !text;
}

async function json(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}

async function main() {
  const base = location.pathname.replace(/\/+$/, '');
  const project = decodeURIComponent(base.slice('/p/'.length));
  const days = new URLSearchParams(location.search).get('days') || '30';
  $('project-title').textContent = project;
  document.title = `${project} · usage`;
  for (const a of document.querySelectorAll('#range [data-days]')) {
    if (a.dataset.days === days) a.setAttribute('aria-current', 'page');
  }
  const dataPath = `${base}/data?days=${encodeURIComponent(days)}`;
  let data;
  let versions;
  try {
    [data, versions] = await Promise.all([json(dataPath), json(`/v1/projects/${project}/versions`)]);
  } catch (e) {
    $('dashboard').dataset.state = 'error';
    $('charts').setAttribute('aria-busy', 'false');
    say('These numbers cannot be shown right now.');
    return;
  }
  const first = data.from.slice(0, 10);
  const last = data.to.slice(0, 10);
  $('range-text').textContent = `Last ${data.days} days: ${first} to ${last} (UTC)`;
  $('about').textContent =
    `Counts of fewer than ${data.min_users} users are left out, so the parts need not add up to the totals.`;
  const paths = Object.fromEntries(Object.keys(data.answers).map((n) => [n, dataPath]));
  const model = { answers: data.answers, versions, releases: null, paths };
  const context = { project, first, last };
  const range = daysOf({ first, last });
  const cards = CHARTS.filter((c) => SHOWN.includes(c.id)).map((c) => card(c.make(model, range), context));
  $('charts').replaceChildren(...cards.map((c) => c.element));
  for (const c of cards) c.redraw();
  onSchemeChange(() => cards.forEach((c) => c.redraw()));
  const users = data.answers.usersByDay.hits;
  const runs = data.answers.runsByDay.hits;
  $('kpis').replaceChildren(
    ...[
      ['users', 'Active users', users],
      ['runs', 'Runs', runs],
    ].map(([id, label, n]) => {
      const tile = document.createElement('div');
      tile.className = 'kpi';
      tile.dataset.kpi = id;
      const value = document.createElement('span');
      value.className = 'kpi-value';
      value.textContent = compact(n);
      value.title = integer(n);
      const text = document.createElement('span');
      text.className = 'kpi-label';
      text.textContent = label;
      tile.append(value, text);
      return tile;
    }),
  );
  $('charts').setAttribute('aria-busy', 'false');
  $('dashboard').dataset.state = 'ready';
}

main();
