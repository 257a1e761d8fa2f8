// The Release health card: per version of the project, newest first, its finished runs, its
// failure rate with the 95% interval (drawn on a scale all rows share), its verdict against the
// version before it, the error types new in it, its adoption, how fast it was taken up (its share
// of the users of its seventh day) and its flag; above the rows the active users, the users on
// flagged versions and the open alerts. Read once per project and range
// from GET /v1/projects/{owner}/{name}/health?days=N (docs/api.md, "Release health") and
// .../alerts (alerts.js), apart from the usage view, so that neither waits for or breaks the other.

import { alertBadge, alertList, openAlerts, readAlerts } from './alerts.js';
import { explain, getJson, projectPath } from './api.js';
import { el } from './card.js';
import { day, integer, percent, rate } from './format.js';
import { intervalText, rangeBar, scaleAxis, scaleEnd } from './interval.js';
import { isoDay } from './range.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
/** The endpoint's active window, over which users and adoption are counted (ReleaseHealth.ACTIVE_DAYS). */
const ACTIVE_DAYS = 7;
/** New error types named in a row; the rest are counted (all of them in the cell's title). */
const NEW_ERRORS_SHOWN = 3;
/** The verdict rule's minimum runs per version (RegressionRule.MIN_RUNS). */
const MIN_RUNS = 200;

const COLUMNS = ['version', 'runs', 'failure rate (95% interval)', 'verdict', 'new error types', 'adoption', 'first week'];

/**
 * The `days` of the health request for the page's range. The endpoint answers only the last N UTC
 * days ending now (N from 1 to 366), so its window starts on the range's first day and runs to
 * today: every preset (the last 7, 30, 90 or 365 days) maps to itself exactly; a custom range that
 * ends before today also gets the days after it (the card's summary names the window it shows);
 * one that starts more than 366 days ago is cut to the last 366 days, one that starts after today
 * is today alone.
 */
export function healthDays(resolved, now = new Date()) {
  const days = Math.round((Date.parse(isoDay(now)) - Date.parse(resolved.first)) / DAY_MS) + 1;
  return Math.min(MAX_DAYS, Math.max(1, days));
}

/**
 * The project's health over the last `days` days and its alerts, read at once: { health, alerts,
 * alertsError, path }. A failed health request throws (ApiError, or TypeError when unreachable); a
 * failed alerts request other than 404 is kept in alertsError and shows as a note, not as an error.
 */
export async function readHealth(project, days, token) {
  const path = projectPath(project, `/health?days=${days}`);
  const [health, alerts] = await Promise.all([
    getJson(path, token),
    readAlerts(project, token).then(
      (list) => ({ list, error: null }),
      (error) => ({ list: [], error }),
    ),
  ]);
  return { health, alerts: alerts.list, alertsError: alerts.error, path };
}

/** The card's frame: title, one-line summary, and what follows it. */
function frame(state, days, summaryText, ...children) {
  return el(
    'article',
    { class: 'card card-wide health-card', 'data-health': state, 'data-days': String(days), 'aria-labelledby': 'health-title' },
    el('header', {}, el('h2', { id: 'health-title', text: 'Release health' })),
    el('p', { class: 'summary', id: 'health-summary', text: summaryText }),
    ...children,
  );
}

function totals(health) {
  const item = (id, label, value, detail) =>
    el('span', { class: 'health-total', 'data-health-total': id }, `${label} `, el('strong', { text: value }), detail ? ` ${detail}` : '');
  return el(
    'p',
    { class: 'health-totals' },
    item('active', `Active users, last ${ACTIVE_DAYS} days:`, integer(health.active_users)),
    item('flagged', 'On flagged versions:', integer(health.flagged_users), `(${percent(health.flagged_users, health.active_users)})`),
  );
}

