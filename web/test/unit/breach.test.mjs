// The breach-register helpers (src/breach.js): the Amsterdam discovery time as UTC, the clock in
// words (overdue, hours left, decided, closed), the order, and what the forms send (every
// decision needs a rationale; "ja" to the AP needs the notification date; limits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  amsterdamToMs, clockOf, sortBreaches, emptyReportForm, validateReport, validateAp, validateSubjects, mayClose, LIMITS,
} from '../../src/breach.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

test('Amsterdam local time becomes UTC, winter and summer', () => {
  assert.equal(new Date(amsterdamToMs('2026-11-28', '09:30')).toISOString(), '2026-11-28T08:30:00.000Z');
  assert.equal(new Date(amsterdamToMs('2026-07-01', '09:30')).toISOString(), '2026-07-01T07:30:00.000Z');
  assert.equal(amsterdamToMs('2026-11-28', '24:00'), null);
  assert.equal(amsterdamToMs('2026-11-28', 'x'), null);
});

test('a valid report is sent with UTC discovery and distinct categories', () => {
  const v = { ...emptyReportForm(), date: '28-11-2026', time: '09:30', description: ' Mail aan verkeerd adres ', categories: ['bsn', 'bsn', 'contact'], subjects_approx: '12' };
  const r = validateReport(v, NOW);
  assert.deepEqual(r.errors, {});
  assert.deepEqual(r.body, { discovered_at: '2026-11-28T08:30:00Z', description: 'Mail aan verkeerd adres', categories: ['bsn', 'contact'], subjects_approx: 12 });
});

test('bad reports name each field', () => {
  const r = validateReport({ ...emptyReportForm() }, NOW);
  assert.equal(r.body, null);
  for (const k of ['discovered_at', 'description', 'categories', 'subjects_approx']) assert.ok(r.errors[k], k);
  const f = validateReport({ ...emptyReportForm(), date: '29-11-2026', time: '10:00', description: 'x', categories: ['bsn'], subjects_approx: '-1' }, NOW);
  assert.ok(f.errors.discovered_at, 'future');
  assert.ok(f.errors.subjects_approx, 'negative');
  const long = validateReport({ ...emptyReportForm(), date: '28-11-2026', time: '10:00', description: 'a'.repeat(LIMITS.text + 1), categories: ['bsn'], subjects_approx: '1' }, NOW);
  assert.ok(long.errors.description);
});

test('decisions need a rationale; ja to the AP needs a date', () => {
  assert.ok(validateAp({ ap_decision: 'ja', ap_rationale: '', ap_date: '' }, '2026-11-28').errors.ap_rationale);
  assert.ok(validateAp({ ap_decision: 'ja', ap_rationale: 'Risico', ap_date: '' }, '2026-11-28').errors.ap_date);
  assert.ok(validateAp({ ap_decision: '', ap_rationale: 'x' }, '2026-11-28').errors.ap_decision);
  assert.deepEqual(validateAp({ ap_decision: 'nee', ap_rationale: 'Versleuteld', ap_date: '', ap_reference: 'X' }, '2026-11-28').body, { ap_decision: 'nee', ap_rationale: 'Versleuteld' });
  assert.deepEqual(validateAp({ ap_decision: 'ja', ap_rationale: 'Risico', ap_date: '28-11-2026', ap_reference: 'AP-1' }, '2026-11-28').body, { ap_decision: 'ja', ap_rationale: 'Risico', ap_date: '2026-11-28', ap_reference: 'AP-1' });
  assert.ok(validateSubjects({ subjects_decision: 'ja', subjects_rationale: ' ' }).errors.subjects_rationale);
  assert.deepEqual(validateSubjects({ subjects_decision: 'nee', subjects_rationale: 'Geen hoog risico' }).body, { subjects_decision: 'nee', subjects_rationale: 'Geen hoog risico' });
});

test('the clock in words and the order', () => {
  assert.equal(clockOf({ status: 'open', ap_decision: 'open', overdue: true, hours_left: -3 }).status, 'error');
  assert.match(clockOf({ status: 'open', ap_decision: 'open', overdue: false, hours_left: 40 }).text, /Nog 40 uur/);
  assert.equal(clockOf({ status: 'open', ap_decision: 'open', overdue: false, hours_left: 5 }).status, 'warning');
  assert.match(clockOf({ status: 'open', ap_decision: 'ja', notified_late: true }).text, /te laat/);
  assert.equal(clockOf({ status: 'gesloten' }).text, 'Gesloten');
  const s = sortBreaches([
    { id: 1, status: 'gesloten', discovered_at: '2026-11-27T00:00:00Z' },
    { id: 2, status: 'open', overdue: false, discovered_at: '2026-11-28T00:00:00Z' },
    { id: 3, status: 'open', overdue: true, discovered_at: '2026-11-20T00:00:00Z' },
  ]);
  assert.deepEqual(s.map((x) => x.id), [3, 2, 1]);
  assert.equal(mayClose({ status: 'open', ap_decision: 'nee', subjects_decision: 'open' }), false);
  assert.equal(mayClose({ status: 'open', ap_decision: 'nee', subjects_decision: 'ja' }), true);
});
