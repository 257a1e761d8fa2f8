// The collector's v1 API as the dashboard reads it: same origin, Authorization: Bearer <token>.

/** An answer other than 2xx, with the collector's {"detail"} message. */
export class ApiError extends Error {
  constructor(status, detail, path) {
    super(detail);
    this.status = status;
    this.path = path;
  }
}

/** GETs a JSON document; throws ApiError for an HTTP error, TypeError when unreachable. */
export async function getJson(path, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, cache: 'no-store' });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    const detail = body && typeof body.detail === 'string' ? body.detail : text || res.statusText;
    throw new ApiError(res.status, detail, path);
  }
  return body;
}

/** The path of one of a project's resources, e.g. projectPath('o/n', '/usage'). */
export function projectPath(project, rest) {
  const [owner, name] = project.split('/');
  return `/v1/projects/${encodeURIComponent(owner)}/${encodeURIComponent(name)}${rest}`;
}

/** What to tell the user about a failed request. */
export function explain(error, project) {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 401:
        return 'This token is unknown or was revoked. Sign in again with a valid token '
          + '(the master token, or one from "upkeep token issue owner/name").';
      case 403:
        return project
          ? `This token cannot read ${project}: ${error.message} Sign in with the master token `
            + 'or with that project\'s token.'
          : `This token is not allowed here: ${error.message}`;
      case 404:
        return project ? `There is no project ${project} on this collector.` : error.message;
      case 429:
        return `The collector is rate-limiting this address: ${error.message}`;
      default:
        return `The collector answered HTTP ${error.status} to ${error.path}: ${error.message}`;
    }
  }
  return `The collector cannot be reached (${error.message}). Is it still running?`;
}
