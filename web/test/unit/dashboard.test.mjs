// The dashboard helpers (src/dashboard.js): the period query and its checks, Dutch numbers, and
// for every figure that the chart data and the table rows carry exactly the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  periodQuery, validatePeriod, formatNumber, parseNumber, figuresOf, chartData, monthlyFigure, leadFigure, overdueRows, txt,
} from '../../src/dashboard.js';

const answer = {
  period: { from: '2026-09', to: '2026-11' },
  months: ['2026-09', '2026-10', '2026-11'],
  month_labels: ['sep 2026', 'okt 2026', 'nov 2026'],
  excluded_restricted: true,
  signals_by_route: { series: [
    { code: 'professional', label: 'Professional', values: [1, 0, 3] },
    { code: 'citizen', label: 'Burger', values: [0, 2, 1] },
  ] },
  signals_by_outcome: { series: [
    { code: 'geen_zorg', label: 'Geen zorg', values: [1, 1, 0] },
    { code: 'niet_gewogen', label: 'Nog niet gewogen', values: [0, 1, 4] },
  ] },
  cases_by_phase: { items: [{ code: 'opgenomen', label: 'Opgenomen', value: 2 }, { code: 'afgesloten', label: 'Afgesloten', value: 1 }], total: 3 },
  cases_by_flag: { items: [{ code: 'minderjarig', label: 'Minderjarig', value: 1 }] },
  overdue: {
    tasks: { total: 3, groups: [{ code: 'per_casus', label: 'Per casus', value: 3 }, { code: 'paspoort', label: 'Paspoort', value: 0 }] },
    actions: { total: 1, groups: [{ code: 'casusoverleg', label: 'Casusoverleg', value: 1 }] },
  },
  lead_times: { items: [
    { code: 'melding_weging', label: 'Van melding tot eerste weging', n: 4, median: 12.5, p25: 3, p75: 20.3, open: 2 },
    { code: 'opname_plan', label: 'Van opname tot eerste vastgesteld plan', n: 0, median: null, p25: null, p75: null, open: 1 },
  ] },
  rereferrals: { values: [0, 1, 2], total: 3 },
};

test('periodQuery leaves empty fields to the server default', () => {
  assert.equal(periodQuery({}), '');
  assert.equal(periodQuery({ from: '2026-01' }), '?from=2026-01');
  assert.equal(periodQuery({ from: '2026-01', to: '2026-03' }), '?from=2026-01&to=2026-03');
});

test('validatePeriod: month format and order', () => {
  assert.deepEqual(validatePeriod({ from: '2026-01', to: '2026-03' }), {});
  assert.deepEqual(validatePeriod({}), {});
  assert.ok(validatePeriod({ from: '2026-13' }).from);
  assert.ok(validatePeriod({ to: '26-01' }).to);
  assert.ok(validatePeriod({ from: '2026-04', to: '2026-03' }).from);
});

test('formatNumber / parseNumber: Dutch decimal comma, dash for no data', () => {
  assert.equal(formatNumber(3), '3');
  assert.equal(formatNumber(12.5), '12,5');
  assert.equal(formatNumber(null), txt.none);
  assert.equal(parseNumber('12,5'), 12.5);
  assert.equal(parseNumber(txt.none), null);
  for (const v of [0, 7, 2.5, 20.3, null]) assert.equal(parseNumber(formatNumber(v)), v);
});

test('every figure: each table cell linked to a series shows that series value', () => {
  const figs = figuresOf(answer);
  assert.deepEqual(figs.map((f) => f.title), [
    'Meldingen per maand naar route', 'Meldingen per maand naar uitkomst', 'Casussen per fase', 'Lopende casussen per markering',
    'Te laat', 'Doorlooptijden', 'Opnieuw gemeld',
  ]);
  for (const f of figs) {
    const data = chartData(f);
    assert.equal(data.labels.length, f.rows.length, `${f.id}: one row per label`);
    let linked = 0;
    f.rows.forEach((r, j) => {
      assert.equal(r.header, data.labels[j], `${f.id}: row header is the label`);
      for (const c of r.cells) {
        if (c.series === undefined) continue;
        assert.equal(c.index, j);
        assert.equal(c.value, data.datasets[c.series].data[j], `${f.id}: cell = chart`);
        linked++;
      }
    });
    assert.equal(linked, data.datasets.reduce((a, d) => a + d.data.length, 0), `${f.id}: every chart value is in the table`);
  }
});

test('monthly figure: months as rows, one column per series plus a total', () => {
  const f = monthlyFigure('x', { title: 'T', intro: '' }, answer.signals_by_route, answer.month_labels);
  assert.deepEqual(f.columns.map((c) => c.label), ['Maand', 'Professional', 'Burger', 'Totaal']);
  assert.deepEqual(f.rows.map((r) => r.cells.map((c) => c.value)), [[1, 0, 1], [0, 2, 2], [3, 1, 4]]);
  assert.equal(f.stacked, true);
});

test('lead times: the chart shows medians, the table adds n, p25, p75 and open', () => {
  const f = leadFigure(answer.lead_times);
  assert.deepEqual(chartData(f).datasets[0].data, [12.5, null]);
  assert.deepEqual(f.rows[0].cells.map((c) => c.value), [4, 12.5, 3, 20.3, 2]);
  assert.deepEqual(f.rows[1].cells.map((c) => formatNumber(c.value)), ['0', '–', '–', '–', '1']);
});

test('overdue breakdown lists only groups with a count', () => {
  assert.deepEqual(overdueRows(answer.overdue).map((r) => [r.kind, r.group, r.value]), [
    ['Checklistpunten', 'Per casus', 3], ['Acties uit overleggen', 'Casusoverleg', 1],
  ]);
});

test('no names or ids leak into the figures', () => {
  const s = JSON.stringify(figuresOf(answer).map(chartData));
  assert.equal(/"id"|"name"|Fictie/.test(s), false);
});
