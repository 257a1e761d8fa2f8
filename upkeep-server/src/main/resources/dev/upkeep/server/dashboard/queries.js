// Everything one project's dashboard reads, asked of the v1 API at once for one date range.

import { getJson, projectPath } from './api.js';
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

/**
 * Asks every question (and the project's versions and hosted releases) in parallel. Resolves to
 * { answers: {name: usage answer}, versions: versions answer, releases: releases answer,
 * paths: {name: path} }.
 */
export async function load(project, resolved, token) {
  const names = Object.keys(QUESTIONS);
  const paths = Object.fromEntries(
    names.map((n) => [n, usagePath(project, resolved, QUESTIONS[n])]),
  );
  paths.versions = projectPath(project, '/versions');
  paths.releases = projectPath(project, '/releases');
  const [versions, releases, ...usage] = await Promise.all([
    getJson(paths.versions, token),
    getJson(paths.releases, token),
    ...names.map((n) => getJson(paths[n], token)),
  ]);
  const answers = Object.fromEntries(names.map((n, i) => [n, usage[i]]));
  return { answers, versions, releases, paths };
}
