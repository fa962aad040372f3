// The dashboard charts (Chart.js, MIT), in their own lazily loaded chunk: this module is only
// reached through import() from the Cijfers screen. Every chart has a data table with the same
// numbers beside it (the table is the accessible, printable source); here we only draw.
// Colour is never the only carrier: each series also gets its own fill pattern and a legend label.
// Animation is off when the user prefers reduced motion. No inline <style> is injected (CSP).
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Series colours: the accent and status colours of the theme (the same palette as the network
 * graph), each with at least 3:1 contrast against the white background (WCAG 1.4.11).
 * A CSS custom property --regie-chart-N on the page overrides colour N.
 */
const PALETTE = ['#0b5cad', '#b35900', '#1d7a3a', '#6b3fa0', '#b00020', '#00727a', '#5c5c5c', '#8a5a00', '#1a1a1a'];
const TEXT = '#1a1a1a';
const GRID = '#c0c7d2';

function colour(i) {
  const v = getComputedStyle(document.body).getPropertyValue(`--regie-chart-${i + 1}`).trim();
  return v || PALETTE[i % PALETTE.length];
}

/** A fill pattern per series: plain, diagonal lines, dots, cross-hatch, horizontal, vertical … */
function pattern(ctx, c, i) {
  const kind = i % 6;
  if (kind === 0) return c;
  const p = document.createElement('canvas');
  p.width = 10;
  p.height = 10;
  const g = p.getContext('2d');
  g.fillStyle = c;
  g.fillRect(0, 0, 10, 10);
  g.strokeStyle = '#ffffff';
  g.fillStyle = '#ffffff';
  g.lineWidth = 2;
  g.beginPath();
  if (kind === 1) {
    g.moveTo(0, 10); g.lineTo(10, 0);
  } else if (kind === 2) {
    g.arc(5, 5, 1.8, 0, Math.PI * 2); g.fill();
  } else if (kind === 3) {
    g.moveTo(0, 10); g.lineTo(10, 0); g.moveTo(0, 0); g.lineTo(10, 10);
  } else if (kind === 4) {
    g.moveTo(0, 5); g.lineTo(10, 5);
  } else {
    g.moveTo(5, 0); g.lineTo(5, 10);
  }
  g.stroke();
  return ctx.createPattern(p, 'repeat') || c;
}

export const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * Draws `data` ({labels, datasets:[{label, data}]}) on `canvas`. type 'bar' | 'line'; stacked: stack
 * the bars. Returns the Chart instance (destroy() it when the canvas goes).
 */
export function mountChart(canvas, data, { type = 'bar', stacked = false } = {}) {
  const ctx = canvas.getContext('2d');
  const datasets = data.datasets.map((d, i) => {
    const c = colour(i);
    return {
      label: d.label,
      data: d.data.slice(),
      backgroundColor: type === 'line' ? c : pattern(ctx, c, i),
      borderColor: type === 'line' ? c : '#ffffff',
      borderWidth: type === 'line' ? 3 : 1,
      pointStyle: ['circle', 'rect', 'triangle', 'rectRot', 'star', 'cross'][i % 6],
      pointRadius: 4,
    };
  });
  const multi = datasets.length > 1;
  return new Chart(canvas, {
    type,
    data: { labels: data.labels.slice(), datasets },
    options: {
      animation: reducedMotion() ? false : { duration: 300 },
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 2,
      color: TEXT,
      font: { family: 'Noto Sans, sans-serif' },
      plugins: {
        legend: { display: multi, position: 'bottom', labels: { color: TEXT, usePointStyle: type === 'line' } },
        tooltip: { enabled: true },
      },
      scales: {
        x: { stacked, ticks: { color: TEXT }, grid: { color: GRID } },
        y: { stacked, beginAtZero: true, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } },
      },
    },
  });
}

/** The chart drawn on a canvas, if any (Chart.getChart; for tests that compare chart and table). */
export function getChart(canvas) {
  return Chart.getChart(canvas);
}
