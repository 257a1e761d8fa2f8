// Numbers and shares as the dashboard writes them.

const INTEGER = new Intl.NumberFormat('en-US');

/** 1234 -> "1,234". */
export function integer(n) {
  return INTEGER.format(n);
}

/** 1234 -> "1.2k", 1500000 -> "1.5M". */
export function compact(n) {
  if (n < 1000) return String(n);
  const [d, unit] = n < 1e6 ? [1e3, 'k'] : n < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  const v = n / d;
  return `${v < 10 ? Math.floor(v * 10) / 10 : Math.floor(v)}${unit}`;
}

/** A size in bytes in decimal units: 999 -> "999 B", 1234 -> "1.2 kB", 5300000 -> "5.3 MB". */
export function bytes(n) {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  // 999,999 bytes is "1.0 MB", not "1000 kB"
  while (v >= 999.5 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** part / whole as "12.5%", or "–" when whole is 0. */
export function percent(part, whole) {
  if (!whole) return '–';
  const p = (100 * part) / whole;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** A rate of 0 to 1 with one decimal, for rates read side by side: 0.1 -> "10.0%", 0.0039 -> "0.4%". */
export function rate(x) {
  return `${(100 * x).toFixed(1)}%`;
}

/** "2024-02-01" -> "Feb 1" (with the year when `withYear`). */
export function day(iso, withYear = false) {
  const d = new Date(`${iso}T00:00:00Z`);
  const opts = { month: 'short', day: 'numeric', timeZone: 'UTC' };
  if (withYear) opts.year = 'numeric';
  return d.toLocaleDateString('en-US', opts);
}
