// The signed-in token, kept in this tab's sessionStorage only (gone when the tab closes).

const TOKEN = 'upkeep.token';
const KIND = 'upkeep.tokenKind';

/** The token and its kind ('master' or 'project'), or null when nobody is signed in. */
export function current() {
  const token = sessionStorage.getItem(TOKEN);
  return token ? { token, kind: sessionStorage.getItem(KIND) || 'project' } : null;
}

/** Remembers a token that the collector accepted. */
export function remember(token, kind) {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(KIND, kind);
}

/** Forgets the token. */
export function forget() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(KIND);
}
