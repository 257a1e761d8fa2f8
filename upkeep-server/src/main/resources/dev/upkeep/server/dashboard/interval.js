// A failure rate with its 95% interval: as text, "10.0% (7.4–13.3%)", and as a small horizontal
// range (a bar from the lower to the upper bound, a tick at the estimate) on a scale from 0 that
// every row of a card shares, so that versions compare at a glance.

import { el } from './card.js';
import { rate } from './format.js';

/** Ends a shared scale may have: the smallest one holding every upper bound is used. */
const ENDS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1];

/** The end of a scale holding every interval of `intervals` ({lower, upper}, 0 to 1). */
export function scaleEnd(intervals) {
  const top = Math.max(0, ...intervals.map((i) => i.upper));
  return ENDS.find((end) => end >= top) || 1;
}

/** 0.1, {lower: 0.0743, upper: 0.1333} -> "10.0% (7.4–13.3%)". */
export function intervalText(estimate, interval) {
  return `${rate(estimate)} (${(100 * interval.lower).toFixed(1)}–${rate(interval.upper)})`;
}

/** Where `x` lies on a scale from 0 to `end`, as a CSS percentage of its width. */
function at(x, end) {
  return `${(100 * Math.min(1, Math.max(0, x / end))).toFixed(2)}%`;
}

/**
 * The range of `interval` with a tick at `estimate`, on a scale from 0 to `end`. Hidden from
 * assistive technology: the text beside it says the same. Positions are set through the CSSOM
 * (style.left, style.width), and repeated in data-* for whoever reads the page.
 */
export function rangeBar(estimate, interval, end) {
  const fill = el('span', { class: 'interval-fill' });
  fill.style.left = at(interval.lower, end);
  fill.style.width = `${(100 * (Math.min(interval.upper, end) - Math.min(interval.lower, end)) / end).toFixed(2)}%`;
  const tick = el('span', { class: 'interval-tick' });
  tick.style.left = at(estimate, end);
  return el(
    'span',
    {
      class: 'interval',
      'aria-hidden': 'true',
      'data-lower': String(interval.lower),
      'data-upper': String(interval.upper),
      'data-estimate': String(estimate),
      'data-end': String(end),
    },
    fill,
    tick,
  );
}

/** The axis over a column of ranges: "0" at its left end, the scale's end at its right. */
export function scaleAxis(end) {
  return el(
    'span',
    { class: 'interval-axis', 'aria-hidden': 'true', 'data-end': String(end) },
    el('span', { text: '0' }),
    el('span', { text: `${+(100 * end).toFixed(1)}%` }),
  );
}
