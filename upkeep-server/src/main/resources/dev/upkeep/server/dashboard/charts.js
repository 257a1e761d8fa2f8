// Chart.js configurations for the dashboard's four kinds of chart: line, stacked bars, doughnut,
// horizontal bars (and a percentage line). Chart.js is the page's global `Chart` (its UMD build).

import { alpha, palette } from './theme.js';
import { compact, day } from './format.js';

/** Draws `chart` (see model.js) on `canvas`; returns the Chart.js instance. */
export function draw(canvas, chart) {
  const p = palette();
  const Chart = window.Chart;
  Chart.defaults.color = p.muted;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const config = CONFIGS[chart.kind](chart, p);
  config.options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    ...config.options,
    plugins: {
      legend: { labels: { color: p.text, boxWidth: 12, boxHeight: 12, usePointStyle: true } },
      tooltip: { mode: 'index', intersect: false },
      ...(config.options || {}).plugins,
    },
  };
  return new Chart(canvas, config);
}

function color(p, series, i) {
  return p.roles[series.role] || p.roles[`c${(i % 8) + 1}`];
}

function timeAxis(chart, p) {
  const withYear = chart.rows.length > 0 && chart.rows[0][0].slice(0, 4) !== chart.rows[chart.rows.length - 1][0].slice(0, 4);
  return {
    grid: { display: false },
    ticks: {
      color: p.muted,
      maxRotation: 0,
      autoSkip: true,
      autoSkipPadding: 16,
      callback(value) {
        return day(this.getLabelForValue(value), withYear);
      },
    },
  };
}

function countAxis(p, stacked = false) {
  return {
    stacked,
    beginAtZero: true,
    grid: { color: p.grid },
    border: { display: false },
    ticks: { color: p.muted, precision: 0, callback: (v) => compact(v) },
  };
}

function column(chart, index) {
  return chart.rows.map((r) => r[index]);
}

const CONFIGS = {
  line(chart, p) {
    const dense = chart.rows.length > 45;
    return {
      type: 'line',
      data: {
        labels: column(chart, 0),
        datasets: chart.series.map((s, i) => ({
          label: s.name,
          data: column(chart, i + 1),
          borderColor: color(p, s, i),
          backgroundColor: alpha(color(p, s, i), 0.12),
          pointBackgroundColor: color(p, s, i),
          fill: i === 0 ? 'origin' : false,
          tension: 0.3,
          borderWidth: 2,
          pointRadius: dense ? 0 : 2.5,
          pointHoverRadius: 4,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: timeAxis(chart, p), y: countAxis(p) },
      },
    };
  },

  stacked(chart, p) {
    return {
      type: 'bar',
      data: {
        labels: column(chart, 0),
        datasets: chart.series.map((s, i) => ({
          label: s.name,
          data: column(chart, i + 1),
          backgroundColor: color(p, s, i),
          borderWidth: 0,
          borderRadius: 1,
          barPercentage: 0.92,
          categoryPercentage: 0.92,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: { ...timeAxis(chart, p), stacked: true }, y: countAxis(p, true) },
        plugins: { legend: { reverse: true, labels: { color: p.text, boxWidth: 12, boxHeight: 12, usePointStyle: true } } },
      },
    };
  },

  doughnut(chart, p) {
    return {
      type: 'doughnut',
      data: {
        labels: column(chart, 0),
        datasets: [
          {
            label: chart.series[0].name,
            data: column(chart, 1),
            backgroundColor: chart.rows.map((r, i) => (r[0] === 'other' || r[0] === 'unknown' ? p.roles.other : p.roles[`c${(i % 8) + 1}`])),
            borderColor: p.surface,
            borderWidth: 2,
          },
        ],
      },
      options: {
        cutout: '62%',
        plugins: {
          legend: { position: 'right', labels: { color: p.text, boxWidth: 12, boxHeight: 12, usePointStyle: true } },
          tooltip: { mode: 'nearest', intersect: true },
        },
      },
    };
  },

  hbar(chart, p) {
    const s = chart.series[0];
    return {
      type: 'bar',
      data: {
        labels: chart.labels || column(chart, 0),
        datasets: [
          { label: s.name, data: column(chart, 1), backgroundColor: color(p, s, 0), borderRadius: 3, maxBarThickness: 22 },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: countAxis(p),
          y: { grid: { display: false }, border: { display: false }, ticks: { color: p.text } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              afterLabel: (ctx) =>
                chart.columns
                  .slice(2)
                  .map((c, i) => [c, chart.rows[ctx.dataIndex][i + 2]])
                  .filter(([, v]) => v !== '' && v != null)
                  .map(([c, v]) => `${c}: ${v}`),
            },
          },
        },
      },
    };
  },

  percent(chart, p) {
    const s = chart.series[0];
    const c = color(p, s, 0);
    return {
      type: 'line',
      data: {
        labels: column(chart, 0),
        datasets: [
          {
            label: '% of active users on the latest release',
            data: column(chart, 3),
            borderColor: c,
            backgroundColor: alpha(c, 0.14),
            pointBackgroundColor: c,
            fill: 'origin',
            tension: 0.3,
            borderWidth: 2,
            pointRadius: chart.rows.length > 45 ? 0 : 2.5,
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: timeAxis(chart, p),
          y: { min: 0, max: 100, grid: { color: p.grid }, border: { display: false }, ticks: { color: p.muted, stepSize: 25, callback: (v) => `${v}%` } },
        },
        plugins: { legend: { display: false } },
      },
    };
  },
};