function summary(health, versions, days) {
  const regressed = versions.filter((v) => v.verdict === 'regressed');
  let lead = 'No version regressed against the one before it.';
  if (regressed.length > 0) {
    const r = regressed[0];
    lead =
      `${r.version} regressed against ${r.previous.version}: ${rate(r.failure_rate)} of its ` +
      `${integer(r.runs)} runs failed, against ${rate(r.previous.failure_rate)}.` +
      (regressed.length > 1 ? ` ${regressed.length - 1} older version${regressed.length > 2 ? 's' : ''} regressed too.` : '');
  }
  const first = health.from.slice(0, 10);
  const last = health.to.slice(0, 10);
  return `${lead} Runs of the last ${days} days (${day(first, true)} to ${day(last, true)}, UTC); users of the last ${ACTIVE_DAYS} days.`;
}

function versionCell(v) {
  const cell = el('th', { scope: 'row' }, el('span', { class: 'version', text: v.version }));
  if (v.flagged) {
    const reason = v.flag_reason || '';
    cell.append(
      ' ',
      el('span', { class: 'flag', title: reason || 'Flagged', 'data-flag-reason': reason, text: 'flagged' }, el('span', { class: 'sr-only', text: reason ? `: ${reason}` : '' })),
    );
  }
  return cell;
}

function rateCell(v, end) {
  if (v.runs === 0) return el('td', { class: 'rate muted', 'data-value': '', text: 'no finished runs' });
  const { lower, upper } = v.interval;
  return el(
    'td',
    {
      class: 'rate',
      'data-value': String(v.failure_rate),
      title: `${integer(v.failures)} of ${integer(v.runs)} runs failed; the failure rate lies between ${rate(lower)} and ${rate(upper)} with 95% confidence`,
    },
    rangeBar(v.failure_rate, v.interval, end),
    el('span', { class: 'rate-text', text: intervalText(v.failure_rate, v.interval) }),
  );
}

function verdictOf(v) {
  const p = v.previous;
  const before = p ? `${p.version}: ${intervalText(p.failure_rate, p.interval)} of ${integer(p.runs)} runs.` : '';
  switch (v.verdict) {
    case 'regressed':
      return [
        `regressed vs ${p.version}`,
        `Worse than ${before} Judged at z = 3, stricter than the 95% interval drawn: this version's lower bound lies above ${p.version}'s upper bound.`,
      ];
    case 'healthy':
      return ['healthy', `Not shown to be worse than ${before}`];
    case 'too_few_runs':
      return ['too few runs', `Not judged: fewer than ${MIN_RUNS} finished runs of this version or of ${before}`];
    default:
      return ['–', 'No lower version had finished runs in this window to compare with.'];
  }
}

function verdictCell(v, alerts) {
  const [text, title] = verdictOf(v);
  const cell = el('td', { class: 'verdict', 'data-value': v.verdict || '' }, el('span', { class: `verdict-${v.verdict || 'none'}`, title, text }));
  for (const a of alerts) cell.append(el('div', {}, alertBadge(a)));
  return cell;
}

function newErrorsCell(v) {
  const types = v.new_error_types || [];
  const named = (t) => `${t.type} (${integer(t.failures)})`;
  const cell = el('td', { class: 'new-errors', 'data-value': types.map((t) => t.type).join(' ') });
  if (types.length === 0) {
    cell.append(el('span', { class: 'muted', text: '–' }));
    return cell;
  }
  cell.title = `Failed with error types no lower version failed with in this window: ${types.map(named).join(', ')}`;
  types.slice(0, NEW_ERRORS_SHOWN).forEach((t, i) => cell.append(i ? ', ' : '', el('code', { 'data-error-type': t.type, text: t.type }), ` (${integer(t.failures)})`));
  if (types.length > NEW_ERRORS_SHOWN) cell.append(el('span', { class: 'muted', text: ` and ${types.length - NEW_ERRORS_SHOWN} more` }));
  return cell;
}

function adoptionCell(v, health) {
  return el('td', {
    'data-value': String(v.adoption),
    title: `${integer(v.users)} of ${integer(health.active_users)} active users of the last ${ACTIVE_DAYS} days`,
    text: percent(v.users, health.active_users),
  });
}

