// A small SVG line chart for benchmark curves (x on a log scale), so BENCHMARKS.md can show how a cost grows.
// Written by hand because the charting libraries on npm either need a DOM/canvas or pull in far more than
// two axes and a few polylines.

export interface Series {
  label: string;
  /** [x, y] points; x > 0 (log scale). */
  points: Array<[number, number]>;
  dashed?: boolean;
}

export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#57606a'];
const W = 420;
const H = 260;
const M = { left: 56, right: 12, top: 28, bottom: 40 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) ?? 10 * p;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatX(x: number): string {
  return x >= 1000 ? `${Math.round(x / 1000)}k` : String(x);
}

function panelSvg(panel: Panel, offsetX: number, xs: readonly number[]): string {
  const all = panel.series.flatMap((s) => s.points);
  const yMax = niceMax(Math.max(...all.map((p) => p[1]), 0));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const lx = (x: number) =>
    M.left +
    (xMax === xMin ? 0.5 : (Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) *
      (W - M.left - M.right);
  const ly = (y: number) => H - M.bottom - (y / yMax) * (H - M.top - M.bottom);
  const parts: string[] = [`<g transform="translate(${offsetX},0)">`];
  parts.push(
    `<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">${escape(panel.title)}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${ly(y)}" y2="${ly(y)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${M.left - 6}" y="${ly(y) + 4}" text-anchor="end">${Number(y.toPrecision(3))}</text>`,
    );
  }
  for (const x of xs)
    parts.push(`<text x="${lx(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${formatX(x)}</text>`);
  parts.push(`<text x="${W / 2}" y="${H - 6}" text-anchor="middle">passages (log scale)</text>`);
  parts.push(
    `<text transform="translate(14,${H / 2}) rotate(-90)" text-anchor="middle">${escape(panel.yLabel)}</text>`,
  );
  panel.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.map(([x, y]) => `${lx(x).toFixed(1)},${ly(y).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [x, y] of pts)
      parts.push(`<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="3" fill="${color}"/>`);
    parts.push(
      `<text x="${M.left + 8}" y="${M.top + 12 + 14 * i}" fill="${color}">${escape(s.label)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** Panels side by side, sharing the x values. */
export function renderSvg(panels: readonly Panel[]): string {
  const xs = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => pt[0]))))].sort(
    (a, b) => a - b,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H}" font-family="sans-serif" font-size="11">`,
    '<rect width="100%" height="100%" fill="white"/>',
    ...panels.map((panel, i) => panelSvg(panel, i * W, xs)),
    '</svg>',
    '',
  ].join('\n');
}
