// A project's alerts, from GET /v1/projects/{owner}/{name}/alerts:
// {"alerts": [{"id", "rule", "version", "state": "firing" | "acknowledged" | "resolved",
// "fired_at", "summary", "evidence"}]}. A collector without alert rules answers 404: that reads as
// no alerts, not as an error. Only firing and acknowledged alerts are shown; resolved ones are not.

import { ApiError, getJson, projectPath } from './api.js';
import { el } from './card.js';

const SHOWN = ['firing', 'acknowledged'];

/** How many open alerts the card lists above its rows; the rest are counted. */
const LISTED = 5;

/** The project's alerts ([] when the collector answers 404); throws ApiError otherwise. */
export async function readAlerts(project, token) {
  try {
    const answer = await getJson(projectPath(project, '/alerts'), token);
    return (answer && answer.alerts) || [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

/** The firing and acknowledged alerts of a list, firing first, then the most recent first. */
export function openAlerts(alerts) {
  return alerts
    .filter((a) => SHOWN.includes(a.state))
    .sort((a, b) => SHOWN.indexOf(a.state) - SHOWN.indexOf(b.state) || String(b.fired_at).localeCompare(String(a.fired_at)));
}

/** One alert as a badge naming its state, followed by its summary. */
export function alertBadge(alert) {
  const title = `${alert.rule || 'alert'}${alert.version ? ` on ${alert.version}` : ''}, fired ${alert.fired_at}`;
  return el(
    'span',
    { class: `alert alert-${alert.state}`, 'data-alert': alert.id, 'data-state': alert.state, title },
    el('span', { class: 'alert-badge', text: alert.state }),
    ` ${alert.summary || alert.rule || ''}`,
  );
}

/** The card's short list of open alerts (the first LISTED of them), or null when none is open. */
export function alertList(open) {
  if (open.length === 0) return null;
  const list = el('ul', { class: 'alert-list', 'aria-label': 'Open alerts' });
  for (const a of open.slice(0, LISTED)) {
    list.append(el('li', {}, alertBadge(a), a.version ? el('span', { class: 'muted', text: ` · ${a.version}` }) : ''));
  }
  if (open.length > LISTED) {
    list.append(el('li', { class: 'muted', text: `and ${open.length - LISTED} more` }));
  }
  return list;
}
