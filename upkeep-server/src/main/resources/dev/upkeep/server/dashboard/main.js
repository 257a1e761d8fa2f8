// The dashboard page: sign in, pick a project and a date range, draw every chart, the Release
// health card and the project's Releases view.
// State lives in the URL hash (#project=owner/name&days=30, or &from=..&to=..) and the token in
// sessionStorage, so a reload shows the same view.

import { ApiError, explain } from './api.js';
import { card } from './card.js';
import { integer } from './format.js';
import { showHealth } from './health.js';
import { CHARTS, charts, kpis, ready, releaseCharts } from './model.js';
import { load } from './queries.js';
import { PRESETS, daysOf, fromParams, invalid, queryBounds, resolve, toParams } from './range.js';
import { releasesView } from './releases.js';
import * as session from './session.js';
import { signIn } from './signin.js';
import { onSchemeChange } from './theme.js';

const $ = (id) => document.getElementById(id);
const view = { project: null, range: { days: 30 }, cards: [], seq: 0 };

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  view.project = params.get('project');
  view.range = fromParams(params);
}

function writeHash() {
  const params = new URLSearchParams();
  if (view.project) params.set('project', view.project);
  toParams(view.range, params);
  history.replaceState(null, '', `#${params.toString().replaceAll('%2F', '/')}`);
}

function say(text) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
}

function showSignIn(why) {
  session.forget();
  for (const c of view.cards) c.destroy();
  view.cards = [];
  $('dashboard').hidden = true;
  $('project-nav').hidden = true;
  $('sign-out').hidden = true;
  $('signin').hidden = false;
  say(why);
  $('token').value = '';
  $('token').focus();
}

function showProjects(who) {
  $('signin').hidden = true;
  $('sign-out').hidden = false;
  $('project-nav').hidden = false;
  const select = $('project-select');
  const form = $('project-form');
  const master = who.kind === 'master';
  select.hidden = !master;
  document.querySelector('label[for=project-select]').hidden = !master;
  form.hidden = master;
  if (master) {
    select.replaceChildren(...who.projects.map((p) => new Option(p, p)));
    if (who.projects.length === 0) {
      say('No project is registered yet: register one with "upkeep project register owner/name".');
      return;
    }
    open(who.projects.includes(view.project) ? view.project : who.projects[0]);
  } else if (view.project) {
    $('project-name').value = view.project;
    open(view.project);
  } else {
    say('');
    $('project-name').focus();
  }
}

function open(project) {
  view.project = project;
  $('project-select').value = project;
  writeHash();
  render();
}

function showRange(resolved) {
  for (const b of document.querySelectorAll('#range [data-days]')) {
    b.setAttribute('aria-pressed', String(Number(b.dataset.days) === view.range.days));
  }
  $('range-from').value = resolved.first;
  $('range-to').value = resolved.last;
  const preset = view.range.days && PRESETS.includes(view.range.days);
  $('range-text').textContent =
    `${preset ? `Last ${view.range.days} days: ` : ''}${resolved.first} to ${resolved.last} (UTC)`;
}

function showKpis(tiles) {
  $('kpis').replaceChildren(
    ...tiles.map((t) => {
      const tile = document.createElement('div');
      tile.className = 'kpi';
      tile.dataset.kpi = t.id;
      const value = document.createElement('span');
      value.className = 'kpi-value';
      value.textContent = t.value;
      if (typeof t.exact === 'number' && Number.isInteger(t.exact)) value.title = integer(t.exact);
      const label = document.createElement('span');
      label.className = 'kpi-label';
      label.textContent = t.label;
      tile.append(value, label);
      return tile;
    }),
  );
}

