// The dashboard's charts as data: what each one shows, in the rows its table and exports hold.
//
// A chart is { id, title, about, kind, columns, rows, series, total, summary, sources, empty }:
// `rows` (one array per table row, first cell its label) are exactly what the chart draws and what
// its CSV and JSON exports hold; `series` names the drawn columns; `total` is the chart's headline
// number ({label, value}); `sources` are the API paths the numbers come from.

import { compact, day, integer, percent } from './format.js';

const TOP_VERSIONS = 6;
const TOP_SHARES = 7;
const TOP_ERRORS = 8;
const OTHER = 'other';

const STATUS = [
  ['C', 'succeeded', 'ok'],
  ['F', 'failed', 'bad'],
  ['S', 'suspended', 'warn'],
];

/** key -> count of an answer's buckets. */
function counts(answer) {
  return new Map((answer.buckets || []).map((b) => [b.key, b.count]));
}

/** day -> count of one bucket's over=day series. */
function seriesOf(bucket) {
  return new Map((bucket.series || []).map((p) => [p.key, p.count]));
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

/** The versions' order: the project's own (lowest first), unknown ones by natural order. */
function versionOrder(registry) {
  const index = new Map((registry.versions || []).map((v, i) => [v.version, i]));
  const natural = new Intl.Collator('en', { numeric: true });
  return (a, b) => {
    if (a === OTHER || b === OTHER) return a === OTHER ? -1 : 1;
    const ia = index.has(a) ? index.get(a) : Infinity;
    const ib = index.has(b) ? index.get(b) : Infinity;
    return ia !== ib ? ia - ib : natural.compare(a, b);
  };
}

/** Active users and runs per day. */
export function activity(data, days) {
  const { usersByDay, runsByDay } = data.answers;
  const users = counts(usersByDay);
  const runs = counts(runsByDay);
  const rows = days.map((d) => [d, users.get(d) || 0, runs.get(d) || 0]);
  const busiest = rows.reduce((b, r) => (r[1] > b[1] ? r : b), [null, 0]);
  return {
    id: 'activity',
    title: 'Active users and runs per day',
    about: 'Distinct users seen each day, and tracked runs that finished that day.',
    kind: 'line',
    columns: ['day', 'users', 'runs'],
    series: [
      { name: 'users', role: 'c1' },
      { name: 'runs', role: 'c2' },
    ],
    rows,
    total: { label: 'distinct users', value: usersByDay.hits },
    summary:
      `${integer(usersByDay.hits)} distinct users and ${integer(runsByDay.hits)} runs` +
      (busiest[0] ? `; the busiest day was ${day(busiest[0], true)} with ${integer(busiest[1])} users.` : '.'),
    sources: [data.paths.usersByDay, data.paths.runsByDay],
    empty: usersByDay.hits === 0 && runsByDay.hits === 0,
  };
}

/**
 * The columns, series and day rows of a stacked chart: the `kept` buckets (each with its daily
 * series) in the order given, oldest first, and the `rest` summed as "other" in front. The newest
 * drawn gets the first colour, older ones the next.
 */
function stacked(kept, rest, days) {
  const shown = kept.map((b) => b.key);
  const perDay = new Map(kept.map((b) => [b.key, seriesOf(b)]));
  if (rest.length) {
    shown.unshift(OTHER);
    const other = new Map();
    for (const b of rest) for (const [d, n] of seriesOf(b)) other.set(d, (other.get(d) || 0) + n);
    perDay.set(OTHER, other);
  }
  return {
    columns: ['day', ...shown],
    series: shown.map((v, i) => ({
      name: v,
      role: v === OTHER ? 'other' : `c${((shown.length - 1 - i) % 8) + 1}`,
    })),
    rows: days.map((d) => [d, ...shown.map((v) => perDay.get(v).get(d) || 0)]),
  };
}

/** Users per version per day, the most used versions stacked and the rest as "other". */
export function versions(data, days) {
  const answer = data.answers.usersByVersion;
  const buckets = [...(answer.buckets || [])].sort((a, b) => b.count - a.count);
  const order = versionOrder(data.versions);
  const top = buckets.slice(0, TOP_VERSIONS).sort((a, b) => order(a.key, b.key));
  const stack = stacked(top, buckets.slice(TOP_VERSIONS), days);
  const latest = data.versions.latest;
  return {
    id: 'versions',
    title: 'Versions in use per day',
    about:
      `Distinct users of each version each day; the ${TOP_VERSIONS} most used versions of the ` +
      'range are drawn, the others summed as "other".',
    kind: 'stacked',
    ...stack,
    total: { label: 'versions seen', value: buckets.length },
    summary:
      buckets.length === 0
        ? 'No version was seen in this range.'
        : `${integer(buckets.length)} versions seen; the most used is ${buckets[0].key} ` +
          `with ${integer(buckets[0].count)} users` +
          (latest ? `; the latest release is ${latest}.` : '.'),
    sources: [data.paths.usersByVersion, data.paths.versions],
    empty: buckets.length === 0,
  };
}

/** A share of users by one dimension, the largest slices drawn and the rest as "other". */
function share(id, title, dimension, answer, path, label = (k) => k) {
  const buckets = [...(answer.buckets || [])].filter((b) => b.count > 0);
  buckets.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const shown = buckets.slice(0, TOP_SHARES).map((b) => [label(b.key), b.count]);
  const rest = sum(buckets.slice(TOP_SHARES).map((b) => b.count));
  if (rest > 0) shown.push([OTHER, rest]);
  const whole = sum(shown.map((r) => r[1]));
  const rows = shown.map(([k, n]) => [k, n, percent(n, whole)]);
  return {
    id,
    title,
    about: `Distinct users by ${dimension}; a user seen on two counts in both.`,
    kind: 'doughnut',
    columns: [dimension, 'users', 'share'],
    series: [{ name: 'users' }],
    rows,
    total: { label: 'distinct users', value: answer.hits },
    summary:
      rows.length === 0
        ? 'No users in this range.'
        : `${rows[0][0]} leads with ${rows[0][2]} of users` +
          (rows.length > 1 ? `, then ${rows[1][0]} with ${rows[1][2]}.` : '.'),
    sources: [path],
    empty: rows.length === 0,
  };
}

/** The share charts: id, title, dimension, the answer they show, and how a key reads. */
const SHARES = [
  ['platforms', 'Platforms', 'platform', 'usersByPlatform'],
  ['containers', 'Containers', 'container', 'usersByContainer'],
  ['ci', 'Continuous integration', 'ci', 'usersByCi', (k) => (k === 'true' ? 'CI' : k === 'false' ? 'not CI' : k)],
];

/** One share chart of SHARES. */
function shareOf(data, [id, title, dimension, question, label]) {
  return share(id, title, dimension, data.answers[question], data.paths[question], label);
}

/** Platform, container and CI shares. */
export function shares(data) {
  return SHARES.map((s) => shareOf(data, s));
}

/** Finished runs per day by outcome, with the failure rate. */
export function outcomes(data, days) {
  const answer = data.answers.runsByStatus;
  const byStatus = new Map((answer.buckets || []).map((b) => [b.key, b]));
  const present = STATUS.filter(([k]) => byStatus.has(k));
  const perDay = present.map(([k]) => seriesOf(byStatus.get(k)));
  const rows = days.map((d) => [d, ...perDay.map((m) => m.get(d) || 0)]);
  const failed = byStatus.has('F') ? byStatus.get('F').count : 0;
  const succeeded = byStatus.has('C') ? byStatus.get('C').count : 0;
  return {
    id: 'outcomes',
    title: 'Run outcomes per day',
    about: 'Tracked runs by how they ended: succeeded, failed or suspended (stopped by a signal).',
    kind: 'stacked',
    columns: ['day', ...present.map(([, name]) => name)],
    series: present.map(([, name, role]) => ({ name, role })),
    rows,
    total: { label: 'runs', value: answer.hits },
    summary:
      answer.hits === 0
        ? 'No tracked run finished in this range.'
        : `${integer(answer.hits)} runs: ${percent(succeeded, answer.hits)} succeeded, ` +
          `${percent(failed, answer.hits)} failed.`,
    failureRate: answer.hits ? failed / answer.hits : null,
    sources: [data.paths.runsByStatus],
    empty: answer.hits === 0,
  };
}

/** The most frequent error types of runs. */
export function errors(data) {
  const answer = data.answers.runsByErrorType;
  const buckets = (answer.buckets || []).filter((b) => b.key !== 'unknown' && b.count > 0);
  buckets.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const all = sum(buckets.map((b) => b.count));
  const rows = buckets.slice(0, TOP_ERRORS).map((b) => [b.key, b.count, percent(b.count, all)]);
  return {
    id: 'errors',
    title: 'Top error types',
    about: 'Runs by the error type they reported; runs without one are left out.',
    kind: 'hbar',
    columns: ['error type', 'runs', 'share'],
    series: [{ name: 'runs', role: 'bad' }],
    rows,
    total: { label: 'runs with an error type', value: all },
    summary:
      rows.length === 0
        ? 'No run reported an error type in this range.'
        : `${integer(all)} runs reported an error; ${rows[0][0]} is the most common ` +
          `(${rows[0][2]}).`,
    sources: [data.paths.runsByErrorType],
    empty: rows.length === 0,
  };
}

/** Users still on flagged versions, with why each is flagged and what to upgrade to. */
export function flagged(data) {
  const users = counts(data.answers.usersByVersion);
  const all = data.answers.usersByDay.hits;
  const rows = (data.versions.versions || [])
    .filter((v) => v.flagged && (users.get(v.version) || 0) > 0)
    .map((v) => [v.version, users.get(v.version), v.reason || '', v.replacement || ''])
    .sort((a, b) => b[1] - a[1]);
  const total = sum(rows.map((r) => r[1]));
  const flags = (data.versions.versions || []).filter((v) => v.flagged).length;
  return {
    id: 'flagged',
    title: 'Users on flagged versions',
    about: 'Distinct users of each flagged version in the range, with the flag\'s reason and replacement.',
    kind: 'hbar',
    columns: ['version', 'users', 'reason', 'replacement'],
    labels: rows.map((r) => (r[3] ? `${r[0]} → ${r[3]}` : r[0])),
    series: [{ name: 'users', role: 'warn' }],
    rows,
    total: { label: 'users on flagged versions', value: total },
    summary:
      flags === 0
        ? 'No version of this project is flagged.'
        : rows.length === 0
          ? `None of the ${flags} flagged versions was used in this range.`
          : `${integer(total)} users (${percent(total, all)}) are still on ${rows.length} ` +
            `flagged version${rows.length === 1 ? '' : 's'}; most on ${rows[0][0]}` +
            (rows[0][2] ? `: ${rows[0][2]}` : '.'),
    sources: [data.paths.usersByVersion, data.paths.versions],
    empty: rows.length === 0,
  };
}

/** The share of each day's active users who ran the latest release. */
export function adoption(data, days) {
  const latest = data.versions.latest;
  const bucket = (data.answers.usersByVersion.buckets || []).find((b) => b.key === latest);
  const onLatest = bucket ? seriesOf(bucket) : new Map();
  const active = counts(data.answers.usersByDay);
  const rows = days.map((d) => {
    const n = onLatest.get(d) || 0;
    const of = active.get(d) || 0;
    return [d, n, of, of ? Math.round((1000 * n) / of) / 10 : 0];
  });
  const users = bucket ? bucket.count : 0;
  const all = data.answers.usersByDay.hits;
  return {
    id: 'adoption',
    title: latest ? `Adoption of the latest release, ${latest}` : 'Adoption of the latest release',
    about: 'Each day, the percentage of that day\'s active users who ran the latest release.',
    kind: 'percent',
    columns: ['day', 'users on latest', 'active users', 'percent'],
    series: [{ name: 'percent', role: 'ok' }],
    rows,
    total: { label: 'users on the latest release', value: users },
    summary: !latest
      ? 'No release is known: add versions (upkeep version add) or a version source.'
      : `${integer(users)} of ${integer(all)} users (${percent(users, all)}) ran ${latest} in this range.`,
    share: all ? users / all : null,
    sources: [data.paths.usersByVersion, data.paths.usersByDay, data.paths.versions],
    empty: !latest || all === 0,
  };
}

/**
 * Completed pulls of each hosted release per day, the most pulled releases stacked (in the API's
 * order, oldest first) and the rest as "other".
 */
export function downloads(data, days) {
  const answer = data.answers.downloadsByVersion;
  const buckets = answer.buckets || [];
  const byCount = [...buckets].sort((a, b) => b.count - a.count);
  const top = new Set(byCount.slice(0, TOP_VERSIONS).map((b) => b.key));
  const stack = stacked(
    buckets.filter((b) => top.has(b.key)),
    buckets.filter((b) => !top.has(b.key)),
    days,
  );
  return {
    id: 'downloads',
    title: 'Downloads per release',
    about:
      `Completed pulls of each hosted release each day; the ${TOP_VERSIONS} most pulled releases ` +
      'of the range are drawn, the others summed as "other".',
    kind: 'stacked',
    ...stack,
    total: { label: 'downloads', value: answer.hits },
    summary:
      answer.hits === 0
        ? 'No release was pulled in this range.'
        : `${integer(answer.hits)} download${answer.hits === 1 ? '' : 's'} of ` +
          `${integer(buckets.length)} ` +
          `release${buckets.length === 1 ? '' : 's'}; the most pulled is ${byCount[0].key} ` +
          `with ${integer(byCount[0].count)}.`,
    sources: [data.paths.downloadsByVersion, data.paths.releases],
    empty: answer.hits === 0,
  };
}

/** The charts of the Releases view: none when the project hosts no release. */
export function releaseCharts(data, days) {
  return (data.releases.releases || []).length ? [downloads(data, days)] : [];
}

/**
 * Every usage chart in page order, with what it needs of the data: answer names, and 'versions'
 * for the project's versions. A chart can be drawn as soon as all of it has arrived (ready).
 */
export const CHARTS = [
  { id: 'activity', needs: ['usersByDay', 'runsByDay'], make: activity },
  { id: 'versions', needs: ['usersByVersion', 'versions'], make: versions },
  { id: 'adoption', needs: ['usersByVersion', 'usersByDay', 'versions'], make: adoption },
  { id: 'flagged', needs: ['usersByVersion', 'usersByDay', 'versions'], make: flagged },
  { id: 'outcomes', needs: ['runsByStatus'], make: outcomes },
  { id: 'errors', needs: ['runsByErrorType'], make: errors },
  ...SHARES.map((s) => ({ id: s[0], needs: [s[3]], make: (data) => shareOf(data, s) })),
];

/** Whether everything a chart of CHARTS needs has arrived. */
export function ready(chart, data) {
  return chart.needs.every((n) => (n === 'versions' ? data.versions != null : data.answers[n] != null));
}

/** Every chart, in page order. */
export function charts(data, days) {
  return CHARTS.map((c) => c.make(data, days));
}

/** The headline tiles: [{label, value, detail}]. */
export function kpis(list, data) {
  const byId = Object.fromEntries(list.map((c) => [c.id, c]));
  const { outcomes: o, adoption: a, flagged: f } = byId;
  return [
    { id: 'users', label: 'Active users', value: compact(data.answers.usersByDay.hits), exact: data.answers.usersByDay.hits },
    { id: 'runs', label: 'Runs', value: compact(data.answers.runsByDay.hits), exact: data.answers.runsByDay.hits },
    {
      id: 'failure-rate',
      label: 'Failure rate',
      value: o.failureRate == null ? '–' : percent(o.failureRate, 1),
      exact: o.failureRate,
    },
    {
      id: 'latest',
      label: data.versions.latest ? `On ${data.versions.latest}` : 'On the latest',
      value: a.share == null ? '–' : percent(a.share, 1),
      exact: a.share,
    },
    { id: 'flagged', label: 'On flagged versions', value: compact(f.total.value), exact: f.total.value },
  ];
}
