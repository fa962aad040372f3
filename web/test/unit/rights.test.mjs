// Unit tests of the pure helpers of the register of requests of data subjects (src/rights.js):
// the deadline arithmetic (the same as the server's), the deadline status in words, sorting, and
// the form bodies with their Dutch messages. Fictional data only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths, deadlineOf, statusOf, sortRequests, bsnValid, parseRightsSearch, rightsQuery, validateIntake, validateExtension,
  validateDecision, validateResponse, validatePolice, emptyIntakeForm,
} from '../../src/rights.js';

test('deadline: received + 1 calendar month, clamped to the month end; extension counts from the receipt', () => {
  assert.equal(deadlineOf('2026-03-15'), '2026-04-15');
  assert.equal(deadlineOf('2026-01-31'), '2026-02-28');
  assert.equal(deadlineOf('2028-01-31'), '2028-02-29');
  assert.equal(deadlineOf('2026-12-10'), '2027-01-10');
  assert.equal(deadlineOf('2026-01-31', 2), '2026-04-30');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
});

test('status in words, not colour alone', () => {
  assert.deepEqual(statusOf({ deadline_status: 'overdue', days_left: -3 }), { text: 'Termijn verstreken (3 dagen te laat)', status: 'error' });
  assert.deepEqual(statusOf({ deadline_status: 'due_soon', days_left: 1 }), { text: 'Verloopt binnen 7 dagen (nog 1 dag)', status: 'warning' });
  assert.equal(statusOf({ deadline_status: 'open', days_left: 0 }).text, 'Lopend (vandaag)');
  assert.equal(statusOf({ deadline_status: 'closed', answered_late: true }).text, 'Afgehandeld (te laat beantwoord)');
});

test('sorting: overdue, due soon, open by deadline, closed newest first', () => {
  const s = sortRequests([
    { id: 1, deadline_status: 'closed', closed_date: '2026-01-01' },
    { id: 2, deadline_status: 'open', due_date: '2026-03-01' },
    { id: 3, deadline_status: 'overdue', due_date: '2026-01-01' },
    { id: 4, deadline_status: 'open', due_date: '2026-02-01' },
    { id: 5, deadline_status: 'closed', closed_date: '2026-02-01' },
    { id: 6, deadline_status: 'due_soon', due_date: '2026-01-20' },
  ]);
  assert.deepEqual(s.map((x) => x.id), [3, 6, 4, 2, 5, 1]);
});

test('filters round-trip; unknown values are dropped', () => {
  assert.deepEqual(parseRightsSearch('?status=overdue'), { status: 'overdue' });
  assert.deepEqual(parseRightsSearch('?status=zomaar'), { status: '' });
  assert.equal(rightsQuery('closed'), '?status=closed');
  assert.equal(rightsQuery('x'), '');
});

test('intake: required fields, representative needs a mandate, BSN elfproef, subject nested', () => {
  const empty = validateIntake(emptyIntakeForm(), '2026-06-01');
  assert.equal(empty.body, null);
  for (const k of ['kind', 'received_date', 'channel', 'subject_name', 'subject_birth_date']) assert.ok(empty.errors[k], k);
  const v = { ...emptyIntakeForm(), kind: 'inzage', received_date: '01-05-2026', channel: 'balie', subject_name: 'Test Persoon', subject_birth_date: '1990-04-01', subject_bsn: '123456789' };
  assert.ok(validateIntake(v, '2026-06-01').errors.subject_bsn);
  assert.equal(bsnValid('111222333'), true);
  const ok = validateIntake({ ...v, subject_bsn: '111222333' }, '2026-06-01');
  assert.deepEqual(ok.body, { kind: 'inzage', received_date: '2026-05-01', channel: 'balie', requester: 'betrokkene', subject: { name: 'Test Persoon', birth_date: '1990-04-01', bsn: '111222333' } });
  const rep = validateIntake({ ...v, subject_bsn: '', requester: 'vertegenwoordiger', representative_name: 'Mr. X' }, '2026-06-01');
  assert.ok(rep.errors.mandate);
  assert.ok(validateIntake({ ...v, subject_bsn: '', received_date: '2026-07-01' }, '2026-06-01').errors.received_date);
});

test('extension: 1 or 2 months, a reason and the date the requester was told', () => {
  assert.ok(validateExtension({ months: '3', reason: 'x', told_date: '2026-06-01' }, '2026-06-01').errors.months);
  assert.ok(validateExtension({ months: '2', reason: '', told_date: '2026-06-01' }, '2026-06-01').errors.reason);
  assert.deepEqual(validateExtension({ months: '2', reason: 'Complex', told_date: '01-06-2026' }, '2026-06-01').body, { months: 2, reason: 'Complex', told_date: '2026-06-01' });
});

test('decision: a refusal needs a ground and a reason; a granted change records what changed', () => {
  const r = validateDecision({ decision: 'geweigerd', ground: '', reason: '' }, 'inzage');
  assert.ok(r.errors.ground && r.errors.reason);
  assert.ok(validateDecision({ decision: 'toegewezen', changes: '' }, 'wissing').errors.changes);
  assert.deepEqual(validateDecision({ decision: 'toegewezen', ground: 'x', reason: '', changes: '' }, 'inzage').body, { decision: 'toegewezen' });
  assert.deepEqual(validateDecision({ decision: 'gedeeltelijk_geweigerd', ground: 'rechten_anderen', reason: 'Derden', changes: 'Deels gewist' }, 'wissing').body,
    { decision: 'gedeeltelijk_geweigerd', ground: 'rechten_anderen', reason: 'Derden', changes: 'Deels gewist' });
});

test('response and police routing bodies', () => {
  assert.ok(validateResponse({ date: '2026-06-01', method: 'brief', summary: '' }, '2026-06-01').errors.summary);
  assert.deepEqual(validateResponse({ date: '2026-06-01', method: 'brief', summary: 'Klaar', export_id: '7' }, '2026-06-01').body, { date: '2026-06-01', method: 'brief', summary: 'Klaar', export_id: 7 });
  assert.ok(validatePolice({ police_org_id: '', date: '2026-06-01' }, '2026-06-01').errors.police_org_id);
  assert.deepEqual(validatePolice({ police_org_id: '4', date: '2026-06-01', item_id: '9' }, '2026-06-01').body, { police_org_id: 4, date: '2026-06-01', item_id: 9 });
});
