// Colours for the charts, read from the style sheet's custom properties so light and dark agree.

const DARK = window.matchMedia('(prefers-color-scheme: dark)');

/** The current palette: text, grid and series colours by role (c1..c8, ok, bad, warn, other). */
export function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(`--${name}`).trim();
  const roles = {};
  for (let i = 1; i <= 8; i += 1) roles[`c${i}`] = v(`c${i}`);
  for (const r of ['ok', 'bad', 'warn', 'other']) roles[r] = v(r);
  return { text: v('fg'), muted: v('muted'), grid: v('grid'), surface: v('surface'), roles };
}

/** Calls `redraw` whenever the colour scheme changes. */
export function onSchemeChange(redraw) {
  DARK.addEventListener('change', redraw);
}

/** A colour with an alpha, from "#rrggbb". */
export function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
