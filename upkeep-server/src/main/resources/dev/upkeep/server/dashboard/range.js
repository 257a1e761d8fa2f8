// Date ranges in whole UTC days: a preset (the last N days, today included) or a custom pair.

export const PRESETS = [7, 30, 90, 365];
export const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a Date, in UTC. */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** A range's first and last day (YYYY-MM-DD, inclusive), today being `now`'s UTC day. */
export function resolve(range, now = new Date()) {
  if (range.days) {
    const last = isoDay(now);
    const first = isoDay(new Date(Date.parse(last) - (range.days - 1) * DAY_MS));
    return { first, last, days: range.days };
  }
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS) + 1;
  return { first: range.from, last: range.to, days };
}

/** Every day of a resolved range, in order. */
export function daysOf(resolved) {
  const out = [];
  for (let t = Date.parse(resolved.first); t <= Date.parse(resolved.last); t += DAY_MS) {
    out.push(isoDay(new Date(t)));
  }
  return out;
}

/** The usage API's from and to of a resolved range: its first 00:00 to its last 23:59:59.999 UTC. */
export function queryBounds(resolved) {
  return { from: resolved.first, to: `${resolved.last}T23:59:59.999Z` };
}

/** Checks a custom range; returns a message, or null when it is fine. */
export function invalid(from, to) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from || '') || !/^\d{4}-\d{2}-\d{2}$/.test(to || '')) {
    return 'Choose both a first and a last day.';
  }
  if (to < from) return 'The last day is before the first.';
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > 3 * 366) return 'Choose at most three years.';
  return null;
}

/** The range in a URL hash's parameters. */
export function toParams(range, params) {
  if (range.days) {
    params.set('days', String(range.days));
  } else {
    params.set('from', range.from);
    params.set('to', range.to);
  }
}

/** The range of a URL hash's parameters, the default when it names none or a bad one. */
export function fromParams(params) {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && !invalid(from, to)) return { from, to };
  const days = Number(params.get('days'));
  return Number.isInteger(days) && days > 0 && days <= 3 * 366 ? { days } : { days: DEFAULT_DAYS };
}
