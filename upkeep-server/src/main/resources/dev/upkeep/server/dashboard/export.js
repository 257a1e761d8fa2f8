// A chart's data as a downloaded CSV or JSON file: exactly the rows its table shows.

/** RFC 4180 CSV of columns and rows (CRLF line ends, quotes doubled). */
export function toCsv(columns, rows) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The JSON document of a chart's data: what, where from, and one object per row. */
export function toJson(chart, context) {
  return JSON.stringify(
    {
      chart: chart.id,
      title: chart.title,
      project: context.project,
      from: context.first,
      to: context.last,
      total: chart.total,
      columns: chart.columns,
      rows: chart.rows.map((r) => Object.fromEntries(chart.columns.map((c, i) => [c, r[i]]))),
      sources: chart.sources,
    },
    null,
    2,
  );
}

/** The file name of an export, e.g. nipreps_fmriprep-activity-2024-01-01-2024-01-30.csv. */
export function fileName(chart, context, ext) {
  const project = context.project.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${project}-${chart.id}-${context.first}-${context.last}.${ext}`;
}

/** Makes the browser download `text` as a file. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
