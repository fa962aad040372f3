// The retention helpers (src/retention.js): what the hold and extension forms send (kind, a
// numeric id, an end date after today and at most 30 years ahead, a reason / rationale within
// its limit), the report period, and the states in words. No names anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  R, LIMITS, validateHold, validateExtension, emptyHoldForm, emptyExtensionForm, reportQuery, upcomingState, holdState,
  shortPseudonym, sortUpcoming, kindLabel, dateOf,
} from '../../src/retention.js';

const TODAY = '2026-11-28';

test('hold: a complete form gives the body the API wants', () => {
  const r = validateHold({ kind: 'case', id: ' 42 ', until: '31-12-2027', reason: ' Bezwaar loopt ' }, TODAY);
  assert.deepEqual(r.errors, {});
  assert.deepEqual(r.body, { kind: 'case', id: 42, until: '2027-12-31', reason: 'Bezwaar loopt' });
});

test('hold: every missing or wrong field is named, nothing is sent', () => {
  const r = validateHold(emptyHoldForm(), TODAY);
  assert.equal(r.body, null);
  assert.deepEqual(Object.keys(r.errors).sort(), ['id', 'kind', 'reason', 'until']);
  assert.equal(validateHold({ kind: 'person', id: '1', until: '01-01-2030', reason: 'x' }, TODAY).errors.kind, R.chooseKind);
  assert.equal(validateHold({ kind: 'key_figure', id: '1', until: '01-01-2030', reason: 'x' }, TODAY).errors.kind, R.chooseKind);
  for (const kind of ['rights_request', 'inzage_export']) {
    assert.deepEqual(validateHold({ kind, id: '7', until: '01-01-2030', reason: 'Klacht bij de AP' }, TODAY).body,
      { kind, id: 7, until: '2030-01-01', reason: 'Klacht bij de AP' });
  }
  assert.equal(validateHold({ kind: 'signal', id: '0', until: '01-01-2030', reason: 'x' }, TODAY).errors.id, R.idInvalid);
  assert.equal(validateHold({ kind: 'signal', id: '1a', until: '01-01-2030', reason: 'x' }, TODAY).errors.id, R.idInvalid);
  assert.equal(validateHold({ kind: 'signal', id: '1', until: '28-11-2026', reason: 'x' }, TODAY).errors.until, R.dateNotFuture);
  assert.equal(validateHold({ kind: 'signal', id: '1', until: '31-02-2027', reason: 'x' }, TODAY).errors.until, R.dateInvalid(R.fUntil));
  assert.equal(validateHold({ kind: 'signal', id: '1', until: '01-01-2060', reason: 'x' }, TODAY).errors.until, R.dateTooFar);
  const long = 'x'.repeat(LIMITS.text + 1);
  assert.match(validateHold({ kind: 'signal', id: '1', until: '01-01-2030', reason: long }, TODAY).errors.reason, /te lang/);
});

test('extension: the rationale is required', () => {
  const r = validateExtension({ ...emptyExtensionForm(), kind: 'signal', id: '7', until: '01-06-2028' }, TODAY);
  assert.equal(r.body, null);
  assert.deepEqual(Object.keys(r.errors), ['rationale']);
  const ok = validateExtension({ kind: 'signal', id: '7', until: '2028-06-01', rationale: 'Klachtprocedure' }, TODAY);
  assert.deepEqual(ok.body, { kind: 'signal', id: 7, until: '2028-06-01', rationale: 'Klachtprocedure' });
});

test('report period: empty, valid, reversed, too long, malformed', () => {
  assert.deepEqual(reportQuery('', ''), { errors: {}, query: '' });
  assert.equal(reportQuery('01-01-2026', '31-12-2026').query, '?from=2026-01-01&to=2026-12-31');
  assert.equal(reportQuery('31-12-2026', '01-01-2026').errors.from, R.periodOrder);
  assert.equal(reportQuery('01-01-2015', '01-01-2026').errors.from, R.periodTooLong);
  assert.equal(reportQuery('gisteren', '').query, null);
  assert.equal(dateOf(''), null);
  assert.equal(dateOf('2026-01-02'), '2026-01-02');
});

test('states and ordering in words', () => {
  assert.equal(upcomingState({ held_until: '2030-01-01' }).status, 'active');
  assert.equal(upcomingState({ overdue: true }).text, R.overdue);
  assert.equal(upcomingState({}).text, R.due);
  assert.equal(holdState({ ended_at: '2026-01-01T00:00:00Z' }).text, R.holdEnded);
  assert.equal(holdState({ active: true }).text, R.holdActive);
  assert.equal(holdState({ active: false }).text, R.holdExpired);
  assert.equal(shortPseudonym('a'.repeat(64)), `${'a'.repeat(12)}…`);
  assert.equal(kindLabel('key_figure'), 'Sleutelfiguur');
  assert.equal(kindLabel('rights_request'), 'Verzoek van een betrokkene');
  assert.equal(kindLabel('inzage_export'), 'Inzage-overzicht zonder verzoek');
  assert.equal(kindLabel('breach'), 'Datalek');
  const s = sortUpcoming([
    { kind: 'signal', id: 2, expiry_date: '2026-12-01' },
    { kind: 'case', id: 9, expiry_date: '2026-11-30' },
    { kind: 'signal', id: 1, expiry_date: '2026-12-01' },
  ]);
  assert.deepEqual(s.map((x) => x.id), [9, 1, 2]);
});
