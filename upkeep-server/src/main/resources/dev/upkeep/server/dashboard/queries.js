// Everything one project's dashboard reads, asked of the v1 API at once for one date range: the
// usage questions in one view request whose answers arrive one by one.

import { ApiError, getJson, projectPath } from './api.js';
import { queryBounds } from './range.js';

/** The usage questions, by name: each chart names the ones it shows. */
export const QUESTIONS = {
  usersByDay: 'metric=users&by=day',
  runsByDay: 'metric=runs&by=day',
  usersByVersion: 'metric=users&by=version&over=day',
  usersByPlatform: 'metric=users&by=platform',
  usersByContainer: 'metric=users&by=container',
  usersByCi: 'metric=users&by=ci',
  runsByStatus: 'metric=runs&by=status&over=day',
  runsByErrorType: 'metric=runs&by=error_type',
  downloadsByVersion: 'kind=download&by=version&over=day',
};

/** The path asking one question of a project over a resolved range. */
export function usagePath(project, resolved, question) {
  const { from, to } = queryBounds(resolved);
  return projectPath(
    project,
    `/usage?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&${question}`,
  );
}

/** The view path asking every question of QUESTIONS in one request (NDJSON, one line each). */
export function viewPath(project, resolved) {
  const { from, to } = queryBounds(resolved);
  const qs = Object.entries(QUESTIONS)
    .map(([name, q]) => `&q=${encodeURIComponent(`${name}:${q.replaceAll('&', ',')}`)}`)
    .join('');
  return projectPath(
    project,
    `/usage/view?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${qs}`,
  );
}

/**
 * Reads the view's NDJSON answer line by line, calling onAnswer(name, answer) for each as soon as
 * it arrives. Throws ApiError for an HTTP error or an error line, TypeError when unreachable.
 */
async function readView(path, token, onAnswer) {
  const headers = { Accept: 'application/x-ndjson' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, cache: 'no-store' });
  if (!res.ok) {
    // the usual JSON problem document
    const text = await res.text();
    let detail = text || res.statusText;
    try {
      const body = JSON.parse(text);
      if (body && typeof body.detail === 'string') detail = body.detail;
    } catch (e) {
      // not JSON: keep the text
    }
    throw new ApiError(res.status, detail, path);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  const take = (line) => {
    if (!line.trim()) return;
    const answer = JSON.parse(line);
    if (answer.error) throw new ApiError(answer.error.status, answer.error.message, path);
    const { name, ...rest } = answer;
    onAnswer(name, rest);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      take(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  take(pending + decoder.decode());
}

/**
 * Asks every question in one view request, and the project's versions and hosted releases beside
 * it. onPart(data) is called each time a part arrives (data.answers fills up; data.versions and
 * data.releases are null until theirs arrive), so that charts can be drawn as soon as what they
 * need is there. Resolves to the complete data: { answers: {name: usage answer}, versions,
 * releases, paths: {name: path} }, where each answer's path is the /usage request that answers it
 * alone.
 */
export async function load(project, resolved, token, onPart = () => {}) {
  const names = Object.keys(QUESTIONS);
  const paths = Object.fromEntries(
    names.map((n) => [n, usagePath(project, resolved, QUESTIONS[n])]),
  );
  paths.versions = projectPath(project, '/versions');
  paths.releases = projectPath(project, '/releases');
  paths.view = viewPath(project, resolved);
  const data = { answers: {}, versions: null, releases: null, paths };
  const part = (key) => (value) => {
    data[key] = value;
    onPart(data);
  };
  await Promise.all([
    getJson(paths.versions, token).then(part('versions')),
    getJson(paths.releases, token).then(part('releases')),
    readView(paths.view, token, (name, answer) => {
      data.answers[name] = answer;
      onPart(data);
    }),
  ]);
  return data;
}