async function render() {
  const s = session.current();
  if (!s || !view.project) return;
  const seq = ++view.seq;
  const resolved = resolve(view.range);
  const bounds = queryBounds(resolved);
  const dash = $('dashboard');
  Object.assign(dash.dataset, { project: view.project, first: resolved.first, last: resolved.last, from: bounds.from, to: bounds.to, state: 'loading' });
  dash.hidden = false;
  $('project-title').textContent = view.project;
  document.title = `${view.project} · Upkeep`;
  showRange(resolved);
  $('charts').setAttribute('aria-busy', 'true');
  const days = daysOf(resolved);
  const context = { project: view.project, first: resolved.first, last: resolved.last };
  // one slot per chart in page order, each filled as soon as what its chart needs has arrived
  for (const c of view.cards) c.destroy();
  view.cards = [];
  const slots = CHARTS.map((c) => {
    const slot = document.createElement('div');
    slot.className = 'card-slot';
    slot.dataset.slot = c.id;
    return slot;
  });
  $('charts').replaceChildren(...slots);
  $('kpis').replaceChildren();
  // read on its own, so that the charts never wait for it nor fail with it
  showHealth($('health'), {
    project: view.project,
    resolved,
    token: s.token,
    current: () => seq === view.seq && dash.dataset.state !== 'error',
  });
  const drawn = new Set();
  const drawReady = (data) => {
    if (seq !== view.seq) return;
    CHARTS.forEach((c, i) => {
      if (drawn.has(c.id) || !ready(c, data)) return;
      drawn.add(c.id);
      const shown = card(c.make(data, days), context);
      view.cards.push(shown);
      slots[i].replaceWith(shown.element);
      shown.redraw();
    });
  };
  let data;
  try {
    data = await load(view.project, resolved, s.token, drawReady);
  } catch (e) {
    if (seq !== view.seq) return;
    if (e instanceof ApiError && e.status === 401) {
      showSignIn(explain(e, view.project));
      return;
    }
    // no charts of the previous project under this one's name
    for (const c of view.cards) c.destroy();
    view.cards = [];
    $('charts').replaceChildren();
    $('kpis').replaceChildren();
    $('health').replaceChildren();
    $('release-charts').replaceChildren();
    $('release-list').replaceChildren();
    $('releases').hidden = true;
    dash.dataset.state = 'error';
    $('charts').setAttribute('aria-busy', 'false');
    say(explain(e, view.project));
    return;
  }
  if (seq !== view.seq) return;
  say('');
  const kept = data.answers.usersByDay.retention_days;
  if (kept) {
    $('range-text').textContent += ` · events older than ${kept} days are deleted`;
  }
  drawReady(data);
  const list = charts(data, days);
  const releases = releaseCharts(data, days).map((c) => card(c, context));
  view.cards.push(...releases);
  $('release-charts').replaceChildren(...releases.map((c) => c.element));
  $('release-list').replaceChildren(releasesView(data.releases));
  $('releases').hidden = false;
  for (const c of releases) c.redraw();
  showKpis(kpis(list, data));
  $('charts').setAttribute('aria-busy', 'false');
  dash.dataset.state = 'ready';
}

function wire() {
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      showProjects(await signIn(token));
    } catch (e) {
      showSignIn(explain(e));
    } finally {
      if (button) button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', () => showSignIn(''));
  $('project-select').addEventListener('change', (e) => open(e.target.value));
  $('project-form').addEventListener('submit', (event) => {
    event.preventDefault();
    open($('project-name').value.trim());
  });
  for (const b of document.querySelectorAll('#range [data-days]')) {
    b.addEventListener('click', () => {
      view.range = { days: Number(b.dataset.days) };
      writeHash();
      render();
    });
  }
  $('range').addEventListener('submit', (event) => {
    event.preventDefault();
    const from = $('range-from').value;
    const to = $('range-to').value;
    const problem = invalid(from, to);
    if (problem) {
      say(problem);
      return;
    }
    view.range = { from, to };
    writeHash();
    render();
  });
  onSchemeChange(() => view.cards.forEach((c) => c.redraw()));
}

async function start() {
  readHash();
  wire();
  const s = session.current();
  if (!s) {
    showSignIn('');
    return;
  }
  try {
    showProjects(await signIn(s.token));
  } catch (e) {
    showSignIn(explain(e));
  }
}

start();
