// Signing in: the collector tells what a token may do. GET /v1/projects answers a master token
// (with every project), refuses a project token with 403 and an unknown one with 401.

import { ApiError, getJson } from './api.js';
import * as session from './session.js';

/**
 * Checks `token` with the collector and remembers it. Resolves to {kind: 'master', projects: [...]}
 * or {kind: 'project', projects: null}; rejects with the ApiError of any other answer.
 */
export async function signIn(token) {
  try {
    const list = await getJson('/v1/projects', token);
    session.remember(token, 'master');
    return { kind: 'master', projects: list.projects.map((p) => p.name) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      session.remember(token, 'project');
      return { kind: 'project', projects: null };
    }
    throw e;
  }
}
