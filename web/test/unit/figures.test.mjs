// The council-report helpers (src/figures.js): a suppressed cell (null) shows as "<10" with the
// threshold from the answer, numbers in Dutch notation, the period choices (quarters and years,
// never finer, from 2015), the explanation of rounding and suppression, the recipient check, and
// the table view with its totals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatCell, cellDescription, periodLabel, periodOptions, defaultPeriod, validPeriod, explanation, recipientError, tableView,
  shortDigest,
} from '../../src/figures.js';
import { isCouncilOnly, canReadCouncilFigures } from '../../src/permissions.js';

test('a suppressed cell shows as <threshold, never a number', () => {
  assert.equal(formatCell(null, 10), '<10');
  assert.equal(formatCell(undefined, 10), '<10');
  assert.equal(formatCell(null, 15), '<15');
  assert.equal(formatCell(null), '<10');
  assert.equal(formatCell('x', 10), '<10');
  assert.equal(cellDescription(null, 10), 'minder dan 10, of afgeschermd');
});

test('published cells in Dutch notation; zero stays 0', () => {
  assert.equal(formatCell(0, 10), '0');
  assert.equal(formatCell(15, 10), '15');
  assert.equal(formatCell(1250, 10), '1.250');
  assert.equal(cellDescription(20, 10), '20');
});

test('periods: quarters and years from 2015 to this year, never finer', () => {
  const today = new Date(2026, 10, 29); // 29 November 2026
  assert.equal(periodLabel('2026Q3'), '3e kwartaal 2026 (juli tot en met september)');
  assert.equal(periodLabel('2025'), 'Heel 2025');
  const opts = periodOptions(today);
  assert.deepEqual(opts.slice(0, 5).map((o) => o.value), ['2026Q4', '2026Q3', '2026Q2', '2026Q1', '2026']);
  assert.equal(opts.at(-1).value, '2015');
  assert.equal(opts.length, 4 + 1 + 11 * 5);
  assert.ok(opts.every((o) => /^\d{4}(Q[1-4])?$/.test(o.value)), 'nothing finer than a quarter');
  assert.equal(defaultPeriod(today), '2026Q3');
  assert.equal(defaultPeriod(new Date(2026, 1, 1)), '2025Q4');
  assert.equal(validPeriod('2026Q3', today), true);
  assert.equal(validPeriod('2014Q4', today), false);
  assert.equal(validPeriod('2027', today), false);
  assert.equal(validPeriod('2026Q5', today), false);
  assert.equal(validPeriod('2026-07', today), false);
});

test('the explanation names the rounding and the threshold in plain words', () => {
  const e = explanation(10, 5);
  assert.ok(e.some((s) => s.includes('veelvoud van 5')));
  assert.ok(e.some((s) => s.includes('kleiner dan 10') && s.includes('"<10"')));
  assert.ok(e.some((s) => /uitrekenen uit de totalen/.test(s)), 'complementary suppression explained');
  assert.ok(e.some((s) => /geen namen/.test(s)));
  assert.ok(explanation(20, 10).some((s) => s.includes('"<20"')));
});

test('recipient: required, one line, at most 200 bytes', () => {
  assert.equal(recipientError('Griffie'), '');
  assert.equal(recipientError('  '), 'Vul de ontvanger in.');
  assert.equal(recipientError('a\nb'), 'De ontvanger moet op één regel passen.');
  assert.equal(recipientError('x'.repeat(201)), 'De ontvanger mag hoogstens 200 tekens zijn.');
  assert.equal(recipientError('é'.repeat(101)), 'De ontvanger mag hoogstens 200 tekens zijn.');
});

test('table view: rows, totals and suppressed cells formatted', () => {
  const table = {
    code: 'phenomenon',
    columns: [{ code: 'jihadisme', label: 'Jihadisme' }, { code: 'rechts', label: 'Rechts-extremisme' }],
    rows: [
      { municipality: { id: 1, name: 'Gemeente Voorbeeldstad' }, cells: [null, null], total: 40 },
      { municipality: { id: 2, name: 'Gemeente Proefdorp' }, cells: [null, null], total: 25 },
    ],
    totals: { cells: [35, 15], total: 65 },
  };
  const v = tableView(table, 10);
  assert.deepEqual(v.columns, ['Jihadisme', 'Rechts-extremisme']);
  assert.deepEqual(v.rows[0], { key: '1', name: 'Gemeente Voorbeeldstad', cells: ['<10', '<10'], total: '40' });
  assert.deepEqual(v.totals, { cells: ['35', '15'], total: '65' });
  assert.deepEqual(tableView(null, 10), { columns: [], rows: [], totals: { cells: [], total: '<10' } });
  assert.equal(shortDigest('0123456789abcdef'), '0123456789ab…');
});

test('the council member only: the report is the start page', () => {
  const s = (roles, permissions) => ({ user: { roles }, permissions });
  assert.equal(isCouncilOnly(s(['raadslid'])), true);
  assert.equal(isCouncilOnly(s(['raadslid', 'dossierhouder'])), false);
  assert.equal(isCouncilOnly(null), false);
  assert.equal(canReadCouncilFigures(s(['raadslid'])), true);
  assert.equal(canReadCouncilFigures(s(['beheerder'])), false);
  assert.equal(canReadCouncilFigures(s(['melder'], ['read.figures'])), true);
});