/**
 * How fast the version was taken up: its share of the users of its seventh day
 * (`adoption_first_week`), a dash when the window does not show that day.
 */
function firstWeekCell(v) {
  if (v.adoption_first_week == null) {
    const why = 'No figure: its seventh day is not in this window or had no users, or the window begins on its first day (it may be older)';
    return el('td', { 'data-value': '', title: why }, el('span', { class: 'muted', text: '–' }));
  }
  const seventh = isoDay(new Date(Date.parse(v.first_seen) + 6 * DAY_MS));
  return el('td', {
    'data-value': String(v.adoption_first_week),
    title: `Its share of the users of ${day(seventh, true)}, its seventh day (first seen ${day(v.first_seen, true)})`,
    text: percent(v.adoption_first_week, 1),
  });
}

function table(versions, health, open) {
  const end = scaleEnd(versions.filter((v) => v.runs > 0).map((v) => v.interval));
  const t = el('table', { class: 'data health-table', 'data-scale-end': String(end) });
  t.append(el('caption', { class: 'sr-only', text: 'Release health per version, newest first, each judged against the version below it' }));
  const head = el('tr');
  COLUMNS.forEach((c, i) => head.append(el('th', { scope: 'col', text: c }, i === 2 ? scaleAxis(end) : '')));
  t.append(el('thead', {}, head));
  const body = el('tbody');
  for (const v of versions) {
    const alerts = open.filter((a) => a.version === v.version);
    body.append(
      el(
        'tr',
        { 'data-version': v.version, 'data-verdict': v.verdict || 'none', 'data-flagged': String(v.flagged) },
        versionCell(v),
        el('td', { 'data-value': String(v.runs), text: integer(v.runs) }),
        rateCell(v, end),
        verdictCell(v, alerts),
        newErrorsCell(v),
        adoptionCell(v, health),
        firstWeekCell(v),
      ),
    );
  }
  t.append(body);
  return el('div', { class: 'table-wrap' }, t);
}

/**
 * The card of a read ({ health, alerts, alertsError }) over `days` days. Versions are listed
 * newest first, the reverse of the API's order: the newest release is the one a maintainer watches
 * after publishing it, and each row's verdict then compares it with the row just below it (as the
 * Hosted releases table lists its newest release first too).
 */
export function healthCard({ health, alerts, alertsError }, days) {
  const versions = [...health.versions].reverse();
  const open = openAlerts(alerts);
  const parts = [totals(health)];
  const list = alertList(open);
  if (list) parts.push(list);
  if (alertsError) parts.push(el('p', { class: 'muted health-note', text: `Alerts could not be read: ${alertsError.message}` }));
  const runs = versions.some((v) => v.runs > 0);
  parts.push(runs ? table(versions, health, open) : el('p', { class: 'health-empty muted', text: 'No finished runs in this range.' }));
  return frame(runs ? 'ready' : 'empty', days, summary(health, versions, days), ...parts);
}

/**
 * Shows the health card of `context.project` over the window of `context.resolved` in `container`:
 * a quiet line while it is read, then the card, or the card with what went wrong. Shows nothing
 * once context.current() says the page moved on (another project or range, or its error).
 */
export async function showHealth(container, context) {
  const days = healthDays(context.resolved);
  container.setAttribute('aria-busy', 'true');
  container.replaceChildren(frame('loading', days, 'Reading the release health…'));
  let read;
  try {
    read = await readHealth(context.project, days, context.token);
  } catch (e) {
    if (!context.current()) return;
    container.replaceChildren(
      frame('error', days, '', el('p', { class: 'health-error', role: 'alert', text: `The release health cannot be shown. ${explain(e, context.project)}` })),
    );
    container.setAttribute('aria-busy', 'false');
    return;
  }
  if (!context.current()) return;
  const shown = healthCard(read, days);
  shown.dataset.source = read.path;
  container.replaceChildren(shown);
  container.setAttribute('aria-busy', 'false');
}
